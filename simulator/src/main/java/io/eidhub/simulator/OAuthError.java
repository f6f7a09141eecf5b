package io.eidhub.simulator;

/** An OAuth 2.0 / OIDC protocol error, answered as a redirect (authorization endpoint) or JSON (token, userinfo). */
final class OAuthError extends Exception {

    private final String error;
    private final int status;

    OAuthError(String error, String description) {
        this(error, description, 400);
    }

    OAuthError(String error, String description, int status) {
        super(description, null, false, false);
        this.error = error;
        this.status = status;
    }

    String error() {
        return error;
    }

    String description() {
        return getMessage();
    }

    int status() {
        return status;
    }
}
