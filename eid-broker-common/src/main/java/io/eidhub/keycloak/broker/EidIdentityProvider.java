package io.eidhub.keycloak.broker;

import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import io.eidhub.keycloak.broker.claims.ClaimNeeds;
import io.eidhub.keycloak.broker.claims.VerifiedIdentity;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.events.EventBuilder;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.IdentityProviderType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Set;

/**
 * Keycloak's OIDC broker hardened for government eID providers (what it adds: see the package documentation), as the
 * table of hooks a provider overrides. The work is done by {@link EidCallbackEndpoint}, {@link IdTokenValidator},
 * {@link AcrSelector}, {@link LevelRecorder}, {@link UserInfoReader} and {@link VerifiedIdentityKeeper}. Every check
 * runs before Keycloak looks up or creates a user, so a refused login changes nothing.
 */
public abstract class EidIdentityProvider<C extends EidIdentityProviderConfig> extends OIDCIdentityProvider
        implements SocialIdentityProvider<org.keycloak.broker.oidc.OIDCIdentityProviderConfig> {

    protected static final Logger logger = Logger.getLogger(EidIdentityProvider.class);

    private final C config;
    /** The ID-token checks of this request's login (Keycloak creates a provider per request). */
    private final IdTokenValidator idTokens;
    private ProviderMetadata metadata;

    protected EidIdentityProvider(KeycloakSession session, C config) {
        super(session, config);
        this.config = config;
        this.idTokens = new IdTokenValidator(session, this);
    }

    /** This broker's typed configuration (Keycloak's own accessor, narrowed to {@code C}). */
    @Override
    public C getConfig() {
        return config;
    }

    /** The provider's discovery metadata: loaded, checked and applied to the configuration on first use, then memoised. */
    protected ProviderMetadata metadata() {
        if (metadata == null) {
            ProviderMetadata loaded = ProviderMetadataCache.shared().get(session, config.getAlias(), config.getDiscoveryUrl());
            String problem = DiscoveryChecks.problem(loaded, config.getDiscoveryUrl(), DiscoveryChecks.tlsRequiredForHost(session));
            if (problem != null) {
                logger.warnf("Identity provider %s: refusing the discovery document: %s", config.getAlias(), problem);
                throw refuse("discovery_invalid", problem, EidMessages.PROVIDER_ERROR);
            }
            metadata = loaded;
            config.applyMetadata(metadata);
        }
        return metadata;
    }

    @Override
    public Response performLogin(AuthenticationRequest request) {
        metadata();
        // an essential level above what this provider can give: the application is answered before the provider is asked
        Response unreachable = new AcrSelector(session, this).unreachableLevelAnswer(request.getAuthenticationSession());
        return unreachable != null ? unreachable : super.performLogin(request);
    }

    /** Keycloak's request without the dropped parameters, with our {@code acr_values} ({@link AcrSelector}) and {@code ui_locales}. */
    @Override
    protected UriBuilder createAuthorizationUrl(AuthenticationRequest request) {
        UriBuilder uri = super.createAuthorizationUrl(request);
        for (String parameter : droppedAuthorizationParameters()) {
            uri.replaceQueryParam(parameter);
        }
        replaceQueryParam(uri, OAuth2Constants.ACR_VALUES, new AcrSelector(session, this).requestedAcr(request.getAuthenticationSession()));
        replaceQueryParam(uri, OIDCLoginProtocol.UI_LOCALES_PARAM, UiLocales.of(session, supportedUiLocales()));
        customizeAuthorizationRequest(uri, request);
        return uri;
    }

    /** Removes query parameter {@code name}, then adds it again with {@code value} unless that is null. */
    private static void replaceQueryParam(UriBuilder uri, String name, String value) {
        uri.replaceQueryParam(name);
        if (value != null) {
            uri.queryParam(name, value);
        }
    }

    /** Parameters Keycloak would send that this provider ignores or rejects. */
    protected Set<String> droppedAuthorizationParameters() {
        return Set.of();
    }

    /** Languages the provider's pages speak (lower-case ISO 639-1), preferred fallback first; empty for none. */
    protected List<String> supportedUiLocales() {
        return List.of();
    }

    /** Adds provider-specific parameters (scopes, claims, request object). */
    protected void customizeAuthorizationRequest(UriBuilder uri, AuthenticationRequest request) {
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new EidCallbackEndpoint(callback, realm, event, this);
    }

    /** Gets the sanitised {@code error} of every error answer at the redirect endpoint (e.g. to drop a cached key). */
    protected void providerErrorReceived(String code) {
    }

    /** Whether the authorization response may arrive as an HTTP POST ({@code response_mode=form_post}). */
    protected boolean acceptsFormPost() {
        return false;
    }

    /** Only token exchange would call this outside the redirect endpoint, and it is refused: no event to record on. */
    @Override
    public BrokeredIdentityContext getFederatedIdentity(String response) {
        return identityFrom(response, null);
    }

    /** The checked identity of the token endpoint's {@code response}; {@code event} (or null) gets {@code acr_assumed}. */
    BrokeredIdentityContext identityFrom(String response, EventBuilder event) {
        metadata();
        BrokeredIdentityContext identity = idTokens.identity(response, event, super::getFederatedIdentity);
        identity.setUsername(config.getAlias() + "." + identity.getId());
        new VerifiedIdentityKeeper(session, this).keep(identity);
        return identity;
    }

    /**
     * Describes the person in the hub's provider-neutral vocabulary ({@link VerifiedIdentity}: standard claims, national
     * and card numbers, age flag, identity document) from what the provider sent ({@link UpstreamClaims#node}), only that.
     */
    protected abstract void describeIdentity(BrokeredIdentityContext identity, VerifiedIdentity into);

    /** Every user claim the provider documents (protocol claims such as {@code sub} or {@code acr} excluded). */
    protected abstract Set<String> knownUserClaims();

    /** The provider's user claims that the application's needs call for. */
    protected abstract Set<String> neededUserClaims(ClaimNeeds needs);

    /**
     * Right before the user session is attached (also when a login links an account, then changing nothing): the level
     * reached becomes the login's, and the user session gets the returned acr and the {@link VerifiedIdentity}.
     */
    @Override
    public void authenticationFinished(AuthenticationSessionModel authSession, BrokeredIdentityContext context) {
        super.authenticationFinished(authSession, context);
        new LevelRecorder(session, this).finish(authSession, context);
        VerifiedIdentityKeeper.finish(authSession, context);
    }

    @Override
    protected JsonWebToken validateToken(String encodedToken, boolean ignoreAudience) {
        return idTokens.validate(encodedToken, () -> super.validateToken(encodedToken, ignoreAudience));
    }

    @Override
    protected boolean verify(JWSInput jws) {
        return idTokens.verify(jws, () -> super.verify(jws));
    }

    @Override
    protected KeyWrapper getIdentityProviderKeyWrapper(JWSInput jws) {
        return idTokens.key(jws);
    }

    @Override
    protected String parseTokenInput(String encodedToken, boolean shouldBeSigned) {
        return idTokens.decrypt(encodedToken, shouldBeSigned, super::parseTokenInput);
    }

    /** Checks the serialized form of the ID token before it is parsed (e.g. that it is encrypted). */
    protected void checkTokenForm(String encodedToken) {
    }

    /** The token request of the redirect endpoint, with this broker's client authentication. */
    SimpleHttpRequest authenticatedTokenRequest(SimpleHttpRequest tokenRequest) {
        return authenticateTokenRequest(tokenRequest);
    }

    /** Adds the userinfo to the identity when the provider has a userinfo endpoint (see {@link UserInfoReader}). */
    @Override
    protected BrokeredIdentityContext extractIdentity(AccessTokenResponse tokenResponse, String accessToken, JsonWebToken idToken) throws IOException {
        BrokeredIdentityContext identity = super.extractIdentity(tokenResponse, accessToken, idToken);
        if (config.isUserInfoAvailable() && accessToken != null && readsUserInfo()) {
            new UserInfoReader(session, this).addTo(identity, accessToken, idToken);
        }
        return identity;
    }

    /** Whether this login reads userinfo (when the provider has a userinfo endpoint); the ID token may carry all. */
    protected boolean readsUserInfo() {
        return true;
    }

    /** Whether a userinfo answer that is not a JWE is refused ({@code userinfo_not_encrypted}). */
    protected boolean requireEncryptedUserInfo() {
        return false;
    }

    @Override
    public Response keycloakInitiatedBrowserLogout(KeycloakSession session, UserSessionModel userSession, UriInfo uriInfo, RealmModel realm) {
        if (discovered()) {
            return super.keycloakInitiatedBrowserLogout(session, userSession, uriInfo, realm);
        }
        logger.warnf("Skipping logout at identity provider %s: discovery unavailable", config.getAlias());
        return null;
    }

    @Override
    public void backchannelLogout(KeycloakSession session, UserSessionModel userSession, UriInfo uriInfo, RealmModel realm) {
        if (discovered()) {
            super.backchannelLogout(session, userSession, uriInfo, realm);
        }
    }

    @Override
    public boolean reloadKeys() {
        metadata();
        return super.reloadKeys();
    }

    /** Whether the discovery document could be loaded and applied ({@link #metadata}). */
    private boolean discovered() {
        try {
            metadata();
            return true;
        } catch (IdentityBrokerException e) {
            return false;
        }
    }

    /** Token exchange, JWT grants and client assertions would skip a browser login's rules: not offered. */
    @Override
    protected boolean supportsExternalExchange() {
        return false;
    }

    @Override
    protected BrokeredIdentityContext exchangeExternalImpl(EventBuilder event, MultivaluedMap<String, String> params) {
        throw refuse("token_exchange_not_supported", "Token exchange is not offered by eID brokers", EidMessages.PROVIDER_ERROR);
    }

    @Override
    public boolean isType(KeycloakSession session, IdentityProviderType type) {
        return BrowserLoginOnly.offers(type) && super.isType(session, type);
    }

    /** Keycloak's generic OIDC mappers (attribute importer, username template, ...) work with these brokers too. */
    @Override
    public boolean isMapperSupported(org.keycloak.broker.provider.IdentityProviderMapper mapper) {
        return super.isMapperSupported(mapper) || !Collections.disjoint(List.of(mapper.getCompatibleProviders()), List.of("oidc", "keycloak-oidc"));
    }

    /**
     * The only way to end a login in the broker: a {@link Refusal}, shown as {@code messageCode}, whose {@code reason} the
     * redirect endpoint records on the error event. {@code detail} goes to the debug log only; it never holds a token.
     */
    protected IdentityBrokerException refuse(String reason, String detail, String messageCode) {
        return refuse(reason, null, detail, messageCode);
    }

    /** As {@link #refuse(String, String, String)}, naming also the failed {@code check} (e.g. {@code kid}), or null. */
    protected IdentityBrokerException refuse(String reason, String check, String detail, String messageCode) {
        logger.debugf("Refused login through identity provider %s: %s (%s%s)", config.getAlias(), reason, detail, check == null ? "" : ", check " + check);
        return new Refusal(reason, check, messageCode);
    }

    /** True when the serialized token is a JWE. */
    protected static boolean isEncrypted(String encodedToken) {
        return UpstreamAnswerForm.isEncrypted(encodedToken);
    }

    /** Keycloak's {@code OIDCEndpoint}, a protected nested class, made reachable for {@link EidCallbackEndpoint}. */
    protected abstract static class KeycloakEndpoint extends OIDCEndpoint {
        KeycloakEndpoint(AuthenticationCallback callback, RealmModel realm, EventBuilder event, EidIdentityProvider<?> provider) {
            super(callback, realm, event, provider);
        }
    }
}
