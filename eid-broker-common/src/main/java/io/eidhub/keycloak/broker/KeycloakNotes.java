package io.eidhub.keycloak.broker;

/**
 * Authentication-session client notes that Keycloak's OIDC broker writes under private constant names
 * ({@code OIDCIdentityProvider.BROKER_NONCE_PARAM}, {@code AbstractOAuth2IdentityProvider.BROKER_CODE_CHALLENGE_PARAM}).
 * Checked against Keycloak 26.7; re-check on every Keycloak upgrade.
 */
final class KeycloakNotes {

    /** The nonce sent in the authorization request. */
    static final String BROKER_NONCE = "BROKER_NONCE";
    /** The PKCE code verifier (Keycloak names the note "challenge", but stores the verifier). */
    static final String BROKER_CODE_VERIFIER = "BROKER_CODE_CHALLENGE";

    private KeycloakNotes() {
    }
}
