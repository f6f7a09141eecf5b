package io.eidhub.keycloak.broker;

import java.util.List;
import java.util.Map;

/**
 * The parameters of an authorization response (RFC 6749 §4.1.2, §4.1.2.1) sent with
 * {@code response_mode=form_post} (OAuth 2.0 Form Post Response Mode) in the body of an HTTP POST.
 * An empty value counts as absent; a parameter sent more than once makes the response invalid (RFC 6749 §3.1).
 */
record AuthorizationResponse(String state, String code, String error, String errorDescription) {

    public static final String STATE = "state";
    public static final String CODE = "code";
    public static final String ERROR = "error";
    public static final String ERROR_DESCRIPTION = "error_description";

    /**
     * @param form the decoded form body
     * @throws IllegalArgumentException when {@code state}, {@code code}, {@code error} or {@code error_description}
     *                                  appears more than once
     */
    public static AuthorizationResponse fromForm(Map<String, List<String>> form) {
        return new AuthorizationResponse(single(form, STATE), single(form, CODE), single(form, ERROR), single(form, ERROR_DESCRIPTION));
    }

    private static String single(Map<String, List<String>> form, String name) {
        List<String> values = form == null ? null : form.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw new IllegalArgumentException("parameter " + name + " sent more than once");
        }
        String value = values.get(0);
        return value == null || value.isEmpty() ? null : value;
    }
}
