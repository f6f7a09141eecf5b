package io.eidhub.keycloak.itsme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.OAuth2Constants;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * The itsme-specific parts of the authorization request, as plain functions: the scope, the {@code claims}
 * parameter, the claims of a request object and the query string that goes with it.
 */
final class ItsmeAuthorizationParameters {

    static final String CLAIMS = "claims";
    static final String REQUEST = "request";

    /** Parameters itsme wants in the query string even when a request object carries them too. */
    static final Set<String> KEPT_BESIDE_REQUEST_OBJECT = Set.of(
            OAuth2Constants.RESPONSE_TYPE, OAuth2Constants.CLIENT_ID, OAuth2Constants.SCOPE, OAuth2Constants.REDIRECT_URI);

    /** The languages of itsme's pages ({@code ui_locales}), the fallback first. */
    static final List<String> UI_LOCALES = List.of("en", "fr", "nl", "de");

    /** Lifetime of a request object. */
    static final int REQUEST_OBJECT_LIFETIME_SECONDS = 300;

    private ItsmeAuthorizationParameters() {
    }

    /** {@code openid service:<code>} followed by the optional scopes, e.g. {@code openid service:X profile email}. */
    static String scope(String serviceCode, List<String> scopes) {
        StringJoiner scope = new StringJoiner(" ");
        scope.add("openid");
        scope.add("service:" + serviceCode);
        scopes.stream().filter(s -> !"openid".equals(s)).distinct().forEach(scope::add);
        return scope.toString();
    }

    /**
     * The {@code claims} parameter: each claim requested individually in the ID token (as itsme recommends), or null
     * when there is none. Never {@code acr}: itsme does not support it as a {@code claims} member (it answers
     * {@code unsupported_request}); the level goes as {@code acr_values} only.
     */
    static ObjectNode claims(List<ItsmeClaims.Claim> requested) {
        if (requested.isEmpty()) {
            return null;
        }
        ObjectNode idToken = JsonNodeFactory.instance.objectNode();
        for (ItsmeClaims.Claim claim : requested) {
            idToken.putNull(claim.name());
        }
        ObjectNode claims = JsonNodeFactory.instance.objectNode();
        claims.set("id_token", idToken);
        return claims;
    }

    /**
     * The payload of a request object: the authorization parameters (the {@code claims} parameter as a JSON object),
     * {@code iss} = client_id, {@code aud} = itsme's issuer, {@code iat}, {@code exp} and a unique {@code jti}.
     */
    static Map<String, Object> requestObjectClaims(Map<String, String> parameters, JsonNode claims,
                                                   String clientId, String audience, long now, String jti) {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("iss", clientId);
        payload.put("aud", audience);
        for (Map.Entry<String, String> parameter : parameters.entrySet()) {
            if (CLAIMS.equals(parameter.getKey()) || REQUEST.equals(parameter.getKey())) {
                continue;
            }
            payload.put(parameter.getKey(), parameter.getValue());
        }
        if (claims != null) {
            payload.put(CLAIMS, claims);
        }
        payload.put("iat", now);
        payload.put("exp", now + REQUEST_OBJECT_LIFETIME_SECONDS);
        payload.put("jti", jti);
        return payload;
    }

    /** The query parameters sent beside a request object: the four itsme requires, then {@code request}. */
    static Map<String, String> besideRequestObject(Map<String, String> parameters, String requestObject) {
        Map<String, String> kept = new LinkedHashMap<>();
        parameters.forEach((name, value) -> {
            if (KEPT_BESIDE_REQUEST_OBJECT.contains(name)) {
                kept.put(name, value);
            }
        });
        kept.put(REQUEST, requestObject);
        return kept;
    }

    /** Decodes a raw query string; the first value of a repeated parameter wins. */
    static Map<String, String> parseQuery(String rawQuery) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return parameters;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            parameters.putIfAbsent(name, value);
        }
        return parameters;
    }

    /** Encodes parameters as a raw query string (spaces as {@code %20}). */
    static String toQuery(Map<String, String> parameters) {
        StringJoiner query = new StringJoiner("&");
        parameters.forEach((name, value) -> query.add(encode(name) + "=" + encode(value)));
        return query.toString();
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
