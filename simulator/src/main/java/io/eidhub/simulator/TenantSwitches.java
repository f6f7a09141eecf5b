package io.eidhub.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-tenant switches that depart from a provider's documented default behaviour ({@code /sim/api/switches}). Each
 * switch is named, off by default, and cleared by reset:
 * <ul>
 *   <li>{@code omitAcr}: the ID token carries no {@code acr}, as in itsme's current ID-token examples;</li>
 *   <li>{@code rsaOaep256}: ID tokens and userinfo JWTs are encrypted with {@code RSA-OAEP-256} whatever {@code alg}
 *       the client's encryption key is labelled with (itsme's JOSE page recommends that algorithm);</li>
 *   <li>{@code plainUserinfo}: userinfo answers plain JSON instead of a JWT;</li>
 *   <li>{@code userinfoApplicationJwt}: the userinfo JWT is labelled {@code application/jwt} (as OpenID Connect Core
 *       specifies; Keycloak's stock {@code oidc} broker reads a userinfo JWT only under that label) instead of
 *       itsme's {@code application/json}.</li>
 * </ul>
 */
final class TenantSwitches {

    static final String OMIT_ACR = "omitAcr";
    static final String RSA_OAEP_256 = "rsaOaep256";
    static final String PLAIN_USERINFO = "plainUserinfo";
    static final String USERINFO_APPLICATION_JWT = "userinfoApplicationJwt";
    static final List<String> NAMES = List.of(OMIT_ACR, RSA_OAEP_256, PLAIN_USERINFO, USERINFO_APPLICATION_JWT);

    private final Map<String, Map<String, Boolean>> byTenant = new LinkedHashMap<>();

    /** Sets a switch of a tenant; an unknown name is refused. */
    synchronized void set(String tenant, String name, boolean on) {
        if (!NAMES.contains(name)) {
            throw new IllegalArgumentException("unknown switch '" + name + "'; known: " + String.join(", ", NAMES));
        }
        byTenant.computeIfAbsent(tenant, t -> new LinkedHashMap<>()).put(name, on);
    }

    synchronized boolean on(String tenant, String name) {
        return byTenant.getOrDefault(tenant, Map.of()).getOrDefault(name, false);
    }

    synchronized Map<String, Map<String, Boolean>> snapshot() {
        Map<String, Map<String, Boolean>> out = new LinkedHashMap<>();
        byTenant.forEach((tenant, switches) -> out.put(tenant, new LinkedHashMap<>(switches)));
        return out;
    }

    synchronized void clear() {
        byTenant.clear();
    }
}
