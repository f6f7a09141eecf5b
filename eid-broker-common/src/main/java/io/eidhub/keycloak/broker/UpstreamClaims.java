package io.eidhub.keycloak.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

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

    /**
     * Data minimisation inside the hub: removes every claim of {@code known} (the provider's user claims) that is not
     * in {@code needed} from the validated ID token and the userinfo answer, and clears the profile fields Keycloak
     * filled from a removed {@code given_name}, {@code family_name} or {@code email}. Mappers then see only what the
     * application asked for. Protocol claims ({@code sub}, {@code acr}, ...) are not in {@code known} and stay.
     */
    public static void retain(BrokeredIdentityContext context, Set<String> known, Set<String> needed) {
        Set<String> dropped = new HashSet<>(known);
        dropped.removeAll(needed);
        if (context.getContextData().get(OIDCIdentityProvider.VALIDATED_ID_TOKEN) instanceof JsonWebToken idToken) {
            idToken.getOtherClaims().keySet().removeAll(dropped);
        }
        if (context.getContextData().get(AbstractJsonUserAttributeMapper.CONTEXT_JSON_NODE) instanceof ObjectNode userInfo) {
            userInfo.remove(dropped);
        }
        if (dropped.contains("given_name")) {
            context.setFirstName(null);
        }
        if (dropped.contains("family_name")) {
            context.setLastName(null);
        }
        if (dropped.contains("email")) {
            context.setEmail(null);
        }
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
