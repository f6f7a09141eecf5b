package io.eidhub.keycloak.broker;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.Map;

/**
 * Reads a claim by its literal name (itsme's claim names are URIs full of dots and slashes, which Keycloak's own
 * claim mappers would read as a JSON path) from the validated ID token first, then from the userinfo answer.
 */
public final class UpstreamClaims {

    private UpstreamClaims() {
    }

    /** The claim's value as text (objects and arrays as compact JSON), or null when the provider did not send it. */
    public static String find(BrokeredIdentityContext context, String claimName) {
        Object value = fromIdToken(context, claimName);
        if (value == null) {
            value = fromUserInfo(context, claimName);
        }
        return asText(value);
    }

    /** The claim's value as JSON (text, number, boolean, object or array), or null when the provider did not send it. */
    public static JsonNode node(BrokeredIdentityContext context, String claimName) {
        Object value = fromIdToken(context, claimName);
        if (value == null) {
            value = fromUserInfo(context, claimName);
        }
        if (value == null) {
            return null;
        }
        JsonNode node = value instanceof JsonNode json ? json : JsonSerialization.mapper.valueToTree(value);
        return node == null || node.isNull() || node.isMissingNode() ? null : node;
    }

    private static Object fromIdToken(BrokeredIdentityContext context, String claimName) {
        Object token = context.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN);
        if (!(token instanceof JsonWebToken idToken)) {
            return null;
        }
        if ("sub".equals(claimName)) {
            return idToken.getSubject();
        }
        Map<String, Object> claims = idToken.getOtherClaims();
        return claims.get(claimName);
    }

    private static Object fromUserInfo(BrokeredIdentityContext context, String claimName) {
        Object userInfo = context.getContextData().get(AbstractJsonUserAttributeMapper.CONTEXT_JSON_NODE);
        if (userInfo instanceof JsonNode node && node.isObject()) {
            JsonNode value = node.get(claimName);
            return value == null || value.isNull() ? null : value;
        }
        return null;
    }

    static String asText(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof JsonNode node) {
            return node.isValueNode() ? emptyToNull(node.asText()) : node.toString();
        }
        if (value instanceof String || value instanceof Number || value instanceof Boolean) {
            return emptyToNull(value.toString());
        }
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            return null;
        }
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }
}
