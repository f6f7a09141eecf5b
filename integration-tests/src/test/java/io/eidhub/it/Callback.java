package io.eidhub.it;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An authorization response on its way from the simulator to Keycloak's broker endpoint, captured before the browser
 * delivers it: a redirect (GET, parameters in the query) or a {@code form_post} (POST, parameters in the body).
 * Tests deliver it once, twice, to another browser, or with a parameter changed.
 */
public record Callback(String method, URI endpoint, Map<String, String> parameters) {

    public Callback {
        parameters = Map.copyOf(parameters);
    }

    public static Callback get(URI url) {
        String raw = url.toString();
        int q = raw.indexOf('?');
        URI endpoint = URI.create(q < 0 ? raw : raw.substring(0, q));
        return new Callback("GET", endpoint, parse(url));
    }

    public static Callback post(URI action, Map<String, String> fields) {
        return new Callback("POST", action, fields);
    }

    public String state() {
        return parameters.get("state");
    }

    public String code() {
        return parameters.get("code");
    }

    /** The same response with one parameter changed, or removed when {@code value} is null. */
    public Callback with(String name, String value) {
        Map<String, String> changed = new LinkedHashMap<>(parameters);
        if (value == null) {
            changed.remove(name);
        } else {
            changed.put(name, value);
        }
        return new Callback(method, endpoint, changed);
    }

    /** Delivers the response as the browser would (following Keycloak's redirects). */
    public Page deliver(Browser browser) {
        if ("POST".equals(method)) {
            return browser.post(endpoint, parameters);
        }
        return browser.get(parameters.isEmpty() ? endpoint : URI.create(endpoint + "?" + Browser.formEncode(parameters)));
    }

    private static Map<String, String> parse(URI url) {
        Map<String, String> out = new LinkedHashMap<>();
        String query = url.getRawQuery();
        if (query == null) {
            return out;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            out.put(decode(eq < 0 ? pair : pair.substring(0, eq)), eq < 0 ? "" : decode(pair.substring(eq + 1)));
        }
        return out;
    }

    private static String decode(String s) {
        return java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        // never the code or state values: test output is a log too
        return method + " " + endpoint + " with " + parameters.keySet().stream().collect(Collectors.joining(", "));
    }
}
