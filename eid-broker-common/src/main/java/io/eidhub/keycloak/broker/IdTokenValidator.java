package io.eidhub.keycloak.broker;

import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.events.EventBuilder;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.keys.PublicKeyLoader;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.keys.PublicKeyStorageUtils;
import org.keycloak.keys.loader.OIDCIdentityProviderPublicKeyLoader;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.representations.AccessTokenResponse;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;
import org.keycloak.vault.VaultStringSecret;

import java.io.IOException;
import java.util.function.BiFunction;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The checks of the token response and its ID token that come on top of Keycloak's OIDC broker: a response without
 * tokens, the form and post-checks of the ID token ({@code exp}, {@code iat}, {@code iss}, {@code azp}), its signature
 * algorithm and key, {@code dir} and realm-key decryption, the nonce and the acr. Each method wraps the Keycloak step
 * it extends (passed in as a function), so that {@link EidIdentityProvider} keeps only one-line overrides.
 *
 * <p>One validation at a time: Keycloak creates a provider, and so a validator, per request.
 */
final class IdTokenValidator {

    private final KeycloakSession session;
    private final EidIdentityProvider<?> provider;
    private final EidIdentityProviderConfig config;
    /**
     * The signature check that failed last ({@link IdTokenChecks}): Keycloak's signature verification swallows every
     * exception of {@link #verify} and {@link #key} and only answers false, so the reason travels through this field
     * to {@link #validate}, which resets it before each validation.
     */
    private String failedSignatureCheck;

    IdTokenValidator(KeycloakSession session, EidIdentityProvider<?> provider) {
        this.session = session;
        this.provider = provider;
        this.config = provider.getConfig();
    }

