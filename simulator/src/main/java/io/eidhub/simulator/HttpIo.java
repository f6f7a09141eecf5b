package io.eidhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Small helpers around {@link HttpExchange}: parameter parsing and responses. */
final class HttpIo {

    static final String FORM = "application/x-www-form-urlencoded";
    private static final int MAX_BODY = 1 << 20;

    private HttpIo() {
    }

    /** Parses {@code a=1&b=2} (form or query encoding) keeping repeated names. */
    static Map<String, List<String>> parseParams(String raw) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        return out;
    }

    static Map<String, List<String>> query(HttpExchange ex) {
        return parseParams(ex.getRequestURI().getRawQuery());
    }

    /** The form body; empty when the request carries no form content type. */
    static Map<String, List<String>> form(HttpExchange ex) throws IOException {
        String type = ex.getRequestHeaders().getFirst("Content-Type");
        if (type == null || !type.toLowerCase().startsWith(FORM)) {
            return new LinkedHashMap<>();
        }
        return parseParams(body(ex));
    }

    static String body(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new IOException("request body too large");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** First value per name. */
    static Map<String, String> single(Map<String, List<String>> params) {
        Map<String, String> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.isEmpty() ? "" : v.get(0)));
        return out;
    }

    /** OAuth 2.0: request parameters MUST NOT be included more than once. */
    static String firstRepeated(Map<String, List<String>> params) {
        for (Map.Entry<String, List<String>> e : params.entrySet()) {
            if (e.getValue().size() > 1) {
                return e.getKey();
            }
        }
        return null;
    }

    /** The request parameters as JSON-friendly values (a string, or a list when repeated). */
    static Map<String, Object> recordable(Map<String, List<String>> params) {
        Map<String, Object> out = new LinkedHashMap<>();
        params.forEach((k, v) -> out.put(k, v.size() == 1 ? v.get(0) : new ArrayList<>(v)));
        return out;
    }

    static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    /** Appends query parameters (null values skipped) to a URI that may already carry a query. */
    static String appendQuery(String uri, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(uri);
        boolean first = !uri.contains("?");
        for (Map.Entry<String, String> e : params.entrySet()) {
            if (e.getValue() == null) {
                continue;
            }
            sb.append(first ? '?' : '&').append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            first = false;
        }
        return sb.toString();
    }

    static void send(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        if (contentType != null) {
            ex.getResponseHeaders().set("Content-Type", contentType);
        }
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
        ex.close();
    }

    static void json(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json;charset=UTF-8", Json.write(value).getBytes(StandardCharsets.UTF_8));
    }

    static void prettyJson(HttpExchange ex, int status, Object value) throws IOException {
        send(ex, status, "application/json;charset=UTF-8", Json.pretty(value).getBytes(StandardCharsets.UTF_8));
    }

    static void noStore(HttpExchange ex) {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("Pragma", "no-cache");
    }

    static void html(HttpExchange ex, int status, String html) throws IOException {
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, status, "text/html;charset=UTF-8", html.getBytes(StandardCharsets.UTF_8));
    }

    static void text(HttpExchange ex, int status, String text) throws IOException {
        send(ex, status, "text/plain;charset=UTF-8", text.getBytes(StandardCharsets.UTF_8));
    }

    static void redirect(HttpExchange ex, String location) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        send(ex, 302, null, new byte[0]);
    }

    static void methodNotAllowed(HttpExchange ex, String allowed) throws IOException {
        ex.getResponseHeaders().set("Allow", allowed);
        text(ex, 405, "method not allowed; use " + allowed);
    }
}
