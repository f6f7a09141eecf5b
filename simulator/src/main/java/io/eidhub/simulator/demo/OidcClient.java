package io.eidhub.simulator.demo;

import com.nimbusds.jose.util.JSONObjectUtils;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** The back channel of the demo app: the realm's discovery document and its token endpoint. */
final class OidcClient {

    record Metadata(String authorizationEndpoint, String tokenEndpoint, String endSessionEndpoint) {
    }

    /** A token endpoint answer without tokens, or a transport failure. */
    static final class TokenError extends Exception {
        TokenError(String message) {
            super(message);
        }
    }

    private final String issuer;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile Metadata metadata;

    OidcClient(String issuer) {
        this.issuer = issuer;
    }

    /** The realm's endpoints, read from its discovery document once (and again after a failure). */
    Metadata metadata() throws IOException {
        Metadata m = metadata;
        if (m != null) {
            return m;
        }
        String url = issuer + "/.well-known/openid-configuration";
        HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(15)).GET().build());
        if (r.statusCode() != 200) {
            throw new IOException("HTTP " + r.statusCode());
        }
        Map<String, Object> doc;
        try {
            doc = JSONObjectUtils.parse(r.body());
        } catch (ParseException e) {
            throw new IOException("not JSON: " + e.getMessage(), e);
        }
        if (!issuer.equals(doc.get("issuer"))) {
            throw new IOException("the discovery document names issuer " + doc.get("issuer") + ", not " + issuer);
        }
        m = new Metadata(str(doc.get("authorization_endpoint")), str(doc.get("token_endpoint")),
                str(doc.get("end_session_endpoint")));
        if (m.authorizationEndpoint() == null || m.tokenEndpoint() == null) {
            throw new IOException("the discovery document has no authorization or token endpoint");
        }
        metadata = m;
        return m;
    }

    /** Exchanges an authorization code (client_secret_basic, PKCE verifier); the token response as a map. */
    Map<String, Object> exchange(String code, String redirectUri, String verifier, String clientId, String secret)
            throws TokenError {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("code_verifier", verifier);
        String basic = Base64.getEncoder().encodeToString((DemoHttp.encode(clientId) + ":" + DemoHttp.encode(secret))
                .getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> r;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(metadata().tokenEndpoint()))
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .header("Accept", "application/json")
                    .header("Authorization", "Basic " + basic)
                    .POST(HttpRequest.BodyPublishers.ofString(DemoHttp.appendQuery("", form).substring(1)))
                    .build();
            r = send(request);
        } catch (IOException e) {
            throw new TokenError("The token endpoint could not be reached: " + e.getMessage());
        }
        Map<String, Object> body;
        try {
            body = JSONObjectUtils.parse(r.body());
        } catch (ParseException e) {
            throw new TokenError("The token endpoint answered HTTP " + r.statusCode() + " without JSON.");
        }
        if (r.statusCode() != 200 || body.get("access_token") == null) {
            throw new TokenError("The token endpoint answered HTTP " + r.statusCode() + ": error="
                    + body.get("error") + (body.get("error_description") == null ? ""
                    : " (" + body.get("error_description") + ")"));
        }
        return body;
    }

    /** The PKCE S256 challenge of a verifier. */
    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    private static String str(Object o) {
        return o instanceof String s && !s.isBlank() ? s : null;
    }
}
