package io.eidhub.keycloak.broker;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.logging.Logger;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.jose.JOSEParser;
import org.keycloak.jose.jwe.JWE;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.Urls;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;
import org.keycloak.vault.VaultStringSecret;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Keycloak's OIDC broker, hardened for government eID providers. On top of what {@link OIDCIdentityProvider}
 * already does (JWE decryption with realm keys, JWKS cache and rotation, private_key_jwt, PKCE, nonce), it
 * <ul>
 *   <li>reads endpoints, issuer and JWKS from the cached discovery document;</li>
 *   <li>sends the configured minimum acr and refuses a login whose returned acr is missing or lower;</li>
 *   <li>requires {@code exp}, refuses an {@code iat} in the future and checks the nonce before anything else;</li>
 *   <li>reads userinfo whatever its content type says (JSON, or a signed and/or encrypted JWT) and requires its
 *       {@code sub} to equal the ID token's;</li>
 *   <li>decrypts ID tokens encrypted with {@code alg=dir} from the client secret (OpenID Connect Core §10.2);</li>
 *   <li>accepts the authorization response as a GET or, where enabled, an HTTP POST ({@code form_post});</li>
 *   <li>turns provider errors and refused answers into translated messages and Keycloak error events with a
 *       {@code reason}, without ever logging a token or secret.</li>
 * </ul>
 * Every check runs before Keycloak looks up or creates a user, so a refused login changes nothing.
 */
