package io.eidhub.simulator.demo;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The demo app's HTTP plumbing: HTML answers with its security headers, redirects, cookies, query strings, random values. */
final class DemoHttp {

    private static final SecureRandom RANDOM = new SecureRandom();

    private DemoHttp() {
    }

    static boolean isGet(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    static void drain(HttpExchange ex) throws IOException {
        try (InputStream in = ex.getRequestBody()) {
            in.readNBytes(64 * 1024);
        }
    }

    static void send(HttpExchange ex, int status, String html, List<String> setCookies) throws IOException {
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "text/html;charset=UTF-8");
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        // no form-action: the logout form's redirect chain passes through Keycloak and the providers' end_session
        ex.getResponseHeaders().set("Content-Security-Policy",
                "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        setCookies.forEach(c -> ex.getResponseHeaders().add("Set-Cookie", c));
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void redirect(HttpExchange ex, String location, List<String> setCookies) throws IOException {
        ex.getResponseHeaders().set("Location", location);
        ex.getResponseHeaders().set("Cache-Control", "no-store");
        ex.getResponseHeaders().set("Referrer-Policy", "no-referrer");
        setCookies.forEach(c -> ex.getResponseHeaders().add("Set-Cookie", c));
        ex.sendResponseHeaders(302, -1);
    }

    static void methodNotAllowed(HttpExchange ex, String allowed) throws IOException {
        ex.getResponseHeaders().set("Allow", allowed);
        send(ex, 405, DemoPages.error("Method not allowed", "Use " + allowed + "."), List.of());
    }

    static String cookie(String name, String value, int maxAge) {
        return name + "=" + value + "; Path=" + DemoApp.PATH + "; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax";
    }

    static Map<String, String> cookies(HttpExchange ex) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> headers = ex.getRequestHeaders().get("Cookie");
        if (headers == null) {
            return out;
        }
        for (String header : headers) {
            // browsers send "a=1; b=2"; RFC 2965 clients (java.net.CookieManager) "$Version=1; a="1"; $Path=..."
            for (String part : header.split("[;,]")) {
                int eq = part.indexOf('=');
                String name = eq > 0 ? part.substring(0, eq).trim() : "";
                if (name.isEmpty() || name.startsWith("$")) {
                    continue;
                }
                String value = part.substring(eq + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                out.putIfAbsent(name, value);
            }
        }
        return out;
    }

    static Map<String, String> params(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            String k = decode(eq < 0 ? pair : pair.substring(0, eq));
            String v = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.putIfAbsent(k, v);
        }
        return out;
    }

    static String appendQuery(String url, Map<String, String> params) {
        StringBuilder sb = new StringBuilder(url);
        char sep = url.contains("?") ? '&' : '?';
        for (Map.Entry<String, String> e : params.entrySet()) {
            sb.append(sep).append(encode(e.getKey())).append('=').append(encode(e.getValue()));
            sep = '&';
        }
        return sb.toString();
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
