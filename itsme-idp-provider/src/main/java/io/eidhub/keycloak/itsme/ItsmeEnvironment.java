package io.eidhub.keycloak.itsme;

import java.util.List;

/**
 * Where itsme's discovery document lives: per environment ({@code e2e} sandbox, {@code prd} production) and API
 * family ({@code v2} for key-pair clients and client-secret clients onboarded since June 2025, {@code csapi} for
 * older client-secret clients).
 */
final class ItsmeEnvironment {

    static final String E2E = "e2e";
    static final String PRD = "prd";
    static final List<String> ENVIRONMENTS = List.of(E2E, PRD);

    static final String V2 = "v2";
    static final String CSAPI = "csapi";
    static final List<String> APIS = List.of(V2, CSAPI);

    private ItsmeEnvironment() {
    }

    /**
     * @param environment {@code e2e} or {@code prd}
     * @param api         {@code v2} or {@code csapi}
     */
    static String discoveryUrl(String environment, String api) {
        if (!ENVIRONMENTS.contains(environment)) {
            throw new IllegalArgumentException("unknown itsme environment: " + environment);
        }
        return switch (api) {
            case V2 -> "https://idp." + environment + ".itsme.services/v2/.well-known/openid-configuration";
            case CSAPI -> "https://oidc." + environment + ".itsme.services/clientsecret-oidc/csapi/v0.1/.well-known/openid-configuration";
            default -> throw new IllegalArgumentException("unknown itsme api: " + api);
        };
    }
}