public abstract class EidIdentityProvider<C extends EidIdentityProviderConfig> extends OIDCIdentityProvider
        implements SocialIdentityProvider<org.keycloak.broker.oidc.OIDCIdentityProviderConfig> {

    protected static final Logger logger = Logger.getLogger(EidIdentityProvider.class);

    /** Context-data key under which the raw upstream acr is kept for mappers. */
    public static final String UPSTREAM_ACR = "eidhub.upstream_acr";

    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

    private final C config;
    private ProviderMetadata metadata;
    private EventBuilder event;

    protected EidIdentityProvider(KeycloakSession session, C config) {
        super(session, config);
        this.config = config;
    }

    protected C eidConfig() {
        return config;
    }

    /** The provider's discovery metadata, applied to this request's configuration on first use. */
    protected ProviderMetadata metadata() {
        if (metadata == null) {
            metadata = ProviderMetadataCache.shared().get(session, config.getDiscoveryUrl());
            config.applyMetadata(metadata);
        }
        return metadata;
    }

    // ------------------------------------------------------------------ authorization request

    @Override
    public Response performLogin(AuthenticationRequest request) {
        metadata();
        return super.performLogin(request);
    }

    @Override
    protected UriBuilder createAuthorizationUrl(AuthenticationRequest request) {
        UriBuilder uri = super.createAuthorizationUrl(request);
        for (String parameter : droppedAuthorizationParameters()) {
            uri.replaceQueryParam(parameter);
        }
        uri.replaceQueryParam(OAuth2Constants.ACR_VALUES);
        String acr = requestedAcr(request.getAuthenticationSession());
        if (acr != null) {
            uri.queryParam(OAuth2Constants.ACR_VALUES, acr);
        }
        uri.replaceQueryParam(OIDCLoginProtocol.UI_LOCALES_PARAM);
        String locale = uiLocale();
        if (locale != null) {
            uri.queryParam(OIDCLoginProtocol.UI_LOCALES_PARAM, locale);
        }
        customizeAuthorizationRequest(uri, request);
        return uri;
    }

    /** Parameters Keycloak would send that this provider ignores or rejects. */
    protected Set<String> droppedAuthorizationParameters() {
        return Set.of();
    }

    /** The acr to ask the provider for; the configured minimum unless a subclass knows better. */
    protected String requestedAcr(AuthenticationSessionModel authSession) {
        return config.getMinimumAcr();
    }

    /** Languages the provider's pages speak (lower-case ISO 639-1), preferred fallback first; empty for none. */
    protected List<String> supportedUiLocales() {
        return List.of();
    }

    /** The user's Keycloak locale mapped to a language the provider supports, or null. */
    protected String uiLocale() {
        List<String> supported = supportedUiLocales();
        if (supported.isEmpty()) {
            return null;
        }
        Locale locale = session.getContext().resolveLocale(null);
        return UiLocales.pick(locale, supported);
    }

    /** Adds provider-specific parameters (scopes, claims, request object). */
    protected void customizeAuthorizationRequest(UriBuilder uri, AuthenticationRequest request) {
    }

    // ------------------------------------------------------------------ callback

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        this.event = event;
        return new EidEndpoint(callback, realm, event, this);
    }

    /** Whether the authorization response may arrive as an HTTP POST ({@code response_mode=form_post}). */
    protected boolean acceptsFormPost() {
        return false;
    }

    // ------------------------------------------------------------------ token response

    @Override
    public BrokeredIdentityContext getFederatedIdentity(String response) {
        metadata();
        checkTokenResponse(response);
        BrokeredIdentityContext identity;
        try {
            identity = super.getFederatedIdentity(response);
        } catch (IdentityBrokerException e) {
            if (e.getMessageCode() != null) {
                throw e;
            }
            throw refuse("invalid_response", e.getMessage(), EidMessages.INVALID_RESPONSE);
        }
        JsonWebToken idToken = (JsonWebToken) identity.getContextData().get(VALIDATED_ID_TOKEN);
        checkNonce(idToken);
        String acr = checkAcr(idToken);
        identity.getContextData().put(UPSTREAM_ACR, acr);
        identity.setUsername(config.getAlias() + "." + identity.getId());
        return identity;
    }

    /** A token endpoint answer without tokens: names the provider's error code (never its free text) in the event. */
    private void checkTokenResponse(String response) {
        AccessTokenResponse tokenResponse;
        try {
            tokenResponse = JsonSerialization.readValue(response, AccessTokenResponse.class);
        } catch (IOException e) {
            throw refuse("token_response_unreadable", "Could not read the token response", EidMessages.INVALID_RESPONSE);
        }
        if (tokenResponse.getToken() == null || tokenResponse.getIdToken() == null) {
            String error = safeErrorCode(tokenResponse.getError());
            throw refuse("token_error:" + error, "Token endpoint answered no tokens (" + error + ")", EidMessages.PROVIDER_ERROR);
        }
    }

    private void checkNonce(JsonWebToken idToken) {
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession == null) {
            return;
        }
        Object nonce = idToken.getOtherClaims().get(OIDCLoginProtocol.NONCE_PARAM);
        String expected = authSession.getClientNote(KeycloakNotes.BROKER_NONCE);
        if (expected == null || !expected.equals(nonce)) {
            throw refuse("nonce_mismatch", "The ID token's nonce does not match the request", EidMessages.INVALID_RESPONSE);
        }
    }

    /** Refuses a missing, unknown or too low acr; returns the acr the provider returned. */
    protected String checkAcr(JsonWebToken idToken) {
        Object acr = idToken.getOtherClaims().get("acr");
        String returned = acr instanceof String ? (String) acr : null;
        String minimum = config.getMinimumAcr();
        if (returned == null) {
            throw refuse("acr_missing", "The ID token carries no acr", EidMessages.ACR_NOT_MET);
        }
        if (!config.getAcrLevels().satisfies(returned, minimum)) {
            throw refuse("acr_too_low", "The ID token's acr " + printable(returned) + " is below " + minimum, EidMessages.ACR_NOT_MET);
        }
        return config.getAcrLevels().canonical(returned);
    }

    @Override
    protected JsonWebToken validateToken(String encodedToken, boolean ignoreAudience) {
        checkTokenForm(encodedToken);
        JsonWebToken token;
        try {
            token = super.validateToken(encodedToken, ignoreAudience);
        } catch (IdentityBrokerException e) {
            if (e.getMessageCode() != null) {
                throw e;
            }
            throw refuse("invalid_id_token", e.getMessage(), EidMessages.INVALID_RESPONSE);
        }
        if (token.getExp() == null) {
            throw refuse("invalid_id_token", "The ID token has no exp", EidMessages.INVALID_RESPONSE);
        }
        if (token.getIat() != null && token.getIat() > Time.currentTime() + config.getAllowedClockSkew()) {
            throw refuse("iat_in_future", "The ID token was issued in the future", EidMessages.INVALID_RESPONSE);
        }
        if (token.getIssuer() == null) {
            throw refuse("invalid_id_token", "The ID token has no iss", EidMessages.INVALID_RESPONSE);
        }
        return token;
    }

    /** Checks the serialized form of the ID token before it is parsed (e.g. that it is encrypted). */
    protected void checkTokenForm(String encodedToken) {
    }

    /** Decrypts {@code alg=dir} JWEs with the key derived from the client secret; everything else as Keycloak does. */
    @Override
    protected String parseTokenInput(String encodedToken, boolean shouldBeSigned) {
        if (encodedToken != null && DirectEncryption.isDirect(encodedToken)) {
            String inner = DirectEncryption.decrypt(session, encodedToken, clientSecret());
            return super.parseTokenInput(inner, shouldBeSigned);
        }
        return super.parseTokenInput(encodedToken, shouldBeSigned);
    }

    private String clientSecret() {
        try (VaultStringSecret secret = session.vault().getStringSecret(config.getClientSecret())) {
            String value = secret.get().orElse(config.getClientSecret());
            if (value == null || value.isEmpty()) {
                throw refuse("invalid_id_token", "A dir-encrypted token needs a client secret", EidMessages.INVALID_RESPONSE);
            }
            return value;
        }
    }

    // ------------------------------------------------------------------ userinfo

    @Override
    protected BrokeredIdentityContext extractIdentity(AccessTokenResponse tokenResponse, String accessToken, JsonWebToken idToken) throws IOException {
        BrokeredIdentityContext identity = super.extractIdentity(tokenResponse, accessToken, idToken);
        if (config.isUserInfoAvailable() && accessToken != null) {
            JsonNode userInfo = fetchUserInfo(accessToken);
            String sub = getJsonProperty(userInfo, "sub");
            if (sub == null || !sub.equals(idToken.getSubject())) {
                throw refuse("userinfo_sub_mismatch", "The userinfo sub differs from the ID token's", EidMessages.INVALID_RESPONSE);
            }
            applyUserInfo(identity, userInfo);
            AbstractJsonUserAttributeMapper.storeUserProfileForMapper(identity, userInfo, config.getAlias());
        }
        return identity;
    }

    private JsonNode fetchUserInfo(String accessToken) {
        String url = config.getUserInfoUrl();
        String body;
        try (SimpleHttpResponse response = SimpleHttp.create(session).doGet(url)
                .header("Authorization", "Bearer " + accessToken).asResponse()) {
            if (response.getStatus() != 200) {
                throw refuse("userinfo_error:" + response.getStatus(), "The userinfo endpoint answered " + response.getStatus(), EidMessages.PROVIDER_ERROR);
            }
            body = response.asString();
        } catch (IOException e) {
            throw refuse("userinfo_unreachable", "The userinfo endpoint could not be reached", EidMessages.PROVIDER_UNAVAILABLE);
        }
        String trimmed = body == null ? "" : body.trim();
        try {
            if (trimmed.startsWith("{")) {
                return JsonSerialization.readValue(trimmed, JsonNode.class);
            }
            JsonNode claims = JsonSerialization.readValue(parseTokenInput(trimmed, requireSignedUserInfo()), JsonNode.class);
            checkUserInfoJwt(claims);
            return claims;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IdentityBrokerException ibe && ibe.getMessageCode() != null) {
                throw ibe;
            }
            throw refuse("userinfo_invalid", "The userinfo answer could not be validated", EidMessages.INVALID_RESPONSE);
        }
    }

    /** Whether a JWT userinfo answer must be signed (a JSON answer is taken as sent over TLS). */
    protected boolean requireSignedUserInfo() {
        return true;
    }

    /** A signed userinfo JWT that names an issuer or audience must name this provider and this client. */
    private void checkUserInfoJwt(JsonNode claims) {
        JsonNode iss = claims.get("iss");
        if (iss != null && !iss.asText().equals(config.getIssuer())) {
            throw refuse("userinfo_invalid", "The userinfo issuer is wrong", EidMessages.INVALID_RESPONSE);
        }
        JsonNode aud = claims.get("aud");
        if (aud != null) {
            boolean ours = aud.isArray()
                    ? java.util.stream.StreamSupport.stream(aud.spliterator(), false).anyMatch(a -> config.getClientId().equals(a.asText()))
                    : config.getClientId().equals(aud.asText());
            if (!ours) {
                throw refuse("userinfo_invalid", "The userinfo audience is wrong", EidMessages.INVALID_RESPONSE);
            }
        }
    }

    private void applyUserInfo(BrokeredIdentityContext identity, JsonNode userInfo) {
        String given = getJsonProperty(userInfo, "given_name");
        String family = getJsonProperty(userInfo, "family_name");
        String email = getJsonProperty(userInfo, "email");
        if (given != null) {
            identity.setFirstName(given);
        }
        if (family != null) {
            identity.setLastName(family);
        }
        if (email != null) {
            identity.setEmail(email);
        }
    }

    // ------------------------------------------------------------------ logout

    @Override
    public Response keycloakInitiatedBrowserLogout(KeycloakSession session, UserSessionModel userSession, UriInfo uriInfo, RealmModel realm) {
        try {
            metadata();
        } catch (IdentityBrokerException e) {
            logger.warnf("Skipping logout at identity provider %s: discovery unavailable", config.getAlias());
            return null;
        }
        return super.keycloakInitiatedBrowserLogout(session, userSession, uriInfo, realm);
    }

    @Override
    public void backchannelLogout(KeycloakSession session, UserSessionModel userSession, UriInfo uriInfo, RealmModel realm) {
        try {
            metadata();
        } catch (IdentityBrokerException e) {
            return;
        }
        super.backchannelLogout(session, userSession, uriInfo, realm);
    }

    @Override
    public boolean reloadKeys() {
        metadata();
        return super.reloadKeys();
    }

    // ------------------------------------------------------------------ mappers

    /** Keycloak's generic OIDC mappers (attribute importer, username template, ...) work with these brokers too. */
    @Override
    public boolean isMapperSupported(org.keycloak.broker.provider.IdentityProviderMapper mapper) {
        List<String> compatible = List.of(mapper.getCompatibleProviders());
        return super.isMapperSupported(mapper) || compatible.contains("oidc") || compatible.contains("keycloak-oidc");
    }

    // ------------------------------------------------------------------ errors

    /**
     * Records {@code reason} on this login's event and returns the exception that ends the login on an error page
     * showing {@code messageCode}. {@code detail} goes to the server log at debug level only; it never holds a token.
     */
    protected IdentityBrokerException refuse(String reason, String detail, String messageCode) {
        if (event != null) {
            event.detail(Details.REASON, reason).detail(Details.IDENTITY_PROVIDER, config.getAlias());
        }
        logger.debugf("Refused login through identity provider %s: %s (%s)", config.getAlias(), reason, detail);
        return new IdentityBrokerException(reason).withMessageCode(messageCode);
    }

    static String safeErrorCode(String error) {
        if (error == null) {
            return "none";
        }
        return ERROR_CODE.matcher(error).matches() ? error : "unrecognized";
    }

    private static String printable(String value) {
        String shortened = value.length() > 80 ? value.substring(0, 80) : value;
        return shortened.replaceAll("[^\\p{Print}]", "?");
    }

    /**
     * The redirect endpoint: the stock GET handling plus an optional {@code form_post} POST, provider errors turned
     * into translated messages and events, and the PKCE verifier read from the verified authentication session
     * (Keycloak's own lookup reads {@code state} from the query string, which a POST does not have).
     */
    protected static class EidEndpoint extends OIDCEndpoint {

        private final EidIdentityProvider<?> provider;

        public EidEndpoint(AuthenticationCallback callback, RealmModel realm, EventBuilder event, EidIdentityProvider<?> provider) {
            super(callback, realm, event, provider);
            this.provider = provider;
        }

        @GET
        @Override
        public Response authResponse(@QueryParam(OAUTH2_PARAMETER_STATE) String state,
                                     @QueryParam(OAUTH2_PARAMETER_CODE) String authorizationCode,
                                     @QueryParam(OAuth2Constants.ERROR) String error,
                                     @QueryParam(OAuth2Constants.ERROR_DESCRIPTION) String errorDescription) {
            if (error != null && state != null) {
                return providerError(state, error);
            }
            return super.authResponse(state, authorizationCode, error, errorDescription);
        }

        @POST
        @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
        public Response formPostResponse(MultivaluedMap<String, String> form) {
            if (!provider.acceptsFormPost()) {
                event.event(EventType.IDENTITY_PROVIDER_LOGIN).detail(Details.REASON, "form_post_not_enabled");
                event.error(Errors.INVALID_REQUEST);
                return org.keycloak.services.ErrorPage.error(session, null, Response.Status.METHOD_NOT_ALLOWED, EidMessages.INVALID_RESPONSE);
            }
            AuthorizationResponse response;
            try {
                response = AuthorizationResponse.fromForm(form);
            } catch (IllegalArgumentException e) {
                event.event(EventType.IDENTITY_PROVIDER_LOGIN).detail(Details.REASON, "form_post_invalid");
                event.error(Errors.INVALID_REQUEST);
                return org.keycloak.services.ErrorPage.error(session, null, Response.Status.BAD_REQUEST, EidMessages.INVALID_RESPONSE);
            }
            return authResponse(response.state(), response.code(), response.error(), response.errorDescription());
        }

        private Response providerError(String state, String error) {
            // throws (and answers the browser) when the state does not belong to a live login of this browser
            AuthenticationSessionModel authSession = callback.getAndVerifyAuthenticationSession(state);
            session.getContext().setAuthenticationSession(authSession);
            String code = safeErrorCode(error);
            event.event(EventType.IDENTITY_PROVIDER_LOGIN)
                    .detail(Details.IDENTITY_PROVIDER, provider.eidConfig().getAlias())
                    .detail(Details.REASON, "provider_error:" + code)
                    .error(ACCESS_DENIED.equals(code) ? Errors.IDENTITY_PROVIDER_ERROR : Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
            logger.debugf("Identity provider %s answered error %s", provider.eidConfig().getAlias(), code);
            String message = ACCESS_DENIED.equals(code) ? EidMessages.CANCELLED : EidMessages.PROVIDER_ERROR;
            return callback.error(provider.eidConfig(), message);
        }

        @Override
        public SimpleHttpRequest generateTokenRequest(String authorizationCode) {
            provider.metadata();
            KeycloakContext context = session.getContext();
            SimpleHttpRequest tokenRequest = SimpleHttp.create(session).doPost(provider.eidConfig().getTokenUrl())
                    .param(OAUTH2_PARAMETER_CODE, authorizationCode)
                    .param(OAUTH2_PARAMETER_REDIRECT_URI, Urls.identityProviderAuthnResponse(context.getUri().getBaseUri(),
                            provider.eidConfig().getAlias(), context.getRealm().getName()).toString())
                    .param(OAUTH2_PARAMETER_GRANT_TYPE, OAUTH2_GRANT_TYPE_AUTHORIZATION_CODE);
            AuthenticationSessionModel authSession = context.getAuthenticationSession();
            if (provider.eidConfig().isPkceEnabled() && authSession != null) {
                String verifier = authSession.getClientNote(KeycloakNotes.BROKER_CODE_VERIFIER);
                if (verifier != null) {
                    tokenRequest.param(OAuth2Constants.CODE_VERIFIER, verifier);
                }
            }
            return provider.authenticateTokenRequest(tokenRequest);
        }
    }

    /** True when the serialized token is a JWE. */
    protected static boolean isEncrypted(String encodedToken) {
        try {
            return JOSEParser.parse(encodedToken) instanceof JWE;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
