package io.eidhub.it;

import java.util.Map;

/**
 * A token endpoint answer from Keycloak (for {@code demo-app}), with decoded payloads.
 *
 * @param raw the whole JSON answer ({@code access_token}, {@code id_token}, {@code refresh_token}, {@code token_type},
 *            {@code expires_in}, {@code scope}, {@code session_state}, ...)
 */
public record Tokens(Map<String, Object> raw) {

    public String accessToken() {
        return (String) raw.get("access_token");
    }

    public String idToken() {
        return (String) raw.get("id_token");
    }

    public String refreshToken() {
        return (String) raw.get("refresh_token");
    }

    /** Decoded ID token claims (sub, acr, preferred_username, any mapped claims...). */
    public Map<String, Object> idTokenClaims() {
        return Jwt.payload(idToken());
    }

    /** Decoded access token claims. */
    public Map<String, Object> accessTokenClaims() {
        return Jwt.payload(accessToken());
    }

    /** A claim of the ID token, or null. */
    public Object idClaim(String name) {
        return idTokenClaims().get(name);
    }
}
