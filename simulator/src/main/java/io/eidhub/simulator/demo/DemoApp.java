package io.eidhub.simulator.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import io.eidhub.simulator.demo.DemoSessions.Pending;
import io.eidhub.simulator.demo.DemoSessions.Session;

import java.io.IOException;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static io.eidhub.simulator.demo.DemoHttp.appendQuery;
import static io.eidhub.simulator.demo.DemoHttp.cookie;
import static io.eidhub.simulator.demo.DemoHttp.cookies;
import static io.eidhub.simulator.demo.DemoHttp.drain;
import static io.eidhub.simulator.demo.DemoHttp.isGet;
import static io.eidhub.simulator.demo.DemoHttp.methodNotAllowed;
import static io.eidhub.simulator.demo.DemoHttp.params;
import static io.eidhub.simulator.demo.DemoHttp.random;
import static io.eidhub.simulator.demo.DemoHttp.redirect;
import static io.eidhub.simulator.demo.DemoHttp.send;

/**
 * The "jwt.ms" of the eID hub: a tiny confidential OpenID Connect client of a Keycloak realm, served under
 * {@value #PATH} (mount it on the simulator with {@code Simulator.mount(DemoApp.PATH, app)}).
 *
 * <ul>
 *   <li>{@code GET /demo/}: "Log in with itsme" / "Log in with IDEMIA" (authorization code flow with
 *       {@code kc_idp_hint}, PKCE S256, state and nonce), or, once signed in, the decoded ID and access tokens
 *       (header and payload, pretty-printed; signatures are not checked: the tokens come straight from the token
 *       endpoint over the back channel) with a summary of {@code sub}, names, {@code acr}, {@code upstream_acr} and
 *       the eID claims;</li>
 *   <li>{@code GET /demo/login[?idp=itsme|idemia][&ui_locales=fr]}: starts a login;</li>
 *   <li>{@code GET /demo/callback}: checks {@code state} (bound to the browser by a cookie), exchanges the code
 *       (client_secret_basic, PKCE verifier), checks the ID token's {@code iss}, {@code aud} and {@code nonce};</li>
 *   <li>{@code POST /demo/logout}: RP-initiated logout at Keycloak with {@code id_token_hint} and
 *       {@code post_logout_redirect_uri} = {@code /demo/logged-out}.</li>
 * </ul>
 * Everything is kept in memory; nothing is written to the log but the outcome of each step.
 */
public final class DemoApp implements HttpHandler {

    /** Where the app is mounted on the simulator. */
    public static final String PATH = "/demo";

    static final String STATE_COOKIE = "eidhub_demo_state";
    static final String SESSION_COOKIE = "eidhub_demo_session";

    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private final String appUrl;
    /**
     * What the demo app asks the hub for ({@code ask} parameter of {@code /login}): its identity, verified
     * ({@code verified_claims} scope), by default; or only whether the person is 18 or older ({@code age} scope).
     */
    static final Map<String, String> SCOPES = Map.of(
            "identity", "openid profile email verified_claims",
            "age", "openid age");
    static final String DEFAULT_ASK = "identity";
    private final OidcClient oidc;
    private final DemoSessions store = new DemoSessions();

    /**
     * @param issuer       the realm URL, e.g. {@code http://localhost:8080/realms/hub} (its discovery document is read
     *                     on first use)
     * @param clientId     the confidential client, e.g. {@code demo-app}
     * @param clientSecret its secret
     * @param appUrl       where this app is served, e.g. {@code http://localhost:8099/demo}; {@code <appUrl>/callback}
     *                     must be a redirect URI and {@code <appUrl>/logged-out} a post-logout redirect URI of the client
     */
    public DemoApp(String issuer, String clientId, String clientSecret, String appUrl) {
        this.issuer = stripSlash(Objects.requireNonNull(issuer, "issuer"));
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.clientSecret = Objects.requireNonNull(clientSecret, "clientSecret");
        this.appUrl = stripSlash(Objects.requireNonNull(appUrl, "appUrl"));
        this.oidc = new OidcClient(this.issuer);
    }

    public String issuer() {
        return issuer;
    }

    public String clientId() {
        return clientId;
    }

    /** {@code <appUrl>/} : the page to open. */
    public String homeUrl() {
        return appUrl + "/";
    }

    /** {@code <appUrl>/callback}: the redirect URI to register at Keycloak. */
    public String redirectUri() {
        return appUrl + "/callback";
    }

