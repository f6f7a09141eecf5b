package io.eidhub.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The claims of one ID token: the honest ones (iss, sub, aud, exp, iat, auth_time, nonce, acr), then each armed fault's
 * change ({@link IdTokenFault#claims}, in {@link Fault} order), then the provider's user and provider-specific claims
 * ({@link OidcProvider#addIdTokenClaims}). A member a fault removes, or one the request did not give (no nonce; no acr
 * when the tenant's {@code omitAcr} switch is on), is held as null until the faults ran, so every claim keeps its place.
 */
final class IdTokenClaims {

    private final OidcProvider provider;

    IdTokenClaims(OidcProvider provider) {
        this.provider = provider;
    }

    Map<String, Object> build(GrantStore.Code code, GrantStore.AccessGrant at, Set<Fault> faults) {
        Tenant tenant = provider.tenant;
        AuthorizationRequest req = code.request;
        long iat = Instant.now().getEpochSecond();
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", tenant.issuer());
        c.put("sub", at.sub());
        c.put("aud", req.client.clientId());
        c.put("exp", iat + OidcProvider.ID_TOKEN_LIFETIME_SECONDS);
        c.put("iat", iat);
        c.put("auth_time", code.authTime.getEpochSecond());
        c.put("nonce", req.nonce);
        c.put("acr", provider.ctx.switches.on(tenant.id, TenantSwitches.OMIT_ACR) ? null : req.acr);

        IdTokenScene scene = new IdTokenScene(tenant.issuer(), req.client.clientId(), provider::lowerAcr, faults);
        for (Fault fault : Fault.values()) {
            if (faults.contains(fault)) {
                fault.claims(c, scene);
            }
        }
        c.values().removeIf(Objects::isNull);
        provider.addIdTokenClaims(c, code, at);
        return c;
    }
}
