package io.eidhub.simulator;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.eidhub.simulator.ClientRegistration.CLIENT_SECRET_BASIC;
import static io.eidhub.simulator.ClientRegistration.ENCRYPTION_NONE;

/**
 * IDEMIA Mobile ID as documented (see {@code idemia-protocol.md}): the oxAuth classic tenant and the "Digital
 * Credential" tenant without userinfo; {@code client_secret_basic} by default; ID tokens signed only; a request
 * object may be a bare JWS; an end_session endpoint; name-based UUID subjects; {@code ageOver18/21} flags.
 */
final class IdemiaSimulation implements SimulatedProvider {

    static final String CLASSIC = "idemia";
    static final String DC = "idemia-dc";

    private static final List<TenantSpec> TENANTS = List.of(
            new TenantSpec(CLASSIC, "IDEMIA Mobile ID (oxAuth)", "/oxauth", "/.well-known/openid-configuration",
                    "/restv1/authorize", "/restv1/token", "/restv1/userinfo", "/restv1/jwks", "/restv1/end_session",
                    null, "idemia-sig-1", null, List.of(CLIENT_SECRET_BASIC)),
            new TenantSpec(DC, "IDEMIA Digital Credential (oxAuth, no userinfo)", "/oxauth-dc",
                    "/.well-known/openid-configuration", "/restv1/authorize", "/restv1/token", null, "/restv1/jwks",
                    null, null, "idemia-dc-sig-1", null, List.of(CLIENT_SECRET_BASIC)));

    @Override
    public String id() {
        return ClientRegistration.IDEMIA;
    }

    @Override
    public List<TenantSpec> tenants() {
        return TENANTS;
    }

    @Override
    public OidcProvider endpoints(Tenant tenant, SimContext ctx) {
        return new IdemiaProvider(tenant, ctx);
    }

    @Override
    public String defaultAuthMethod(boolean hasJwks, boolean hasSecret) {
        return CLIENT_SECRET_BASIC;
    }

    @Override
    public String refusedAuthMethodMessage(String method) {
        return null;
    }

    /** Always {@code none}: IDEMIA signs its ID tokens and does not encrypt them, whatever was asked. */
    @Override
    public String idTokenEncryption(String requested, String authMethod) {
        return ENCRYPTION_NONE;
    }

    @Override
    public boolean encryptsIdTokens() {
        return false;
    }

    @Override
    public boolean requiresEncryptedRequestObject() {
        return false;
    }

    @Override
    public String httpBasicRefusal() {
        return null;
    }

    @Override
    public boolean hasEndSession() {
        return true;
    }

    /** The name-based UUID of "idemia:" + clientId + ":" + personId. */
    @Override
    public String subject(String clientId, String personId) {
        String seed = id() + ":" + clientId + ":" + personId;
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8)).toString();
    }

    @Override
    public Map<String, Object> ageClaims(int age) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ageOver18", age >= 18);
        out.put("ageOver21", age >= 21);
        return out;
    }
}
