package io.eidhub.simulator.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The demo app against a fake OpenID provider: PKCE, state bound to the browser, nonce, tokens page, logout. */
class DemoAppTest {

    private static final String CLIENT = "demo-app";
    private static final String SECRET = "s3cret";

    private HttpServer op;
    private HttpServer app;
    private String issuer;
    private String appUrl;
    private final Map<String, String> tokenRequest = new ConcurrentHashMap<>();
    private volatile String nonceToReturn;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeEach
    void start() throws IOException {
        op = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + op.getAddress().getPort() + "/realms/hub";
        op.createContext("/realms/hub/.well-known/openid-configuration", ex -> reply(ex, 200, "{\"issuer\":\"" + issuer
                + "\",\"authorization_endpoint\":\"" + issuer + "/auth\",\"token_endpoint\":\"" + issuer
                + "/token\",\"end_session_endpoint\":\"" + issuer + "/logout\"}"));
        op.createContext("/realms/hub/token", this::token);
        op.start();
        app = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        appUrl = "http://127.0.0.1:" + app.getAddress().getPort() + DemoApp.PATH;
        app.createContext(DemoApp.PATH, new DemoApp(issuer, CLIENT, SECRET, appUrl));
        app.start();
    }

    @AfterEach
    void stop() {
        op.stop(0);
        app.stop(0);
    }

