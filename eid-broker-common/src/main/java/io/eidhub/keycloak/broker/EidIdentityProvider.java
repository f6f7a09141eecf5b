package io.eidhub.keycloak.broker;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
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
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpRequest;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.keys.PublicKeyLoader;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.keys.PublicKeyStorageUtils;
import org.keycloak.keys.loader.OIDCIdentityProviderPublicKeyLoader;
import org.keycloak.jose.JOSEParser;
import org.keycloak.jose.jwe.JWE;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.models.Constants;
import org.keycloak.models.IdentityProviderType;
import org.keycloak.models.KeycloakContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.Urls;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;
import org.keycloak.vault.VaultStringSecret;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketTimeoutException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Keycloak's OIDC broker, hardened for government eID providers. On top of what {@link OIDCIdentityProvider}
 * already does (JWE decryption with realm keys, JWKS cache and rotation, private_key_jwt, PKCE, nonce), it
 * <ul>
 *   <li>reads endpoints, issuer and JWKS from the cached discovery document;</li>
 *   <li>sends one acr: the weakest that reaches the level the application asked for ({@code acr_values}, an essential
 *       {@code acr} claim), never below the configured minimum ({@link AcrSelector}); refuses a returned acr that is
 *       unknown or below the minimum, and handles a missing one as {@code missingAcr} says ({@link MissingAcr});</li>
 *   <li>makes the level the provider returned the level of the Keycloak login ({@code loaMapping}), so that the
 *       {@code acr} of Keycloak's tokens follows the realm's ACR to LoA mapping, also on later SSO logins; answers
 *       {@code unmet_authentication_requirements} to the application when an essential level cannot be met
 *       ({@link AcrSelector}, {@link LevelRecorder});</li>
 *   <li>requires {@code exp}, refuses an {@code iat} in the future and checks the nonce before anything else;</li>
 *   <li>reads userinfo whatever its content type says (JSON, or a signed and/or encrypted JWT) and requires its
 *       {@code sub} to equal the ID token's ({@link UserInfoReader});</li>
 *   <li>decrypts ID tokens encrypted with {@code alg=dir} from the client secret (OpenID Connect Core §10.2), and
 *       RSA-OAEP / RSA-OAEP-256 JWEs with any RSA encryption key of the realm ({@link RealmKeyDecryption});</li>
 *   <li>accepts the authorization response as a GET or, where enabled, an HTTP POST ({@code form_post});</li>
 *   <li>turns provider errors and refused answers into translated messages and Keycloak error events with a
 *       {@code reason}, without ever logging a token or secret ({@link SafeProviderText}).</li>
 * </ul>
 * Every check runs before Keycloak looks up or creates a user, so a refused login changes nothing.
 */
