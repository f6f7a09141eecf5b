package io.eidhub.keycloak.broker;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.stream.StreamSupport;

/**
 * The provider's userinfo for one login: fetched with the access token and read whatever its content type says (JSON,
 * or a signed and/or encrypted JWT, decrypted and verified as the broker does the ID token); its {@code sub} must
 * equal the ID token's. Names and e-mail go onto the brokered identity, the whole answer to the JSON attribute
 * mappers. A refused answer ends the login through {@link EidIdentityProvider#refuse}; neither the access token nor
 * the answer is logged.
 */
final class UserInfoReader {

    private final KeycloakSession session;
    private final EidIdentityProvider<?> provider;
    private final EidIdentityProviderConfig config;

    UserInfoReader(KeycloakSession session, EidIdentityProvider<?> provider) {
        this.session = session;
        this.provider = provider;
        this.config = provider.getConfig();
    }

    /** Fetches the userinfo and adds it to {@code identity}; refuses one about another subject than the ID token's. */
    void addTo(BrokeredIdentityContext identity, String accessToken, JsonWebToken idToken) {
        JsonNode userInfo = fetch(accessToken);
        String sub = provider.getJsonProperty(userInfo, "sub");
        if (sub == null || !sub.equals(idToken.getSubject())) {
            throw provider.refuse("userinfo_sub_mismatch", "The userinfo sub differs from the ID token's", EidMessages.INVALID_RESPONSE);
        }
        apply(identity, userInfo);
        AbstractJsonUserAttributeMapper.storeUserProfileForMapper(identity, userInfo, config.getAlias());
    }

    private JsonNode fetch(String accessToken) {
        String url = config.getUserInfoUrl();
        String body;
        UpstreamMetrics.Call call = UpstreamMetrics.server().start(config.getAlias(), UpstreamMetrics.Endpoint.USERINFO);
        try (SimpleHttpResponse response = SimpleHttp.create(session).doGet(url)
                .header("Authorization", "Bearer " + accessToken).asResponse()) {
            call.answered(response.getStatus());
            if (response.getStatus() != 200) {
                throw provider.refuse("userinfo_error:" + response.getStatus(), "The userinfo endpoint answered " + response.getStatus(), EidMessages.PROVIDER_ERROR);
            }
            body = response.asString();
        } catch (IOException e) {
            call.failed(e);
            throw provider.refuse("userinfo_unreachable", "The userinfo endpoint could not be reached", EidMessages.PROVIDER_UNAVAILABLE);
        }
        String trimmed = body == null ? "" : body.trim();
        if (provider.requireEncryptedUserInfo() && !UpstreamAnswerForm.isEncrypted(trimmed)) {
            // whatever the content type says (itsme labels its encrypted JWT application/json)
            throw provider.refuse("userinfo_not_encrypted", "The userinfo answer is not encrypted", EidMessages.INVALID_RESPONSE);
        }
        try {
            if (trimmed.startsWith("{")) {
                return JsonSerialization.readValue(trimmed, JsonNode.class);
            }
            // a JWT answer must be signed (a JSON answer is taken as sent over TLS)
            JsonNode claims = JsonSerialization.readValue(provider.parseTokenInput(trimmed, true), JsonNode.class);
            checkJwtClaims(claims);
            return claims;
        } catch (IOException | RuntimeException e) {
            if (e instanceof IdentityBrokerException ibe && ibe.getMessageCode() != null) {
                throw ibe;
            }
            throw provider.refuse("userinfo_invalid", "The userinfo answer could not be validated", EidMessages.INVALID_RESPONSE);
        }
    }

    /** A signed userinfo JWT that names an issuer or audience must name this provider and this client. */
    private void checkJwtClaims(JsonNode claims) {
        JsonNode iss = claims.get("iss");
        if (iss != null && !iss.asText().equals(config.getIssuer())) {
            throw provider.refuse("userinfo_invalid", "The userinfo issuer is wrong", EidMessages.INVALID_RESPONSE);
        }
        JsonNode aud = claims.get("aud");
        if (aud != null) {
            boolean ours = aud.isArray()
                    ? StreamSupport.stream(aud.spliterator(), false).anyMatch(a -> config.getClientId().equals(a.asText()))
                    : config.getClientId().equals(aud.asText());
            if (!ours) {
                throw provider.refuse("userinfo_invalid", "The userinfo audience is wrong", EidMessages.INVALID_RESPONSE);
            }
        }
    }

    private void apply(BrokeredIdentityContext identity, JsonNode userInfo) {
        String given = provider.getJsonProperty(userInfo, "given_name");
        String family = provider.getJsonProperty(userInfo, "family_name");
        String email = provider.getJsonProperty(userInfo, "email");
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
}
