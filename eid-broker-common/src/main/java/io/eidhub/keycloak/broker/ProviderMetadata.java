package io.eidhub.keycloak.broker;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of an OpenID Provider's discovery document the brokers use. Built only through {@link #parse(JsonNode)},
 * which refuses a document that lacks a required endpoint or carries a URL that is not absolute http(s).
 */
public record ProviderMetadata(
        String issuer,
        String authorizationEndpoint,
        String tokenEndpoint,
        String userinfoEndpoint,
        String jwksUri,
        String endSessionEndpoint,
        List<String> acrValuesSupported,
        List<String> requestObjectEncryptionAlgs,
        List<String> requestObjectEncryptionEncs,
        List<String> responseModesSupported) {

    public static ProviderMetadata parse(JsonNode document) {
        if (document == null || !document.isObject()) {
            throw new IllegalArgumentException("discovery document is not a JSON object");
        }
        return new ProviderMetadata(
                requiredText(document, "issuer"),
                requiredUrl(document, "authorization_endpoint"),
                requiredUrl(document, "token_endpoint"),
                optionalUrl(document, "userinfo_endpoint"),
                requiredUrl(document, "jwks_uri"),
                optionalUrl(document, "end_session_endpoint"),
                strings(document, "acr_values_supported"),
                strings(document, "request_object_encryption_alg_values_supported"),
                strings(document, "request_object_encryption_enc_values_supported"),
                strings(document, "response_modes_supported"));
    }

    public boolean hasUserinfoEndpoint() {
        return userinfoEndpoint != null;
    }

    public boolean hasEndSessionEndpoint() {
        return endSessionEndpoint != null;
    }

    private static String requiredText(JsonNode document, String field) {
        JsonNode node = document.get(field);
        if (node == null || !node.isTextual() || node.asText().isBlank()) {
            throw new IllegalArgumentException("discovery document has no " + field);
        }
        return node.asText();
    }

    private static String requiredUrl(JsonNode document, String field) {
        String url = requiredText(document, field);
        if (!isHttpUrl(url)) {
            throw new IllegalArgumentException("discovery document has an invalid " + field);
        }
        return url;
    }

    private static String optionalUrl(JsonNode document, String field) {
        JsonNode node = document.get(field);
        if (node == null || node.isNull() || (node.isTextual() && node.asText().isBlank())) {
            return null;
        }
        if (!node.isTextual() || !isHttpUrl(node.asText())) {
            throw new IllegalArgumentException("discovery document has an invalid " + field);
        }
        return node.asText();
    }

    private static List<String> strings(JsonNode document, String field) {
        List<String> values = new ArrayList<>();
        JsonNode node = document.get(field);
        if (node != null && node.isArray()) {
            node.forEach(value -> {
                if (value.isTextual()) {
                    values.add(value.asText());
                }
            });
        }
        return List.copyOf(values);
    }

    /** True for an absolute http or https URL with a host. */
    public static boolean isHttpUrl(String value) {
        if (value == null || value.isBlank()) {
            return false;
        }
        try {
            URI uri = URI.create(value.trim());
            String scheme = uri.getScheme();
            return uri.isAbsolute() && uri.getHost() != null
                    && ("https".equalsIgnoreCase(scheme) || "http".equalsIgnoreCase(scheme));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
