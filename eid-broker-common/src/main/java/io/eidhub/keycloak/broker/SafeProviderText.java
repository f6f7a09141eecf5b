package io.eidhub.keycloak.broker;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.OAuth2Constants;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.Set;

/**
 * What of a provider's own words may go into an event detail, a reason or a log line: an error code only when it is
 * one of the documented codes ({@link #DOCUMENTED_ERRORS}), never a free-text description; any other value shortened
 * and reduced to printable characters. So the {@code reason} of an event is one of a small fixed set (README
 * "Operating it"), whatever a provider answers.
 */
final class SafeProviderText {

    /**
     * The error codes of RFC 6749 (4.1.2.1, 5.2), OpenID Connect Core 1.0 (3.1.2.6), RFC 9470 and the ones itsme
     * lists besides them for its authorization endpoint (e.g. its own spelling {@code temporary_unavailable}).
     */
    static final Set<String> DOCUMENTED_ERRORS = Set.of(
            "invalid_request", "unauthorized_client", "access_denied", "unsupported_response_type", "invalid_scope",
            "server_error", "temporarily_unavailable", "invalid_client", "invalid_grant", "unsupported_grant_type",
            "interaction_required", "login_required", "account_selection_required", "consent_required",
            "invalid_request_uri", "invalid_request_object", "request_not_supported", "request_uri_not_supported",
            "registration_not_supported", "unmet_authentication_requirements",
            "temporary_unavailable", "unsupported_request", "invalid_client_id", "invalid_redirect_uri", "unsupported_display");

    private SafeProviderText() {
    }

    /** The provider's {@code error} code, {@code none} when it sent none, {@code unrecognized} when it is no documented code. */
    static String errorCode(String error) {
        if (error == null) {
            return "none";
        }
        return DOCUMENTED_ERRORS.contains(error) ? error : "unrecognized";
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

    /**
     * The one way to quote provider or admin text in a message or log line: null as {@code ""}, more than 60
     * characters cut to the first 60 and {@code ...}, each non-printable character replaced by {@code ?}.
     */
    static String printable(String value) {
        if (value == null) {
            return "";
        }
        String shortened = value.length() > 60 ? value.substring(0, 60) + "..." : value;
        return shortened.replaceAll("[^\\p{Print}]", "?");
    }
}