    /**
     * The identity Keycloak's broker reads from the token endpoint's {@code response} ({@code keycloak}), after the
     * token response, nonce and acr checks; records the acr and the level reached ({@link LevelRecorder}).
     *
     * @param event this login's event, or null; gets {@code acr_assumed} when a missing acr was stood in for
     */
    BrokeredIdentityContext identity(String response, EventBuilder event, Function<String, BrokeredIdentityContext> keycloak) {
        checkTokenResponse(response);
        BrokeredIdentityContext identity;
        try {
            identity = keycloak.apply(response);
        } catch (IdentityBrokerException e) {
            if (e.getMessageCode() != null) {
                throw e;
            }
            if (IdTokenChecks.isAuthTimeTooOld(e)) {
                // the application's max_age was sent on (passMaxAge) and the provider's auth_time is older, or missing
                throw provider.refuse("auth_time_too_old", "The provider's auth_time does not meet the application's max_age", EidMessages.INVALID_RESPONSE);
            }
            // not e.getMessage(): Keycloak quotes the provider's error_description there
            throw provider.refuse("invalid_response", "Keycloak's OIDC broker refused the token response", EidMessages.INVALID_RESPONSE);
        }
        JsonWebToken idToken = (JsonWebToken) identity.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN);
        checkNonce(idToken);
        String acr = checkAcr(idToken, event);
        // may answer the application (unmet_authentication_requirements) before any user is looked up or created
        new LevelRecorder(session, provider).record(identity, acr, event);
        if (idToken.getOtherClaims().get("acr") == null) {
            // the level stood in for a missing acr (missingAcr): no acr is kept as the one the provider returned
            identity.getContextData().remove(LevelRecorder.UPSTREAM_ACR);
        }
        return identity;
    }

    /** A token endpoint answer without tokens: names the provider's error code (never its free text) in the event. */
    private void checkTokenResponse(String response) {
        AccessTokenResponse tokenResponse;
        try {
            tokenResponse = JsonSerialization.readValue(response, AccessTokenResponse.class);
        } catch (IOException e) {
            throw provider.refuse("token_response_unreadable", "Could not read the token response", EidMessages.INVALID_RESPONSE);
        }
        if (tokenResponse.getToken() == null || tokenResponse.getIdToken() == null) {
            String error = SafeProviderText.errorCode(tokenResponse.getError());
            throw provider.refuse("token_error:" + error, "Token endpoint answered no tokens (" + error + ")", EidMessages.PROVIDER_ERROR);
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
            throw provider.refuse("nonce_mismatch", "The ID token's nonce does not match the request", EidMessages.INVALID_RESPONSE);
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
            throw provider.refuse("acr_too_low", "The ID token's acr is not a string", EidMessages.ACR_NOT_MET);
        }
        if (returned == null) {
            MissingAcr policy = config.getMissingAcr();
            String standIn = policy.standIn(config.getAcrLevels(),
                    new AcrSelector(session, provider).requestedAcr(session.getContext().getAuthenticationSession()));
            if (standIn == null) {
                throw provider.refuse("acr_missing", "The ID token carries no acr (missingAcr " + policy.value() + ")", EidMessages.ACR_NOT_MET);
            }
            if (!config.getAcrLevels().satisfies(standIn, minimum)) {
                throw provider.refuse("acr_missing", "The ID token carries no acr; counted as " + standIn + ", below " + minimum, EidMessages.ACR_NOT_MET);
            }
            if (event != null) {
                event.detail("acr_assumed", policy.value());
            }
            return standIn;
        }
        if (!config.getAcrLevels().satisfies(returned, minimum)) {
            throw provider.refuse("acr_too_low", "The ID token's acr " + SafeProviderText.printable(returned) + " is below " + minimum, EidMessages.ACR_NOT_MET);
        }
        return config.getAcrLevels().canonical(returned);
    }

    /**
     * Keycloak's ID-token validation ({@code keycloak}) framed by ours: an incomplete JWE and the provider's token-form
     * check before it; its failures named by their check only (Keycloak's messages may quote the token); then a
     * required {@code exp} and {@code iss}, no {@code iat} in the future, and {@code azp} when there are several audiences.
     */
    JsonWebToken validate(String encodedToken, Supplier<JsonWebToken> keycloak) {
        if (UpstreamAnswerForm.isIncompleteJwe(encodedToken)) {
            throw provider.refuse("invalid_id_token", IdTokenChecks.FORMAT, "The ID token is an incomplete JWE", EidMessages.INVALID_RESPONSE);
        }
        provider.checkTokenForm(encodedToken);
        JsonWebToken token;
        failedSignatureCheck = null;
        try {
            token = keycloak.get();
        } catch (IdentityBrokerException e) {
            if (e.getMessageCode() != null) {
                throw e;
            }
            // Keycloak's message may quote the token (e.g. the wrong issuer): only the name of the check is kept
            String check = failedSignatureCheck != null ? failedSignatureCheck : IdTokenChecks.of(e);
            throw provider.refuse("invalid_id_token", check, "The ID token failed the check", EidMessages.INVALID_RESPONSE);
        } catch (RuntimeException e) {
            // the JOSE parser's own failures (not a JWT at all): their messages may quote the token too
            throw provider.refuse("invalid_id_token", IdTokenChecks.FORMAT, "The ID token could not be parsed (" + e.getClass().getSimpleName() + ")",
                    EidMessages.INVALID_RESPONSE);
        }
        if (token.getExp() == null) {
            throw provider.refuse("invalid_id_token", IdTokenChecks.LIFETIME, "The ID token has no exp", EidMessages.INVALID_RESPONSE);
        }
        if (token.getIat() != null && token.getIat() > Time.currentTime() + config.getAllowedClockSkew()) {
            throw provider.refuse("iat_in_future", IdTokenChecks.ISSUED_AT, "The ID token was issued in the future", EidMessages.INVALID_RESPONSE);
        }
        if (token.getIssuer() == null) {
            throw provider.refuse("invalid_id_token", IdTokenChecks.ISSUER, "The ID token has no iss", EidMessages.INVALID_RESPONSE);
        }
        if (!IdTokenChecks.authorizedPartyPresentWhenNeeded(token)) {
            // OpenID Connect Core 3.1.3.7: several audiences and no azp (Keycloak checks azp only when present)
            throw provider.refuse("invalid_id_token", IdTokenChecks.AUTHORIZED_PARTY, "The ID token has several audiences and no azp",
                    EidMessages.INVALID_RESPONSE);
        }
        return token;
    }

    /**
     * Refuses an unsigned token ({@code alg=none}, or no signature) before any key is looked up: Keycloak
     * ({@code keycloak}) would look for a key of algorithm "none" and, for a token without {@code kid}, refetch the
     * provider's JWKS to find one.
     */
    boolean verify(JWSInput jws, BooleanSupplier keycloak) {
        String alg = jws.getHeader() == null ? null : jws.getHeader().getRawAlgorithm();
        if (alg == null || "none".equalsIgnoreCase(alg) || jws.getSignature() == null || jws.getSignature().length == 0) {
            failedSignatureCheck = IdTokenChecks.ALGORITHM;
            return false;
        }
        return keycloak.getAsBoolean();
    }

    /**
     * The provider's key for {@code jws} from Keycloak's public key cache, as Keycloak's OIDC broker looks it up
     * ({@code PublicKeyStorageManager}, JWKS URL branch: the only one, {@link EidIdentityProviderConfig#isUseJwksUrl}),
     * with the JWKS fetch on a cache miss timed ({@link UpstreamMetrics}). Notes a key miss: Keycloak has then
     * refetched the JWKS (at most every 10 s by default) without finding the kid.
     */
    KeyWrapper key(JWSInput jws) {
        PublicKeyLoader loader = UpstreamMetrics.server().timed(config.getAlias(), new OIDCIdentityProviderPublicKeyLoader(session, config));
        String modelKey = PublicKeyStorageUtils.getIdpModelCacheKey(session.getContext().getRealm().getId(), config.getInternalId());
        KeyWrapper key = session.getProvider(PublicKeyStorageProvider.class)
                .getPublicKey(modelKey, jws.getHeader().getKeyId(), jws.getHeader().getRawAlgorithm(), loader);
        if (key == null) {
            failedSignatureCheck = IdTokenChecks.KEY_ID;
        }
        return key;
    }

    /**
     * Decrypts {@code alg=dir} JWEs with the key derived from the client secret, and RSA-OAEP / RSA-OAEP-256 JWEs with
     * any RSA encryption key of the realm ({@link RealmKeyDecryption}); hands the rest (and the decrypted content) to
     * Keycloak's parsing ({@code keycloak}).
     */
    String decrypt(String encodedToken, boolean shouldBeSigned, BiFunction<String, Boolean, String> keycloak) {
        if (encodedToken != null && DirectEncryption.isDirect(encodedToken)) {
            if (!config.usesClientSecret()) {
                // a key-pair client has no real secret (at most a placeholder typed in the admin form): dir proves nothing
                throw provider.refuse("id_token_not_encrypted", "An alg=dir ID token for a key-pair client", EidMessages.INVALID_RESPONSE);
            }
            String inner = DirectEncryption.decrypt(session, encodedToken, clientSecret());
            return keycloak.apply(inner, shouldBeSigned);
        }
        if (encodedToken != null && RealmKeyDecryption.applies(encodedToken)) {
            String inner = RealmKeyDecryption.decrypt(session, session.getContext().getRealm(), encodedToken);
            if (!shouldBeSigned && inner.trim().startsWith("{")) {
                // an encrypted-only userinfo answer
                return inner;
            }
            return keycloak.apply(inner, shouldBeSigned);
        }
        return keycloak.apply(encodedToken, shouldBeSigned);
    }

    private String clientSecret() {
        try (VaultStringSecret secret = session.vault().getStringSecret(config.getClientSecret())) {
            String value = secret.get().orElse(config.getClientSecret());
            if (value == null || value.isEmpty()) {
                throw provider.refuse("invalid_id_token", "A dir-encrypted token needs a client secret", EidMessages.INVALID_RESPONSE);
            }
            return value;
        }
    }
}
