package io.eidhub.keycloak.broker;

import jakarta.ws.rs.core.Response;
import org.keycloak.OAuth2Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.protocol.oidc.OIDCAdvancedConfigWrapper;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.utils.OIDCRedirectUriBuilder;
import org.keycloak.protocol.oidc.utils.OIDCResponseMode;
import org.keycloak.protocol.oidc.utils.OIDCResponseType;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * The OpenID Connect error answer {@code unmet_authentication_requirements} (OpenID Connect Unmet Authentication
 * Requirements 1.0), sent to the application's redirect URI when an essential {@code acr} cannot be met. Keycloak 26.7
 * has no such error (keycloak#23531): this builds the redirect the way {@code OIDCLoginProtocol.sendError} builds its
 * own ones (the client's redirect URI and response mode, {@code error}, {@code error_description}, {@code state},
 * {@code iss} unless the client excludes it) and removes the login's browser tab from the authentication session.
 */
final class UnmetRequirements {

    public static final String ERROR = "unmet_authentication_requirements";

    private UnmetRequirements() {
    }

    /** True when the login is an OpenID Connect one (a SAML login cannot receive this error). */
    public static boolean canAnswer(AuthenticationSessionModel authSession) {
        return OIDCLoginProtocol.LOGIN_PROTOCOL.equals(authSession.getProtocol()) && authSession.getRedirectUri() != null;
    }

    /** The redirect to the application; call {@link #canAnswer} first. */
    public static Response response(KeycloakSession session, AuthenticationSessionModel authSession, String description) {
        RealmModel realm = authSession.getRealm();
        OIDCResponseType responseType = OIDCResponseType.parse(authSession.getClientNote(OIDCLoginProtocol.RESPONSE_TYPE_PARAM));
        OIDCResponseMode responseMode = OIDCResponseMode.parse(authSession.getClientNote(OIDCLoginProtocol.RESPONSE_MODE_PARAM), responseType);
        OIDCRedirectUriBuilder redirect = OIDCRedirectUriBuilder.fromUri(authSession.getRedirectUri(), responseMode, session, null);
        redirect.addParam(OAuth2Constants.ERROR, ERROR);
        redirect.addParam(OAuth2Constants.ERROR_DESCRIPTION, description);
        String state = authSession.getClientNote(OIDCLoginProtocol.STATE_PARAM);
        if (state != null) {
            redirect.addParam(OAuth2Constants.STATE, state);
        }
        if (!OIDCAdvancedConfigWrapper.fromClientModel(authSession.getClient()).isExcludeIssuerFromAuthResponse()) {
            redirect.addParam(OAuth2Constants.ISSUER, Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        }
        new AuthenticationSessionManager(session).removeTabIdInAuthenticationSession(realm, authSession);
        return redirect.build();
    }
}
