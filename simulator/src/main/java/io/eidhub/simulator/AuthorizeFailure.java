package io.eidhub.simulator;

/** Why an authorization request fails: an HTML page (no redirect) or an error redirect. */
final class AuthorizeFailure extends Exception {

    final OAuthError error;
    final String redirectUri;  // null: show a page
    final String state;
    final String responseMode;

    private AuthorizeFailure(OAuthError error, String redirectUri, String state, String responseMode) {
        super(error.description(), null, false, false);
        this.error = error;
        this.redirectUri = redirectUri;
        this.state = state;
        this.responseMode = responseMode;
    }

    /** An error shown as a page: the client or its redirect URI is not known yet. */
    static AuthorizeFailure page(String error, String description) {
        return new AuthorizeFailure(new OAuthError(error, description), null, null, null);
    }

    /** An error sent back to the client's redirect URI, with its state and response mode. */
    static AuthorizeFailure redirect(AuthorizationRequest req, OAuthError error) {
        return new AuthorizeFailure(error, req.redirectUri, req.state, req.responseMode);
    }
}