    /** {@code <appUrl>/logged-out}: the post-logout redirect URI to register at Keycloak. */
    public String postLogoutRedirectUri() {
        return appUrl + "/logged-out";
    }

    // ------------------------------------------------------------------ routing

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            String route = path.startsWith(PATH) ? path.substring(PATH.length()) : path;
            String method = ex.getRequestMethod();
            switch (route) {
                case "", "/" -> {
                    if (!isGet(method)) {
                        methodNotAllowed(ex, "GET");
                    } else if (route.isEmpty()) {
                        redirect(ex, PATH + "/", List.of());
                    } else {
                        home(ex);
                    }
                }
                case "/login" -> {
                    if (isGet(method)) {
                        login(ex);
                    } else {
                        methodNotAllowed(ex, "GET");
                    }
                }
                case "/callback" -> {
                    if (isGet(method)) {
                        callback(ex);
                    } else {
                        methodNotAllowed(ex, "GET");
                    }
                }
                case "/logout" -> {
                    if ("POST".equals(method)) {
                        logout(ex);
                    } else {
                        methodNotAllowed(ex, "POST");
                    }
                }
                case "/logged-out" -> {
                    if (isGet(method)) {
                        send(ex, 200, DemoPages.loggedOut(), List.of());
                    } else {
                        methodNotAllowed(ex, "GET");
                    }
                }
                default -> send(ex, 404, DemoPages.error("Not found", "There is no page " + path + " here."), List.of());
            }
        } catch (RuntimeException e) {
            log("internal error: " + e);
            try {
                send(ex, 500, DemoPages.error("Demo app error", String.valueOf(e.getMessage())), List.of());
            } catch (IOException | RuntimeException ignored) {
                // response already started
            }
        } finally {
            ex.close();
        }
    }

    // ------------------------------------------------------------------ pages

    private void home(HttpExchange ex) throws IOException {
        Session session = store.session(ex);
        if (session == null) {
            send(ex, 200, DemoPages.start(issuer, clientId), List.of());
            return;
        }
        send(ex, 200, DemoPages.tokens(session.idp(), session.idToken(), session.accessToken(), session.tokenResponse()),
                List.of());
    }

    private void login(HttpExchange ex) throws IOException {
        Map<String, String> q = params(ex.getRequestURI().getRawQuery());
        String idp = blankToNull(q.get("idp"));
        if (idp != null && !idp.matches("[A-Za-z0-9._-]{1,64}")) {
            send(ex, 400, DemoPages.error("Bad request", "idp must be a broker alias such as itsme or idemia."), List.of());
            return;
        }
        String uiLocales = blankToNull(q.get("ui_locales"));
        if (uiLocales != null && !uiLocales.matches("[A-Za-z0-9 _-]{1,64}")) {
            uiLocales = null;
        }
        OidcClient.Metadata metadata;
        try {
            metadata = oidc.metadata();
        } catch (IOException e) {
            send(ex, 502, DemoPages.error("Keycloak is not reachable",
                    "Could not read " + issuer + "/.well-known/openid-configuration: " + e.getMessage()), List.of());
            return;
        }
        store.prune();
        String state = random(24);
        String nonce = random(24);
        String verifier = random(48);
        store.pending.put(state, new Pending(state, nonce, verifier, idp, Instant.now()));

        Map<String, String> p = new LinkedHashMap<>();
        p.put("response_type", "code");
        p.put("client_id", clientId);
        p.put("redirect_uri", redirectUri());
        p.put("scope", SCOPES.getOrDefault(String.valueOf(q.get("ask")), SCOPES.get(DEFAULT_ASK)));
        p.put("state", state);
        p.put("nonce", nonce);
        p.put("code_challenge", OidcClient.s256(verifier));
        p.put("code_challenge_method", "S256");
        if (idp != null) {
            p.put("kc_idp_hint", idp);
        }
        if (uiLocales != null) {
            p.put("ui_locales", uiLocales);
        }
        log("login started" + (idp == null ? "" : " with kc_idp_hint=" + idp));
        redirect(ex, appendQuery(metadata.authorizationEndpoint(), p),
                List.of(cookie(STATE_COOKIE, state, (int) DemoSessions.PENDING_LIFETIME.toSeconds())));
    }

    private void callback(HttpExchange ex) throws IOException {
        Map<String, String> q = params(ex.getRequestURI().getRawQuery());
        String state = q.get("state");
        String browserState = cookies(ex).get(STATE_COOKIE);
        List<String> clearState = List.of(cookie(STATE_COOKIE, "", 0));
        Pending p = state == null ? null : store.pending.get(state);
        if (p == null || browserState == null || !browserState.equals(state)) {
            log("callback refused: unknown state or state not bound to this browser");
            send(ex, 400, DemoPages.error("Unknown or expired login",
                    "The state parameter does not match a login started in this browser. Start again."), clearState);
            return;
        }
        store.pending.remove(state);
        if (q.get("error") != null) {
            log("callback with error=" + q.get("error"));
            send(ex, 200, DemoPages.loginError(q.get("error"), q.get("error_description")), clearState);
            return;
        }
        String code = q.get("code");
        if (code == null || code.isEmpty()) {
            send(ex, 400, DemoPages.error("No authorization code", "Keycloak returned neither a code nor an error."), clearState);
            return;
        }
        Map<String, Object> tokens;
        try {
            tokens = oidc.exchange(code, redirectUri(), p.verifier(), clientId, clientSecret);
        } catch (OidcClient.TokenError e) {
            log("code exchange failed: " + e.getMessage());
            send(ex, 502, DemoPages.error("Code exchange failed", e.getMessage()), clearState);
            return;
        }
        String idToken = (String) tokens.get("id_token");
        String accessToken = (String) tokens.get("access_token");
        String problem = checkIdToken(idToken, p.nonce());
        if (problem != null) {
            log("ID token refused: " + problem);
            send(ex, 502, DemoPages.error("ID token refused", problem), clearState);
            return;
        }
        String sessionId = random(32);
        Map<String, Object> shown = new LinkedHashMap<>(tokens);
        shown.remove("refresh_token");
        store.sessions.put(sessionId, new Session(p.idp(), idToken, accessToken, Instant.now(), shown));
        log("signed in" + (p.idp() == null ? "" : " through " + p.idp()));
        redirect(ex, PATH + "/", List.of(clearState.get(0),
                cookie(SESSION_COOKIE, sessionId, (int) DemoSessions.SESSION_LIFETIME.toSeconds())));
    }

    private void logout(HttpExchange ex) throws IOException {
        drain(ex);
        Session session = store.session(ex);
        String sessionId = cookies(ex).get(SESSION_COOKIE);
        if (sessionId != null) {
            store.sessions.remove(sessionId);
        }
        List<String> clear = List.of(cookie(SESSION_COOKIE, "", 0));
        OidcClient.Metadata metadata;
        try {
            metadata = oidc.metadata();
        } catch (IOException e) {
            send(ex, 200, DemoPages.loggedOut(), clear);
            return;
        }
        if (session == null || metadata.endSessionEndpoint() == null) {
            redirect(ex, PATH + "/logged-out", clear);
            return;
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("id_token_hint", session.idToken());
        p.put("post_logout_redirect_uri", postLogoutRedirectUri());
        p.put("client_id", clientId);
        log("RP-initiated logout");
        redirect(ex, appendQuery(metadata.endSessionEndpoint(), p), clear);
    }

    /** Null when the ID token is acceptable, else the reason. The signature is not checked (back-channel token). */
    private String checkIdToken(String idToken, String nonce) {
        if (idToken == null) {
            return "The token response has no id_token (was the openid scope granted?).";
        }
        Map<String, Object> claims;
        try {
            claims = Jwts.payload(idToken);
        } catch (IllegalArgumentException e) {
            return "The id_token cannot be decoded: " + e.getMessage();
        }
        if (!issuer.equals(claims.get("iss"))) {
            return "iss is " + claims.get("iss") + ", expected " + issuer + ".";
        }
        Object aud = claims.get("aud");
        boolean audOk = aud instanceof String s ? s.equals(clientId) : aud instanceof List<?> l && l.contains(clientId);
        if (!audOk) {
            return "aud " + aud + " does not contain " + clientId + ".";
        }
        if (!nonce.equals(claims.get("nonce"))) {
            return "nonce does not match the one sent in the authorization request.";
        }
        return null;
    }

    private static String stripSlash(String s) {
        return s.replaceAll("/+$", "");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static void log(String message) {
        System.out.println(java.time.LocalTime.now().withNano(0) + " [demo-app] " + message);
    }
}
