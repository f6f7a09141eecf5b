package io.eidhub.keycloak.itsme;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eidhub.keycloak.broker.EidIdentityProvider;
import io.eidhub.keycloak.broker.EidMessages;
import io.eidhub.keycloak.broker.UpstreamClaims;
import io.eidhub.keycloak.broker.claims.ClaimNeeds;
import io.eidhub.keycloak.broker.claims.VerifiedIdentity;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.services.ErrorPage;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * itsme (Belgian Mobile ID) as an OpenID Connect broker. The shared eID base does discovery, acr enforcement, PKCE,
 * userinfo and error handling; this class adds what is itsme's own:
 * <ul>
 *   <li>the {@code service:<code>} scope (through the configuration's scope), with the optional scopes only when
 *       {@code claimsDelivery=userinfo};</li>
 *   <li>the {@code claims} parameter, asking for claims one by one in the ID token ({@code claimsDelivery=id_token}:
 *       those of the chosen scopes too, and userinfo is not called); the level goes as {@code acr_values} only;</li>
 *   <li>data minimisation: when the application asked for the hub's scopes, only the claims they need
 *       ({@link ItsmeClaimSelection}), with either {@code claimsDelivery}, and a per-application service code from an
 *       allowed list;</li>
 *   <li>optionally a signed, then encrypted request object;</li>
 *   <li>{@code ui_locales} in one of itsme's four languages, and no {@code prompt}, {@code max_age} or
 *       {@code login_hint} (itsme ignores or rejects them);</li>
 *   <li>an encrypted ID token for key-pair clients: a plain signed one is refused.</li>
 * </ul>
 */
final class ItsmeIdentityProvider extends EidIdentityProvider<ItsmeIdentityProviderConfig> {

    private static final Set<String> DROPPED_PARAMETERS = Set.of(
            OAuth2Constants.PROMPT, OIDCLoginProtocol.MAX_AGE_PARAM, OIDCLoginProtocol.LOGIN_HINT_PARAM);

    static final String INVALID_REQUEST_OBJECT = "invalid_request_object";

    ItsmeIdentityProvider(KeycloakSession session, ItsmeIdentityProviderConfig config) {
        super(session, config);
    }

    @Override
    protected Set<String> droppedAuthorizationParameters() {
        return DROPPED_PARAMETERS;
    }

    @Override
    protected List<String> supportedUiLocales() {
        return ItsmeAuthorizationParameters.UI_LOCALES;
    }

    /**
     * Refuses, before itsme is asked, an application whose client attribute
     * {@value ItsmeIdentityProviderConfig#CLIENT_SERVICE_CODE_ATTRIBUTE} names a service code this broker does not allow.
     */
    @Override
    public Response performLogin(AuthenticationRequest request) {
        AuthenticationSessionModel authSession = request.getAuthenticationSession();
        if (authSession != null && clientServiceCode(authSession) != null && serviceCode(authSession) == null) {
            new EventBuilder(request.getRealm(), session, session.getContext().getConnection())
                    .event(EventType.IDENTITY_PROVIDER_LOGIN)
                    .client(authSession.getClient())
                    .detail(Details.IDENTITY_PROVIDER, getConfig().getAlias())
                    .detail(Details.REASON, "service_code_not_allowed")
                    .error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
            logger.warnf("Identity provider %s: client %s names an itsme service code the broker does not allow (%s)",
                    getConfig().getAlias(), authSession.getClient().getClientId(), ItsmeIdentityProviderConfig.ALLOWED_SERVICE_CODES);
            return ErrorPage.error(session, authSession, Response.Status.BAD_REQUEST, ItsmeMessages.SERVICE_CODE_NOT_ALLOWED);
        }
        return super.performLogin(request);
    }

    @Override
    protected void customizeAuthorizationRequest(UriBuilder uri, AuthenticationRequest request) {
        ItsmeIdentityProviderConfig config = getConfig();
        AuthenticationSessionModel authSession = request.getAuthenticationSession();
        // data minimisation (empty: not narrowed to the application, the broker's configured scopes and claims)
        Optional<List<ItsmeClaims.Claim>> selection = authSession == null ? Optional.empty() : ItsmeClaimSelection.select(
                authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM), authSession.getClientNote(OIDCLoginProtocol.CLAIMS_PARAM),
                config.getScopes(), config.getRequestedClaims());
        String serviceCode = authSession == null ? config.getServiceCode() : serviceCode(authSession);
        ObjectNode claims = ItsmeAuthorizationParameters.claims(config.getIdTokenClaims(selection));
        Map<String, String> parameters = ItsmeAuthorizationParameters.parseQuery(uri.build().getRawQuery());
        if (serviceCode != null) {
            parameters.put(OAuth2Constants.SCOPE, ItsmeAuthorizationParameters.scope(serviceCode, config.getSentScopes(selection)));
        }
        if (claims != null) {
            parameters.put(ItsmeAuthorizationParameters.CLAIMS, claims.toString());
        }
        if (config.usesRequestObject()) {
            String requestObject = new ItsmeRequestObject(session, config, metadata()).create(parameters, claims);
            parameters = ItsmeAuthorizationParameters.besideRequestObject(parameters, requestObject);
        }
        uri.replaceQuery(ItsmeAuthorizationParameters.toQuery(parameters));
    }

    /** {@code claimsDelivery=id_token}: every claim arrives in the ID token, so userinfo is not called (one back-channel call). */
    @Override
    protected boolean readsUserInfo() {
        return getConfig().readsUserInfo();
    }

    /** itsme always encrypts the userinfo JWT of a key-pair client; a client-secret client may get plain JSON. */
    @Override
    protected boolean requireEncryptedUserInfo() {
        return !getConfig().usesClientSecret();
    }

    /** itsme could not decrypt or verify the request object: its encryption key may have changed, read it again. */
    @Override
    protected void providerErrorReceived(String code) {
        ItsmeIdentityProviderConfig config = getConfig();
        if (INVALID_REQUEST_OBJECT.equals(code) && config.usesRequestObject()) {
            ItsmeEncryptionKey.reload(session, session.getContext().getRealm().getId(), ItsmeRequestObject.brokerId(config),
                    config.getConfig(), metadata().jwksUri());
        }
    }

    /** The service code of this login ({@link ItsmeIdentityProviderConfig#serviceCodeFor}); null when not allowed. */
    private String serviceCode(AuthenticationSessionModel authSession) {
        return getConfig().serviceCodeFor(clientServiceCode(authSession));
    }

    /** The application's client attribute {@value ItsmeIdentityProviderConfig#CLIENT_SERVICE_CODE_ATTRIBUTE}, or null. */
    private static String clientServiceCode(AuthenticationSessionModel authSession) {
        String code = authSession.getClient() == null ? null
                : authSession.getClient().getAttribute(ItsmeIdentityProviderConfig.CLIENT_SERVICE_CODE_ATTRIBUTE);
        return code == null || code.isBlank() ? null : code;
    }

    @Override
    protected Set<String> knownUserClaims() {
        return Set.copyOf(ItsmeClaims.names());
    }

    @Override
    protected Set<String> neededUserClaims(ClaimNeeds needs) {
        return ItsmeClaimSelection.claimsOf(needs.needs());
    }

    @Override
    protected void describeIdentity(BrokeredIdentityContext identity, VerifiedIdentity into) {
        ItsmeIdentity.describe(name -> UpstreamClaims.node(identity, name), into);
    }

    /** Key-pair clients get their ID token encrypted to the realm's key; a plain JWS means something is wrong. */
    @Override
    protected void checkTokenForm(String encodedToken) {
        if (!getConfig().usesClientSecret() && !isEncrypted(encodedToken)) {
            throw refuse("id_token_not_encrypted", "itsme sent an unencrypted ID token to a key-pair client", EidMessages.INVALID_RESPONSE);
        }
    }
}
