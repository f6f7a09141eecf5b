package io.eidhub.simulator;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The claims of one ID token: the honest ones (iss, sub, aud, exp, iat, auth_time, nonce, acr), changed by the armed
 * claim faults, then the provider's user and provider-specific claims ({@link OidcProvider#addIdTokenClaims}).
 */
final class IdTokenClaims {

    private final OidcProvider provider;

    IdTokenClaims(OidcProvider provider) {
        this.provider = provider;
    }

    Map<String, Object> build(GrantStore.Code code, GrantStore.AccessGrant at, Set<Fault> faults) {
        Tenant tenant = provider.tenant;
        AuthorizationRequest req = code.request;
        long now = Instant.now().getEpochSecond();
        long iat = now;
        if (faults.contains(Fault.EXPIRED)) {
            iat = now - 900;
        } else if (faults.contains(Fault.IAT_FUTURE)) {
            iat = now + 3600;
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", faults.contains(Fault.WRONG_ISS) ? tenant.issuer() + "/not-the-issuer" : tenant.issuer());
        c.put("sub", at.sub());
        if (faults.contains(Fault.MULTI_AUD_NO_AZP)) {
            c.put("aud", List.of(req.client.clientId(), "another-client"));
        } else {
            c.put("aud", faults.contains(Fault.WRONG_AUD) ? "another-client" : req.client.clientId());
        }
        c.put("exp", iat + OidcProvider.ID_TOKEN_LIFETIME_SECONDS);
        c.put("iat", iat);
        long authTime = code.authTime.getEpochSecond();
        c.put("auth_time", faults.contains(Fault.OLD_AUTH_TIME) ? authTime - 7200 : authTime);
        if (faults.contains(Fault.NONCE_MISMATCH)) {
            c.put("nonce", "mismatch-" + Ids.random(8));
        } else if (req.nonce != null) {
            c.put("nonce", req.nonce);
        }
        if (!faults.contains(Fault.MISSING_ACR) && !provider.ctx.switches.on(tenant.id, TenantSwitches.OMIT_ACR)) {
            c.put("acr", faults.contains(Fault.LOWER_ACR) ? provider.lowerAcr(req.acr) : req.acr);
        }
        provider.addIdTokenClaims(c, code, at);
        return c;
    }
}
