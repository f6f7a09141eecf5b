package io.eidhub.keycloak.idemia;

import io.eidhub.keycloak.broker.EidIdentityProvider;
import io.eidhub.keycloak.broker.UpstreamClaims;
import io.eidhub.keycloak.broker.claims.ClaimNeeds;
import io.eidhub.keycloak.broker.claims.VerifiedIdentity;
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.OAuth2Constants;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.HashSet;
import java.util.Set;

/**
 * IDEMIA Mobile ID (Gluu oxAuth) as a Keycloak identity broker: authorization-code flow with PKCE, the configured
 * {@code loa} sent as {@code acr_values} and enforced on the returned {@code acr}, the answer taken as a
 * {@code form_post} or in the query string. Everything else (discovery, ID token and userinfo validation, the
 * "Digital Credential" variant without userinfo, logout at {@code end_session_endpoint}) is the shared
 * {@link EidIdentityProvider}.
 */
final class IdemiaIdentityProvider extends EidIdentityProvider<IdemiaIdentityProviderConfig> {

    IdemiaIdentityProvider(KeycloakSession session, IdemiaIdentityProviderConfig config) {
        super(session, config);
    }

    @Override
    protected boolean acceptsFormPost() {
        return getConfig().isFormPost();
    }

    @Override
    protected Set<String> knownUserClaims() {
        Set<String> known = new HashSet<>(IdemiaClaims.KNOWN);
        known.remove(IdemiaClaims.SUBJECT);
        return known;
    }

    @Override
    protected Set<String> neededUserClaims(ClaimNeeds needs) {
        return IdemiaScopeSelection.claimsOf(needs.needs());
    }

    @Override
    protected void describeIdentity(BrokeredIdentityContext identity, VerifiedIdentity into) {
        IdemiaIdentity.describe(name -> UpstreamClaims.node(identity, name), into);
    }

    /**
     * Sends only the configured scopes the application's scopes need ({@link IdemiaScopeSelection}); asks for
     * {@code response_mode=form_post} when configured ({@code query} is the default of the code flow).
     */
    @Override
    protected void customizeAuthorizationRequest(UriBuilder uri, AuthenticationRequest request) {
        // --- issue #15, data minimisation: only the configured scopes the application's scopes need
        AuthenticationSessionModel authSession = request == null ? null : request.getAuthenticationSession();
        if (authSession != null) {
            uri.replaceQueryParam(OAuth2Constants.SCOPE, IdemiaScopeSelection.select(
                    authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM), authSession.getClientNote(OIDCLoginProtocol.CLAIMS_PARAM),
                    getConfig().getScopes()));
        }
        // --- end of issue #15
        uri.replaceQueryParam(OIDCLoginProtocol.RESPONSE_MODE_PARAM);
        if (getConfig().isFormPost()) {
            uri.queryParam(OIDCLoginProtocol.RESPONSE_MODE_PARAM, IdemiaIdentityProviderConfig.FORM_POST);
        }
    }
}
