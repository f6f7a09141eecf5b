package io.eidhub.keycloak.broker;

import org.keycloak.broker.jwtauthorizationgrant.JWTAuthorizationGrantConfig;
import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.models.IdentityProviderType;

import java.util.Map;
import java.util.Set;

/**
 * The eID brokers serve browser logins only. Keycloak's OIDC broker also offers token exchange, JWT authorization
 * grants and client assertions; those paths validate a provider token without the audience, acr, nonce and username
 * rules of a browser login, so the brokers neither offer them ({@link #offers}) nor accept the configuration flags that
 * turn them on ({@link #refusedFlag}).
 */
final class BrowserLoginOnly {

    private static final Set<IdentityProviderType> NOT_OFFERED = Set.of(
            IdentityProviderType.EXCHANGE_EXTERNAL_TOKEN,
            IdentityProviderType.JWT_AUTHORIZATION_GRANT,
            IdentityProviderType.CLIENT_ASSERTION);

    /** Configuration keys of Keycloak's OIDC broker that enable a non-browser entry point. */
    static final Set<String> FLAGS = Set.of(
            JWTAuthorizationGrantConfig.JWT_AUTHORIZATION_GRANT_ENABLED,
            OIDCIdentityProviderConfig.SUPPORTS_CLIENT_ASSERTIONS);

    private BrowserLoginOnly() {
    }

    /** False for the entry points these brokers do not offer. */
    static boolean offers(IdentityProviderType type) {
        return !NOT_OFFERED.contains(type);
    }

    /** The first entry-point flag the configuration turns on ({@code "true"}), or null. */
    static String refusedFlag(Map<String, String> config) {
        return FLAGS.stream().sorted().filter(flag -> "true".equalsIgnoreCase(config.get(flag))).findFirst().orElse(null);
    }
}