public abstract class EidIdentityProvider<C extends EidIdentityProviderConfig> extends OIDCIdentityProvider
        implements SocialIdentityProvider<org.keycloak.broker.oidc.OIDCIdentityProviderConfig> {

    protected static final Logger logger = Logger.getLogger(EidIdentityProvider.class);

    /**
     * The acr the provider returned (canonical spelling; absent when it returned none): the context-data key for
     * mappers and the name of the user-session note a protocol mapper can emit ({@code oidc-usersessionmodel-note-mapper}).
     */
    public static final String UPSTREAM_ACR = "eidhub.upstream_acr";
    /** Context-data key: the Keycloak level the login reached, as a String (context data crosses requests). */
    public static final String ACHIEVED_LEVEL = "eidhub.loa";

    private final C config;
    private ProviderMetadata metadata;
    /** The signature check that failed last ({@link IdTokenChecks}), as Keycloak's verification only answers false. */
    private String failedSignatureCheck;

    protected EidIdentityProvider(KeycloakSession session, C config) {
        super(session, config);
        this.config = config;
    }

    /** This broker's typed configuration (Keycloak's own accessor, narrowed to {@code C}). */
    @Override
    public C getConfig() {
        return config;
    }

    /** The provider's discovery metadata, applied to this request's configuration on first use. */
    protected ProviderMetadata metadata() {
        if (metadata == null) {
            ProviderMetadata loaded = ProviderMetadataCache.shared().get(session, config.getAlias(), config.getDiscoveryUrl());
            String problem = DiscoveryChecks.problem(loaded, config.getDiscoveryUrl(), tlsRequiredForHost());
            if (problem != null) {
                logger.warnf("Identity provider %s: refusing the discovery document: %s", config.getAlias(), problem);
                throw refuse("discovery_invalid", problem, EidMessages.PROVIDER_ERROR);
            }
            metadata = loaded;
            config.applyMetadata(metadata);
        }
        return metadata;
    }

    /** Whether the realm requires TLS for requests to a host (its {@code sslRequired}); unknown realm: always. */
    private java.util.function.Predicate<String> tlsRequiredForHost() {
        RealmModel realm = session.getContext().getRealm();
        if (realm == null || realm.getSslRequired() == null) {
            return host -> true;
        }
        return host -> realm.getSslRequired().isRequired(host);
    }

    // ------------------------------------------------------------------ authorization request

    @Override
    public Response performLogin(AuthenticationRequest request) {
        metadata();
        AuthenticationSessionModel authSession = request.getAuthenticationSession();
        if (authSession != null) {
            // an essential level above what this provider can give: the application is answered before the provider is asked
            Response unreachable = new AcrSelector(session, this).unreachableLevelAnswer(authSession);
            if (unreachable != null) {
                return unreachable;
            }
        }
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

    /**
     * The one acr to ask the provider for: the weakest acr whose level ({@code loaMapping}) reaches the level the
     * application asked for, never below the configured minimum; the strongest when none reaches it; the minimum when
     * the application asked for no level.
     */
    protected String requestedAcr(AuthenticationSessionModel authSession) {
        if (authSession == null) {
            return config.getMinimumAcr();
        }
        return new AcrSelector(session, this).select(authSession).acr();
    }

    /** The level the application asked for, from the client notes Keycloak's authorization endpoint wrote. */
    protected static LoaRequest loaRequest(AuthenticationSessionModel authSession) {
        return LoaRequest.of(authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION),
                authSession.getClientNote(Constants.FORCE_LEVEL_OF_AUTHENTICATION));
    }

    /** The broker's {@code loaMapping}; an invalid stored value refuses the login. */
    protected LoaMapping loaMapping() {
        try {
            return config.getLoaMapping();
        } catch (IllegalArgumentException e) {
            logger.warnf("Identity provider %s: invalid '%s': %s", config.getAlias(), EidIdentityProviderConfig.LOA_MAPPING, e.getMessage());
            throw refuse("loa_mapping_invalid", "Invalid loaMapping", EidMessages.PROVIDER_ERROR);
        }
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
        return new EidEndpoint(callback, realm, event, this);
    }

    /**
     * Called with the (sanitised) {@code error} code of every error answer at the redirect endpoint, also one without
     * {@code state}, before the login ends; e.g. to drop a cached key the provider could not use.
     */
    protected void providerErrorReceived(String code) {
    }

    /** Whether the authorization response may arrive as an HTTP POST ({@code response_mode=form_post}). */
    protected boolean acceptsFormPost() {
        return false;
    }

    // ------------------------------------------------------------------ token response

    /** Only token exchange would call this outside the redirect endpoint, and it is refused: no event to record on. */
    @Override
    public BrokeredIdentityContext getFederatedIdentity(String response) {
        return identityFrom(response, null);
    }

    /**
     * The identity of the token endpoint's {@code response}, after every check; {@code event} (this login's, or null)
     * gets the details a successful check records ({@code acr_assumed}). A refused check throws a {@link Refusal}.
     */
    BrokeredIdentityContext identityFrom(String response, EventBuilder event) {
        metadata();
        checkTokenResponse(response);
        BrokeredIdentityContext identity;
        try {
            identity = super.getFederatedIdentity(response);
        } catch (IdentityBrokerException e) {
            if (e.getMessageCode() != null) {
                throw e;
            }
            if (IdTokenChecks.isAuthTimeTooOld(e)) {
                // the application's max_age was sent on (passMaxAge) and the provider's auth_time is older, or missing
                throw refuse("auth_time_too_old", "The provider's auth_time does not meet the application's max_age", EidMessages.INVALID_RESPONSE);
            }
            // not e.getMessage(): Keycloak quotes the provider's error_description there
            throw refuse("invalid_response", "Keycloak's OIDC broker refused the token response", EidMessages.INVALID_RESPONSE);
        }
        JsonWebToken idToken = (JsonWebToken) identity.getContextData().get(VALIDATED_ID_TOKEN);
        checkNonce(idToken);
        String acr = checkAcr(idToken, event);
        // may answer the application (unmet_authentication_requirements) before any user is looked up or created
        new LevelRecorder(session, this).record(identity, acr, event);
        if (idToken.getOtherClaims().get("acr") == null) {
            // the level stood in for a missing acr (missingAcr): no acr is kept as the one the provider returned
            identity.getContextData().remove(UPSTREAM_ACR);
        }
        identity.setUsername(config.getAlias() + "." + identity.getId());
        keepVerifiedIdentity(identity);
        return identity;
    }

    /**
     * Describes the person in the hub's provider-neutral vocabulary ({@link VerifiedIdentity}): the standard claims,
     * the national and card numbers, the age flag and the identity document, from what the provider sent
     * ({@link UpstreamClaims#node}). Leaves out whatever the provider did not send.
     */
    protected abstract void describeIdentity(BrokeredIdentityContext identity, VerifiedIdentity into);

    /** Every user claim the provider documents (protocol claims such as {@code sub} or {@code acr} excluded). */
    protected abstract Set<String> knownUserClaims();

    /** The provider's user claims that the application's needs call for. */
    protected abstract Set<String> neededUserClaims(ClaimNeeds needs);

    /** The login's identity from what is left of the provider's claims, the age derived from a birth date if needed. */
    private VerifiedIdentity newIdentity(BrokeredIdentityContext identity) {
        VerifiedIdentity verified = VerifiedIdentity.of(config.getAlias(), config.getTrustFramework(), config.getAssuranceLevel(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        describeIdentity(identity, verified);
        return verified.ageOver18(LocalDate.now(ZoneOffset.UTC));
    }

    /**
     * What the application behind this login asked the hub for ({@code scope} and {@code claims} parameters), or
     * "not application-scoped" when no authentication session is at hand.
     */
    protected static ClaimNeeds applicationNeeds(AuthenticationSessionModel authSession) {
        if (authSession == null) {
            return ClaimNeeds.of(null, null);
        }
        return ClaimNeeds.of(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM),
                authSession.getClientNote(OIDCLoginProtocol.CLAIMS_PARAM));
    }

    /**
     * When the application asked for the hub's scopes, drops the provider's claims it did not ask for (so that no
     * mapper imports them, e.g. the birth date itsme sent only for the hub to derive the age) after deriving the age.
     * Then builds the login's {@link VerifiedIdentity} (with this broker's trust framework and assurance level) and
     * keeps it in the context data until
     * {@link #authenticationFinished} puts it in the user session. With {@code storeClaims=session} the profile fields
     * Keycloak would copy to the user are cleared: the person's data lives in the user session only.
     */
    private void keepVerifiedIdentity(BrokeredIdentityContext identity) {
        ClaimNeeds needs = applicationNeeds(session.getContext().getAuthenticationSession());
        Boolean ageOver18 = null;
        if (needs.applicationScoped()) {
            // the age first (it may need the birth date), then only what the application asked for goes on
            ageOver18 = newIdentity(identity).ageOver18();
            UpstreamClaims.retain(identity, knownUserClaims(), neededUserClaims(needs));
        }
        VerifiedIdentity verified = newIdentity(identity).ageOver18(ageOver18);
        identity.getContextData().put(VerifiedIdentity.NOTE, verified.toNote());
        if (config.storesClaimsInSessionOnly()) {
            identity.setFirstName(null);
            identity.setLastName(null);
            identity.setEmail(null);
        }
    }

    /**
     * Makes the level the provider returned the level of this Keycloak login and of its user session, and keeps the
     * returned acr as the user-session note {@value #UPSTREAM_ACR} ({@link LevelRecorder#finish}). Called after the
     * first-broker-login and post-broker-login flows, right before the user session is attached. Keycloak 26.7 calls it
     * when a login links an account too; {@link LevelRecorder#finish} then changes nothing (the linking flag it set in
     * {@code record} before Keycloak consumed its own linking note).
     */
    @Override
    public void authenticationFinished(AuthenticationSessionModel authSession, BrokeredIdentityContext context) {
        super.authenticationFinished(authSession, context);
        new LevelRecorder(session, this).finish(authSession, context);
        if (context.getContextData().get(VerifiedIdentity.NOTE) instanceof String verified) {
            authSession.setUserSessionNote(VerifiedIdentity.NOTE, verified);
        }
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
            String error = SafeProviderText.errorCode(tokenResponse.getError());
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

    /**
     * Refuses an unknown or too low acr; returns the acr the provider returned, in its canonical spelling. A token
     * without acr is handled as {@code missingAcr} says ({@link MissingAcr}): refused ({@code acr_missing}), or
     * counted as the weakest level or as the level the broker asked for, and then held to the same minimum; the event
     * then carries {@code acr_assumed}. Returns null only when no acr was returned and none stands in.
     */
    private String checkAcr(JsonWebToken idToken, EventBuilder event) {
        Object acr = idToken.getOtherClaims().get("acr");
        String returned = acr instanceof String ? (String) acr : null;
        String minimum = config.getMinimumAcr();
        if (acr != null && returned == null) {
            throw refuse("acr_too_low", "The ID token's acr is not a string", EidMessages.ACR_NOT_MET);
        }
        if (returned == null) {
            MissingAcr policy = config.getMissingAcr();
            String standIn = policy.standIn(config.getAcrLevels(), requestedAcr(session.getContext().getAuthenticationSession()));
            if (standIn == null) {
                throw refuse("acr_missing", "The ID token carries no acr (missingAcr " + policy.value() + ")", EidMessages.ACR_NOT_MET);
            }
            if (!config.getAcrLevels().satisfies(standIn, minimum)) {
                throw refuse("acr_missing", "The ID token carries no acr; counted as " + standIn + ", below " + minimum, EidMessages.ACR_NOT_MET);
            }
            if (event != null) {
                event.detail("acr_assumed", policy.value());
            }
            return standIn;
        }
        if (!config.getAcrLevels().satisfies(returned, minimum)) {
            throw refuse("acr_too_low", "The ID token's acr " + SafeProviderText.printable(returned) + " is below " + minimum, EidMessages.ACR_NOT_MET);
        }
        return config.getAcrLevels().canonical(returned);
    }

    @Override
    protected JsonWebToken validateToken(String encodedToken, boolean ignoreAudience) {
        if (UpstreamAnswerForm.isIncompleteJwe(encodedToken)) {
            throw refuse("invalid_id_token", IdTokenChecks.FORMAT, "The ID token is an incomplete JWE", EidMessages.INVALID_RESPONSE);
        }
        checkTokenForm(encodedToken);
        JsonWebToken token;
        failedSignatureCheck = null;
        try {
            token = super.validateToken(encodedToken, ignoreAudience);
        } catch (IdentityBrokerException e) {
            if (e.getMessageCode() != null) {
                throw e;
            }
            // Keycloak's message may quote the token (e.g. the wrong issuer): only the name of the check is kept
            String check = failedSignatureCheck != null ? failedSignatureCheck : IdTokenChecks.of(e);
            throw refuse("invalid_id_token", check, "The ID token failed the check", EidMessages.INVALID_RESPONSE);
        } catch (RuntimeException e) {
            // the JOSE parser's own failures (not a JWT at all): their messages may quote the token too
            throw refuse("invalid_id_token", IdTokenChecks.FORMAT, "The ID token could not be parsed (" + e.getClass().getSimpleName() + ")",
                    EidMessages.INVALID_RESPONSE);
        }
        if (token.getExp() == null) {
            throw refuse("invalid_id_token", IdTokenChecks.LIFETIME, "The ID token has no exp", EidMessages.INVALID_RESPONSE);
        }
        if (token.getIat() != null && token.getIat() > Time.currentTime() + config.getAllowedClockSkew()) {
            throw refuse("iat_in_future", IdTokenChecks.ISSUED_AT, "The ID token was issued in the future", EidMessages.INVALID_RESPONSE);
        }
        if (token.getIssuer() == null) {
            throw refuse("invalid_id_token", IdTokenChecks.ISSUER, "The ID token has no iss", EidMessages.INVALID_RESPONSE);
        }
        if (!IdTokenChecks.authorizedPartyPresentWhenNeeded(token)) {
            // OpenID Connect Core 3.1.3.7: several audiences and no azp (Keycloak checks azp only when present)
            throw refuse("invalid_id_token", IdTokenChecks.AUTHORIZED_PARTY, "The ID token has several audiences and no azp",
                    EidMessages.INVALID_RESPONSE);
        }
        return token;
    }

    /**
     * Refuses an unsigned token ({@code alg=none}, or no signature) before any key is looked up: Keycloak would look
     * for a key of algorithm "none" and, for a token without {@code kid}, refetch the provider's JWKS to find one.
     */
    @Override
    protected boolean verify(JWSInput jws) {
        String alg = jws.getHeader() == null ? null : jws.getHeader().getRawAlgorithm();
        if (alg == null || "none".equalsIgnoreCase(alg) || jws.getSignature() == null || jws.getSignature().length == 0) {
            failedSignatureCheck = IdTokenChecks.ALGORITHM;
            return false;
        }
        return super.verify(jws);
    }

    /**
     * The provider's key for {@code jws} from Keycloak's public key cache, as Keycloak's OIDC broker looks it up
     * ({@code PublicKeyStorageManager}, JWKS URL branch: the only one, {@link EidIdentityProviderConfig#isUseJwksUrl}),
     * with the JWKS fetch on a cache miss timed ({@link UpstreamMetrics}). Notes a key miss: Keycloak has then
     * refetched the JWKS (at most every 10 s by default) without finding the kid.
     */
    @Override
    protected KeyWrapper getIdentityProviderKeyWrapper(JWSInput jws) {
        PublicKeyLoader loader = UpstreamMetrics.server().timed(config.getAlias(), new OIDCIdentityProviderPublicKeyLoader(session, config));
        String modelKey = PublicKeyStorageUtils.getIdpModelCacheKey(session.getContext().getRealm().getId(), config.getInternalId());
        KeyWrapper key = session.getProvider(PublicKeyStorageProvider.class)
                .getPublicKey(modelKey, jws.getHeader().getKeyId(), jws.getHeader().getRawAlgorithm(), loader);
        if (key == null) {
            failedSignatureCheck = IdTokenChecks.KEY_ID;
        }
        return key;
    }

    /** Checks the serialized form of the ID token before it is parsed (e.g. that it is encrypted). */
    protected void checkTokenForm(String encodedToken) {
    }

    /**
     * Decrypts {@code alg=dir} JWEs with the key derived from the client secret, and RSA-OAEP / RSA-OAEP-256 JWEs with
     * any RSA encryption key of the realm ({@link RealmKeyDecryption}); everything else as Keycloak does.
     */
    @Override
    protected String parseTokenInput(String encodedToken, boolean shouldBeSigned) {
        if (encodedToken != null && DirectEncryption.isDirect(encodedToken)) {
            if (!config.usesClientSecret()) {
                // a key-pair client has no real secret (at most a placeholder typed in the admin form): dir proves nothing
                throw refuse("id_token_not_encrypted", "An alg=dir ID token for a key-pair client", EidMessages.INVALID_RESPONSE);
            }
            String inner = DirectEncryption.decrypt(session, encodedToken, clientSecret());
            return super.parseTokenInput(inner, shouldBeSigned);
        }
        if (encodedToken != null && RealmKeyDecryption.applies(encodedToken)) {
            String inner = RealmKeyDecryption.decrypt(session, session.getContext().getRealm(), encodedToken);
            if (!shouldBeSigned && inner.trim().startsWith("{")) {
                // an encrypted-only userinfo answer
                return inner;
            }
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

    /** Whether a JWT userinfo answer must be signed (a JSON answer is taken as sent over TLS). */
    protected boolean requireSignedUserInfo() {
        return true;
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

    // ------------------------------------------------------------------ entry points

    /**
     * Token exchange, JWT authorization grants and client assertions would reach {@link #validateToken} without the
     * audience, acr, nonce and username rules of a browser login: these brokers offer none of them.
     */
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
        if (!BrowserLoginOnly.offers(type)) {
            return false;
        }
        return super.isType(session, type);
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
     * The exception that ends the login on an error page showing {@code messageCode}; the redirect endpoint records
     * {@code reason} on the login's error event ({@link Refusal}). {@code detail} goes to the server log at debug level
     * only; it never holds a token.
     */
    protected IdentityBrokerException refuse(String reason, String detail, String messageCode) {
        return refusal(reason, null, detail, messageCode);
    }

    /**
     * As {@link #refuse(String, String, String)}, naming also the failed {@code check} (e.g. {@code iss}, {@code kid})
     * in the event detail {@value IdTokenChecks#EVENT_DETAIL}.
     */
    protected IdentityBrokerException refuse(String reason, String check, String detail, String messageCode) {
        return refusal(reason, check, detail + ", check " + check, messageCode);
    }

    private Refusal refusal(String reason, String check, String detail, String messageCode) {
        logger.debugf("Refused login through identity provider %s: %s (%s)", config.getAlias(), reason, detail);
        return new Refusal(reason, check, messageCode);
    }

    /**
     * The redirect endpoint: the stock GET flow plus an optional {@code form_post} POST, provider errors turned
     * into translated messages and events, and the PKCE verifier read from the verified authentication session
     * (Keycloak's own lookup reads {@code state} from the query string, which a POST does not have). Every refusal
     * (missing or unknown {@code state}, missing code, token endpoint error, invalid tokens) gets an error event with a
     * {@code reason}; unlike the stock endpoint it never logs the redirect URL (which carries the code) nor the token
     * endpoint's answer.
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
            if (state == null) {
                // an answer that names no login of this browser cannot be trusted, whatever it says
                if (error != null) {
                    String code = SafeProviderText.errorCode(error);
                    event.detail("provider_error", code);
                    // a provider that could not read the request object cannot know the state it carried
                    provider.providerErrorReceived(code);
                }
                return refused(Response.Status.BAD_REQUEST, "state_missing", EidMessages.INVALID_RESPONSE);
            }
            if (error != null) {
                return providerError(state, error, errorDescription);
            }
            try {
                AuthenticationSessionModel authSession = verifiedAuthenticationSession(state);
                session.getContext().setAuthenticationSession(authSession);
                if (authorizationCode == null) {
                    return refused(Response.Status.BAD_REQUEST, "code_missing", EidMessages.INVALID_RESPONSE);
                }
                String response = exchangeCode(authorizationCode);
                BrokeredIdentityContext federatedIdentity = provider.identityFrom(response, event);
                if (Boolean.TRUE.equals(provider.getConfig().isStoreToken()) && federatedIdentity.getToken() == null) {
                    federatedIdentity.setToken(response);
                }
                federatedIdentity.setIdp(provider);
                federatedIdentity.setAuthenticationSession(authSession);
                return callback.authenticated(federatedIdentity);
            } catch (WebApplicationException e) {
                return e.getResponse();
            } catch (IdentityBrokerException e) {
                if (e instanceof Refusal refusal) {
                    refusal.recordOn(event, alias());
                }
                if (e.getMessageCode() != null) {
                    return failed(Response.Status.BAD_GATEWAY, e.getMessageCode());
                }
                logUnexpected(e);
                return refused(Response.Status.BAD_GATEWAY, "broker_error", Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR);
            } catch (RuntimeException e) {
                logUnexpected(e);
                return refused(Response.Status.INTERNAL_SERVER_ERROR, "broker_error", Messages.IDENTITY_PROVIDER_UNEXPECTED_ERROR);
            }
        }

        @POST
        @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
        public Response formPostResponse(MultivaluedMap<String, String> form) {
            if (!provider.acceptsFormPost()) {
                event.event(EventType.IDENTITY_PROVIDER_LOGIN).detail(Details.REASON, "form_post_not_enabled");
                event.error(Errors.INVALID_REQUEST);
                return ErrorPage.error(session, null, Response.Status.METHOD_NOT_ALLOWED, EidMessages.INVALID_RESPONSE);
            }
            AuthorizationResponse response;
            try {
                response = AuthorizationResponse.fromForm(form);
            } catch (IllegalArgumentException e) {
                event.event(EventType.IDENTITY_PROVIDER_LOGIN).detail(Details.REASON, "form_post_invalid");
                event.error(Errors.INVALID_REQUEST);
                return ErrorPage.error(session, null, Response.Status.BAD_REQUEST, EidMessages.INVALID_RESPONSE);
            }
            return authResponse(response.state(), response.code(), response.error(), response.errorDescription());
        }

        /**
         * The authentication session {@code state} names. A state that names no live login of this browser (unknown,
         * tampered with, replayed after the login ended or in another browser) ends on an error page (400) with an
         * error event carrying {@code reason=state_invalid}: Keycloak's own error page when Keycloak chose one (e.g.
         * its "cookie not found"), ours where Keycloak would show its "page has expired" page or send the browser back
         * to the application; Keycloak's event when it recorded one, ours otherwise.
         */
        private AuthenticationSessionModel verifiedAuthenticationSession(String state) {
            String alias = alias();
            event.detail(Details.REASON, "state_invalid").detail(Details.IDENTITY_PROVIDER, alias);
            AuthenticationSessionModel authSession;
            try {
                authSession = callback.getAndVerifyAuthenticationSession(state);
            } catch (WebApplicationException e) {
                boolean recorded = event.getEvent().getError() != null;
                Response answer = e.getResponse();
                if (answer != null && answer.getStatus() >= 400) {
                    if (!recorded) {
                        event.event(EventType.IDENTITY_PROVIDER_LOGIN).error(Errors.INVALID_CODE);
                    }
                    logger.debugf("Refused login through identity provider %s: state_invalid", alias);
                    throw e;
                }
                if (recorded) {
                    logger.debugf("Refused login through identity provider %s: state_invalid", alias);
                    throw new WebApplicationException(ErrorPage.error(session, null, Response.Status.BAD_REQUEST, EidMessages.INVALID_RESPONSE));
                }
                throw new WebApplicationException(refused(Response.Status.BAD_REQUEST, "state_invalid", EidMessages.INVALID_RESPONSE));
            } catch (RuntimeException e) {
                // a state Keycloak cannot even decode
                throw new WebApplicationException(refused(Response.Status.BAD_REQUEST, "state_invalid", EidMessages.INVALID_RESPONSE));
            }
            event.removeDetail(Details.REASON);
            return authSession;
        }

        /**
         * Exchanges the code; the answer of a token endpoint that refuses (a replayed or expired code, ...) is named by
         * its error code in the event, and neither its body nor the code is logged.
         *
         * <p>Upstream limits are Keycloak's HTTP client's ({@code connections-http-client} SPI, server wide): an answer
         * slower than {@code socket-timeout-millis} (5 s by default) is {@code token_endpoint_timeout}; a connection
         * that cannot be made is {@code token_endpoint_unreachable}; a body larger than
         * {@code max-consumed-response-size} (10 MB by default; Keycloak stops reading there) or cut off is
         * {@code token_response_unreadable}; a successful answer not labelled {@code application/json} (RFC 6749
         * section 5.1) is {@code token_response_not_json}.
         */
        private String exchangeCode(String authorizationCode) {
            SimpleHttpRequest request = generateTokenRequest(authorizationCode);
            UpstreamMetrics.Call call = UpstreamMetrics.server().start(alias(), UpstreamMetrics.Endpoint.TOKEN);
            SimpleHttpResponse response;
            try {
                response = request.asResponse();
            } catch (IOException e) {
                call.failed(e);
                throw unavailable(e);
            }
            try (response) {
                int status;
                String body;
                try {
                    status = response.getStatus();
                    body = response.asString();
                    call.answered(status);
                } catch (SocketTimeoutException e) {
                    call.failed(e);
                    throw unavailable(e);
                } catch (IOException e) {
                    call.failed(e);
                    throw provider.refuse("token_response_unreadable", "The token response could not be read (too large or cut off)",
                            EidMessages.INVALID_RESPONSE);
                }
                if (status < 200 || status >= 400) {
                    throw provider.refuse("token_error:" + SafeProviderText.tokenErrorCode(body), "The token endpoint answered HTTP " + status,
                            EidMessages.PROVIDER_ERROR);
                }
                if (!UpstreamAnswerForm.isJson(response.getFirstHeader("Content-Type"))) {
                    throw provider.refuse("token_response_not_json", "The token response is not labelled application/json",
                            EidMessages.INVALID_RESPONSE);
                }
                return body;
            } catch (IOException e) {
                // closing the response: the answer was already read
                throw provider.refuse("token_response_unreadable", "The token response could not be read", EidMessages.INVALID_RESPONSE);
            }
        }

        private IdentityBrokerException unavailable(IOException e) {
            if (e instanceof InterruptedIOException) { // a read timeout, or a connect timeout (Apache's ConnectTimeoutException)
                return provider.refuse("token_endpoint_timeout", "The token endpoint did not answer in time", EidMessages.PROVIDER_UNAVAILABLE);
            }
            return provider.refuse("token_endpoint_unreachable", "The token endpoint could not be reached", EidMessages.PROVIDER_UNAVAILABLE);
        }

        /** Ends the login on Keycloak's error page showing {@code message}, recording {@code reason} on the error event. */
        private Response refused(Response.Status status, String reason, String message) {
            String alias = alias();
            event.detail(Details.REASON, reason).detail(Details.IDENTITY_PROVIDER, alias);
            logger.debugf("Refused login through identity provider %s: %s", alias, reason);
            return failed(status, message);
        }

        private Response failed(Response.Status status, String message) {
            event.event(EventType.IDENTITY_PROVIDER_LOGIN);
            event.error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
            return ErrorPage.error(session, null, status, message);
        }

        /** Only the exception's type and where it was thrown: messages may quote what the provider sent. */
        private void logUnexpected(Exception e) {
            StackTraceElement[] trace = e.getStackTrace();
            logger.errorf("Login through identity provider %s failed unexpectedly: %s at %s", alias(), e.getClass().getName(),
                    trace.length > 0 ? trace[0] : "?");
        }

        private Response providerError(String state, String error, String errorDescription) {
            // throws (and answers the browser) when the state does not belong to a live login of this browser
            AuthenticationSessionModel authSession = verifiedAuthenticationSession(state);
            session.getContext().setAuthenticationSession(authSession);
            String code = SafeProviderText.errorCode(error);
            provider.providerErrorReceived(code);
            ProviderErrorAnswer answer = ProviderErrorAnswer.of(code, errorDescription);
            logger.debugf("Identity provider %s answered error %s", alias(), code);
            if (answer.kind() == ProviderErrorAnswer.Kind.RETRY) {
                // Keycloak records the retry (event detail login_retry)
                return callback.retryLogin(provider, authSession);
            }
            event.event(EventType.IDENTITY_PROVIDER_LOGIN)
                    .detail(Details.IDENTITY_PROVIDER, alias())
                    .detail(Details.REASON, "provider_error:" + code)
                    .error(answer.kind() == ProviderErrorAnswer.Kind.ERROR_PAGE || answer.kind() == ProviderErrorAnswer.Kind.UNAVAILABLE
                            ? Errors.IDENTITY_PROVIDER_LOGIN_FAILURE : Errors.IDENTITY_PROVIDER_ERROR);
            return switch (answer.kind()) {
                case CANCELLED -> callback.error(provider.getConfig(), EidMessages.CANCELLED);
                // Keycloak sends login_required / interaction_required on to the application's redirect URI
                case TO_APPLICATION -> callback.error(provider.getConfig(), answer.code());
                case UNAVAILABLE -> callback.error(provider.getConfig(), EidMessages.PROVIDER_UNAVAILABLE);
                case RETRY, ERROR_PAGE -> callback.error(provider.getConfig(), EidMessages.PROVIDER_ERROR);
            };
        }

        @Override
        public SimpleHttpRequest generateTokenRequest(String authorizationCode) {
            provider.metadata();
            KeycloakContext context = session.getContext();
            SimpleHttpRequest tokenRequest = SimpleHttp.create(session).doPost(provider.getConfig().getTokenUrl())
                    .param(OAUTH2_PARAMETER_CODE, authorizationCode)
                    .param(OAUTH2_PARAMETER_REDIRECT_URI, Urls.identityProviderAuthnResponse(context.getUri().getBaseUri(),
                            alias(), context.getRealm().getName()).toString())
                    .param(OAUTH2_PARAMETER_GRANT_TYPE, OAUTH2_GRANT_TYPE_AUTHORIZATION_CODE);
            AuthenticationSessionModel authSession = context.getAuthenticationSession();
            if (provider.getConfig().isPkceEnabled() && authSession != null) {
                String verifier = authSession.getClientNote(KeycloakNotes.BROKER_CODE_VERIFIER);
                if (verifier != null) {
                    tokenRequest.param(OAuth2Constants.CODE_VERIFIER, verifier);
                }
            }
            return provider.authenticateTokenRequest(tokenRequest);
        }

        private String alias() {
            return provider.getConfig().getAlias();
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
