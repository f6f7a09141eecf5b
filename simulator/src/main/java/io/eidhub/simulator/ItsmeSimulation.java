package io.eidhub.simulator;

import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.eidhub.simulator.ClientRegistration.CLIENT_SECRET_BASIC;
import static io.eidhub.simulator.ClientRegistration.CLIENT_SECRET_POST;
import static io.eidhub.simulator.ClientRegistration.ENCRYPTION_DIR;
import static io.eidhub.simulator.ClientRegistration.ENCRYPTION_RSA;
import static io.eidhub.simulator.ClientRegistration.PRIVATE_KEY_JWT;

/**
 * itsme as documented (see {@code itsme-protocol.md}): the v2 tenant and the legacy client-secret (csapi) tenant;
 * {@code private_key_jwt} or the secret in the POST body, never HTTP Basic; ID tokens encrypted ({@code RSA-OAEP} to
 * key-pair clients, {@code dir} to secret clients); request objects signed then encrypted; no end_session; pairwise
 * subjects of 36 hex characters; {@code age_gte_n} flags.
 */
final class ItsmeSimulation implements SimulatedProvider {

    static final String V2 = "itsme-v2";
    static final String CSAPI = "itsme-csapi";

    private static final List<TenantSpec> TENANTS = List.of(
            new TenantSpec(V2, "itsme (v2)", "/v2", "/.well-known/openid-configuration", "/authorization",
                    "/token", "/userinfo", "/jwkSet", null, null, "itsme-sig-1", "itsme-enc-1",
                    List.of(PRIVATE_KEY_JWT, CLIENT_SECRET_POST)),
            new TenantSpec(CSAPI, "itsme (legacy client secret, csapi)", "/clientsecret-oidc/csapi/v0.1",
                    "/.well-known/openid-configuration", "/connect/authorize", "/connect/token",
                    "/connect/userinfo", "/.well-known/jwks", null, "/connect/revoke",
                    "itsme-csapi-sig-1", "itsme-csapi-enc-1", List.of(CLIENT_SECRET_POST)));

    @Override
    public String id() {
        return ClientRegistration.ITSME;
    }

    @Override
    public List<TenantSpec> tenants() {
        return TENANTS;
    }

    @Override
    public OidcProvider endpoints(Tenant tenant, SimContext ctx) {
        return new ItsmeProvider(tenant, ctx);
    }

    @Override
    public String defaultAuthMethod(boolean hasJwks, boolean hasSecret) {
        return hasJwks && !hasSecret ? PRIVATE_KEY_JWT : CLIENT_SECRET_POST;
    }

    @Override
    public String refusedAuthMethodMessage(String method) {
        return CLIENT_SECRET_BASIC.equals(method)
                ? "itsme documents private_key_jwt and client_secret_post only, not " + CLIENT_SECRET_BASIC
                : null;
    }

    @Override
    public String idTokenEncryption(String requested, String authMethod) {
        if (requested != null) {
            return requested;
        }
        return PRIVATE_KEY_JWT.equals(authMethod) ? ENCRYPTION_RSA : ENCRYPTION_DIR;
    }

    @Override
    public boolean encryptsIdTokens() {
        return true;
    }

    @Override
    public boolean requiresEncryptedRequestObject() {
        return true;
    }

    @Override
    public String httpBasicRefusal() {
        return "itsme accepts private_key_jwt or the client secret in the POST body, not HTTP Basic";
    }

    @Override
    public boolean hasEndSession() {
        return false;
    }

    /** 36 lower-case hex characters of SHA-256("itsme:" + clientId + ":" + personId). */
    @Override
    public String subject(String clientId, String personId) {
        return HexFormat.of().formatHex(Ids.sha256(id() + ":" + clientId + ":" + personId)).substring(0, 36);
    }

    @Override
    public Map<String, Object> ageClaims(int age) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (int n : new int[] {16, 18, 21, 30}) {
            out.put("age_gte_" + n, age >= n);
        }
        return out;
    }
}
