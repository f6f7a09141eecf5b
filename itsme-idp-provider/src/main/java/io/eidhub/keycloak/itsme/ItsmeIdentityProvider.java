package io.eidhub.keycloak.itsme;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eidhub.keycloak.broker.EidIdentityProvider;
import io.eidhub.keycloak.broker.EidMessages;
import jakarta.ws.rs.core.UriBuilder;
import org.keycloak.OAuth2Constants;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * itsme (Belgian Mobile ID) as an OpenID Connect broker. The shared eID base does discovery, acr enforcement, PKCE,
 * userinfo and error handling; this class adds what is itsme's own:
 * <ul>
 *   <li>the {@code service:<code>} scope (through the configuration's scope), with the optional scopes only when
 *       {@code claimsDelivery=userinfo};</li>
 *   <li>the {@code claims} parameter, asking for claims one by one in the ID token ({@code claimsDelivery=id_token}:
 *       those of the chosen scopes too, and userinfo is not called); the level goes as {@code acr_values} only;</li>
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

    @Override
    protected void customizeAuthorizationRequest(UriBuilder uri, AuthenticationRequest request) {
        ItsmeIdentityProviderConfig config = eidConfig();
        ObjectNode claims = ItsmeAuthorizationParameters.claims(config.getIdTokenClaims());
        Map<String, String> parameters = ItsmeAuthorizationParameters.parseQuery(uri.build().getRawQuery());
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
        return eidConfig().readsUserInfo();
    }

    /** itsme always encrypts the userinfo JWT of a key-pair client; a client-secret client may get plain JSON. */
    @Override
    protected boolean requireEncryptedUserInfo() {
        return !eidConfig().usesClientSecret();
    }

    /** itsme could not decrypt or verify the request object: its encryption key may have changed, read it again. */
    @Override
    protected void providerErrorReceived(String code) {
        ItsmeIdentityProviderConfig config = eidConfig();
        if (INVALID_REQUEST_OBJECT.equals(code) && config.usesRequestObject()) {
            ItsmeEncryptionKey.reload(session, session.getContext().getRealm().getId(), ItsmeRequestObject.brokerId(config),
                    config.getConfig(), metadata().jwksUri());
        }
    }

    /** Key-pair clients get their ID token encrypted to the realm's key; a plain JWS means something is wrong. */
    @Override
    protected void checkTokenForm(String encodedToken) {
        if (!eidConfig().usesClientSecret() && !isEncrypted(encodedToken)) {
            throw refuse("id_token_not_encrypted", "itsme sent an unencrypted ID token to a key-pair client", EidMessages.INVALID_RESPONSE);
        }
    }
}
