package io.eidhub.simulator;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** A tiny relying party for the tests: java.net.http, no redirects followed. */
final class TestClient {

    private final HttpClient http = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    HttpResponse<String> get(String url, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postForm(String url, Map<String, String> form, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form)));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> postJson(String url, String json) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** GET the authorization URL, expect the phone page, return the tx id. */
    String phonePage(String authorizeUrl) throws IOException, InterruptedException {
        HttpResponse<String> r = get(authorizeUrl);
        assertEquals(200, r.statusCode(), r.body());
        Matcher m = Pattern.compile("name=\"tx\" value=\"([^\"]+)\"").matcher(r.body());
        assertNotNull(m.find() ? m.group(1) : null, "no tx in phone page");
        return m.group(1);
    }

    HttpResponse<String> decide(String decisionUrl, String tx, String person, String decision)
            throws IOException, InterruptedException {
        return postForm(decisionUrl, Map.of("tx", tx, "person", person, "decision", decision));
    }

    /** An IDEMIA client authenticating with {@code client_secret_basic}, the documented default, at one redirect URI. */
    static ClientRegistration.Builder idemiaBasicClient(String clientId, String secret, String redirectUri) {
        return ClientRegistration.builder("idemia", clientId)
                .authMethod("client_secret_basic")
                .clientSecret(secret)
                .redirectUri(redirectUri);
    }

    /**
     * The query of an IDEMIA authorization request with PKCE: scope {@code openid id_basic mt_scope}, the given
     * {@code state}, nonce {@code n-<state>}, and the challenge of {@link #PKCE_VERIFIER}.
     */
    static Map<String, String> idemiaPkceAuthorization(String clientId, String redirectUri, String state) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("client_id", clientId);
        p.put("redirect_uri", redirectUri);
        p.put("response_type", "code");
        p.put("scope", "openid id_basic mt_scope");
        p.put("state", state);
        p.put("nonce", "n-" + state);
        p.put("code_challenge", Ids.s256(PKCE_VERIFIER));
        p.put("code_challenge_method", "S256");
        return p;
    }

    /** The code verifier of {@link #idemiaPkceAuthorization}. */
    static final String PKCE_VERIFIER = "v".repeat(43);

    /** Opens the phone page at {@code authorizeUrl}, approves as {@code person} and returns the code of the redirect. */
    String approvedCode(String authorizeUrl, String decisionUrl, String person) throws Exception {
        String tx = phonePage(authorizeUrl);
        HttpResponse<String> r = decide(decisionUrl, tx, person, "approve");
        return queryOf(r.headers().firstValue("Location").orElseThrow()).get("code");
    }

    static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String url(String base, Map<String, String> params) {
        return base + "?" + formEncode(params);
    }

    /** Query parameters of a Location header. */
    static Map<String, String> queryOf(String location) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = URI.create(location).getRawQuery();
        if (q != null) {
            for (String pair : q.split("&")) {
                int eq = pair.indexOf('=');
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    /** Hidden inputs of a form_post page. */
    static Map<String, String> hiddenInputs(String html) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher m = Pattern.compile("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\">").matcher(html);
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    static String basic(String id, String secret) {
        String raw = enc(id) + ":" + enc(secret);
        return "Basic " + Base64.getEncoder().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }
}