    @Test
    void loginSendsPkceStateNonceAndTheIdpHint() throws Exception {
        HttpResponse<String> r = get(appUrl + "/login?idp=itsme&ui_locales=fr", null);
        assertEquals(302, r.statusCode());
        String location = r.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(issuer + "/auth?"), location);
        Map<String, String> q = query(location);
        assertEquals("code", q.get("response_type"));
        assertEquals(CLIENT, q.get("client_id"));
        assertEquals(appUrl + "/callback", q.get("redirect_uri"));
        assertEquals("openid profile email verified_claims", q.get("scope"));
        assertEquals("S256", q.get("code_challenge_method"));
        assertEquals(43, q.get("code_challenge").length());
        assertEquals("itsme", q.get("kc_idp_hint"));
        assertEquals("fr", q.get("ui_locales"));
        assertNotNull(q.get("nonce"));
        assertEquals(q.get("state"), stateCookie(r), "the state is bound to the browser by a cookie");
    }

    @Test
    void theAgeOnlyLoginAsksForTheAgeScopeAlone() throws Exception {
        HttpResponse<String> r = get(appUrl + "/login?idp=itsme&ask=age", null);
        assertEquals(302, r.statusCode());
        assertEquals("openid age", query(r.headers().firstValue("Location").orElseThrow()).get("scope"));
        HttpResponse<String> unknown = get(appUrl + "/login?idp=itsme&ask=everything", null);
        assertEquals("openid profile email verified_claims",
                query(unknown.headers().firstValue("Location").orElseThrow()).get("scope"), "unknown choices ask the default");
    }

    @Test
    void callbackExchangesTheCodeAndShowsTheDecodedTokens() throws Exception {
        HttpResponse<String> login = get(appUrl + "/login?idp=idemia", null);
        Map<String, String> q = query(login.headers().firstValue("Location").orElseThrow());
        nonceToReturn = q.get("nonce");

        HttpResponse<String> callback = get(appUrl + "/callback?state=" + q.get("state") + "&code=the-code",
                "eidhub_demo_state=" + stateCookie(login));
        assertEquals(302, callback.statusCode(), callback.body());
        assertEquals(DemoApp.PATH + "/", callback.headers().firstValue("Location").orElseThrow());
        assertEquals("Basic " + Base64.getEncoder().encodeToString((CLIENT + ":" + SECRET).getBytes(StandardCharsets.UTF_8)),
                tokenRequest.get("authorization"));
        assertEquals("authorization_code", tokenRequest.get("grant_type"));
        assertEquals("the-code", tokenRequest.get("code"));
        assertEquals(q.get("code_challenge"), OidcClient.s256(tokenRequest.get("code_verifier")), "PKCE verifier");

        String session = callback.headers().allValues("Set-Cookie").stream()
                .filter(c -> c.startsWith(DemoApp.SESSION_COOKIE + "=")).findFirst().orElseThrow();
        String sessionCookie = session.substring(0, session.indexOf(';'));
        HttpResponse<String> page = get(appUrl + "/", sessionCookie);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("data-claim=\"upstream_acr\"><th>upstream_acr</th><td>loa-2"), page.body());
        assertTrue(page.body().contains("data-claim=\"given_name\"><th>given_name</th><td>Dana"), page.body());
        assertTrue(page.body().contains("id=\"id-token-payload\""));
        assertTrue(page.body().contains("id=\"verified-claims\""), page.body());
        assertTrue(page.body().contains("&quot;trust_framework&quot;: &quot;nist_800_63A&quot;")
                || page.body().contains("&quot;trust_framework&quot;:&quot;nist_800_63A&quot;"), page.body());
        assertTrue(page.body().contains("id=\"access-token-payload\""));
        assertTrue(page.body().contains("&quot;") || page.body().contains("\"sub\""));

        // RP-initiated logout at the OP, with the ID token as hint
        HttpResponse<String> logout = send(HttpRequest.newBuilder(URI.create(appUrl + "/logout"))
                .header("Cookie", sessionCookie).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(302, logout.statusCode());
        Map<String, String> lq = query(logout.headers().firstValue("Location").orElseThrow());
        assertTrue(logout.headers().firstValue("Location").orElseThrow().startsWith(issuer + "/logout?"));
        assertEquals(appUrl + "/logged-out", lq.get("post_logout_redirect_uri"));
        assertEquals(CLIENT, lq.get("client_id"));
        assertTrue(lq.get("id_token_hint").split("\\.").length == 3);
        assertTrue(get(appUrl + "/", sessionCookie).body().contains("id=\"login-itsme\""), "signed out of the app");
    }

    @Test
    void callbackRefusesAStateThatThisBrowserDidNotStart() throws Exception {
        HttpResponse<String> login = get(appUrl + "/login?idp=itsme", null);
        Map<String, String> q = query(login.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> r = get(appUrl + "/callback?state=" + q.get("state") + "&code=x", null);
        assertEquals(400, r.statusCode());
        HttpResponse<String> wrong = get(appUrl + "/callback?state=forged&code=x", "eidhub_demo_state=forged");
        assertEquals(400, wrong.statusCode());
        assertTrue(tokenRequest.isEmpty(), "no code exchange");
    }

    @Test
    void callbackRefusesAnIdTokenWithAnotherNonce() throws Exception {
        HttpResponse<String> login = get(appUrl + "/login", null);
        Map<String, String> q = query(login.headers().firstValue("Location").orElseThrow());
        nonceToReturn = "another-nonce";
        HttpResponse<String> r = get(appUrl + "/callback?state=" + q.get("state") + "&code=x",
                "$Version=\"1\"; eidhub_demo_state=\"" + stateCookie(login) + "\"; $Path=\"/demo\"");
        assertEquals(502, r.statusCode());
        assertTrue(r.body().contains("nonce"), r.body());
    }

    @Test
    void anErrorFromKeycloakIsShown() throws Exception {
        HttpResponse<String> login = get(appUrl + "/login?idp=itsme", null);
        Map<String, String> q = query(login.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> r = get(appUrl + "/callback?state=" + q.get("state") + "&error=access_denied",
                "eidhub_demo_state=" + stateCookie(login));
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("error=access_denied"), r.body());
    }

    // ------------------------------------------------------------------ fake OP and helpers

    private void token(HttpExchange ex) throws IOException {
        tokenRequest.putAll(query("?" + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
        tokenRequest.put("authorization", ex.getRequestHeaders().getFirst("Authorization"));
        String claims = "{\"iss\":\"" + issuer + "\",\"aud\":\"" + CLIENT + "\",\"sub\":\"u-1\",\"nonce\":\""
                + nonceToReturn + "\",\"given_name\":\"Dana\",\"upstream_acr\":\"loa-2\",\"exp\":4102444800,"
                + "\"verified_claims\":{\"verification\":{\"trust_framework\":\"nist_800_63A\"},\"claims\":{\"given_name\":\"Dana\"}}}";
        String jwt = b64("{\"alg\":\"RS256\",\"typ\":\"JWT\"}") + "." + b64(claims) + ".c2ln";
        reply(ex, 200, "{\"access_token\":\"" + jwt + "\",\"id_token\":\"" + jwt
                + "\",\"token_type\":\"Bearer\",\"expires_in\":300,\"refresh_token\":\"r\"}");
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    private static void reply(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    private HttpResponse<String> get(String url, String cookie) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
        if (cookie != null) {
            b.header("Cookie", cookie);
        }
        return send(b);
    }

    private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String stateCookie(HttpResponse<String> r) {
        String c = r.headers().allValues("Set-Cookie").stream().filter(v -> v.startsWith(DemoApp.STATE_COOKIE + "="))
                .findFirst().orElseThrow();
        return c.substring(c.indexOf('=') + 1, c.indexOf(';'));
    }

    private static Map<String, String> query(String url) {
        Map<String, String> out = new LinkedHashMap<>();
        String q = url.substring(url.indexOf('?') + 1);
        for (String pair : q.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return out;
    }
}
