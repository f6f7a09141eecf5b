package io.eidhub.keycloak.broker;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.OAuth2Constants;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.regex.Pattern;

/**
 * What of a provider's own words may go into an event detail, a reason or a log line: an error code only when it
 * looks like one, never a free-text description; any other value shortened and reduced to printable characters.
 */
final class SafeProviderText {

    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");

    private SafeProviderText() {
    }

    /** The provider's {@code error} code, {@code none} when it sent none, {@code unrecognized} when it is no code. */
    static String errorCode(String error) {
        if (error == null) {
            return "none";
        }
        return ERROR_CODE.matcher(error).matches() ? error : "unrecognized";
    }

    /** The {@code error} code of a token endpoint's error answer (see {@link #errorCode}), or {@code unreadable}. */
    static String tokenErrorCode(String body) {
        try {
            JsonNode error = body == null ? null : JsonSerialization.readValue(body, JsonNode.class).get(OAuth2Constants.ERROR);
            return errorCode(error == null || !error.isTextual() ? null : error.asText());
        } catch (IOException | RuntimeException e) {
            return "unreadable";
        }
    }

    /** At most the first 80 characters of {@code value}, each non-printable one replaced by {@code ?}. */
    static String printable(String value) {
        String shortened = value.length() > 80 ? value.substring(0, 80) : value;
        return shortened.replaceAll("[^\\p{Print}]", "?");
    }
}
