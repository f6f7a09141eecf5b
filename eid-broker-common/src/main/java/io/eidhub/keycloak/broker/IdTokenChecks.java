package io.eidhub.keycloak.broker;

import org.keycloak.broker.provider.IdentityBrokerException;

import java.io.IOException;

/**
 * Names the ID-token check that Keycloak's OIDC broker failed, for the {@value #EVENT_DETAIL} detail of the error
 * event, from the exception it threw. Keycloak's messages may quote the token (the wrong issuer, for example): they
 * are matched here and never logged or recorded themselves. Checked against Keycloak 26.7
 * ({@code OIDCIdentityProvider.validateToken} and {@code parseTokenInput}); re-check on every Keycloak upgrade.
 */
final class IdTokenChecks {

    /** Event detail naming the failed check, next to {@code reason=invalid_id_token}. */
    static final String EVENT_DETAIL = "check";

    static final String ISSUER = "iss";
    static final String AUDIENCE = "aud";
    static final String AUTHORIZED_PARTY = "azp";
    /** {@code exp} passed, or {@code nbf} not reached. */
    static final String LIFETIME = "exp";
    static final String ISSUED_AT = "iat";
    static final String SIGNATURE = "signature";
    /** Unsigned ({@code alg=none}) or no signature at all. */
    static final String ALGORITHM = "alg";
    /** No key of the provider's JWKS (after a refresh) matches the token's {@code kid} and {@code alg}. */
    static final String KEY_ID = "kid";
    static final String NOT_SIGNED = "not_signed";
    static final String DECRYPTION = "decryption";
    static final String FORMAT = "format";
    static final String MISSING = "missing";
    static final String UNKNOWN = "unknown";

    private IdTokenChecks() {
    }

    /** The check an {@link IdentityBrokerException} of Keycloak's token validation stands for. */
    static String of(IdentityBrokerException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (message.startsWith("Wrong issuer")) {
            return ISSUER;
        }
        if (message.startsWith("Wrong audience")) {
            return AUDIENCE;
        }
        if (message.startsWith("Token issued for")) {
            return AUTHORIZED_PARTY;
        }
        if (message.startsWith("Token is no longer valid")) {
            return LIFETIME;
        }
        if (message.contains("signature validation failed")) {
            return SIGNATURE;
        }
        if (message.startsWith("Token is not a signed JWS") || message.startsWith("Invalid token type")) {
            return NOT_SIGNED;
        }
        if (message.startsWith("Private key not found") || message.contains("decrypt")) {
            return DECRYPTION;
        }
        if (message.startsWith("No token")) {
            return MISSING;
        }
        if (message.startsWith("Invalid token")) {
            return e.getCause() instanceof IOException ? FORMAT : DECRYPTION;
        }
        return UNKNOWN;
    }

    /**
     * OpenID Connect Core §3.1.3.7: an ID token with several audiences must name the authorized party ({@code azp}).
     * Keycloak checks {@code azp} against the client id only when it is present.
     */
    static boolean authorizedPartyPresentWhenNeeded(org.keycloak.representations.JsonWebToken token) {
        String[] audience = token.getAudience();
        if (audience == null || audience.length <= 1) {
            return true;
        }
        String azp = token.getIssuedFor();
        return azp != null && !azp.isBlank();
    }

    /**
     * Keycloak's refusal of an {@code auth_time} older than the application's {@code max_age} (or missing), raised
     * only when the broker passes {@code max_age} on.
     */
    static boolean isAuthTimeTooOld(IdentityBrokerException e) {
        return e.getMessage() != null && e.getMessage().startsWith("User not re-authenticated by the target OpenID Provider");
    }
}
