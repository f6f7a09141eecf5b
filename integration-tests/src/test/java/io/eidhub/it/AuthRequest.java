package io.eidhub.it;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * An OIDC authorization request of {@code demo-app} at the test realm. Defaults: {@code response_type=code},
 * {@code scope=openid}, random {@code state} and {@code nonce}, {@code redirect_uri} = {@link TestRealm#redirectUri()}.
 *
 * <pre>{@code
 * AuthRequest req = realm.authRequest().idpHint("itsme").acrValues("...").uiLocales("fr");
 * Page page = req.start(browser);            // browser follows redirects (e.g. to the simulator's phone page)
 * ...                                        // submit forms until the browser stops at the redirect URI
 * Tokens tokens = req.finish(page);          // checks state, exchanges the code, checks the nonce
 * }</pre>
 */
public final class AuthRequest {

    private final TestRealm realm;
    private final Map<String, String> params = new LinkedHashMap<>();

    AuthRequest(TestRealm realm) {
        this.realm = realm;
        params.put("response_type", "code");
        params.put("client_id", realm.clientId());
        params.put("redirect_uri", realm.redirectUri());
        params.put("scope", "openid");
        params.put("state", UUID.randomUUID().toString());
        params.put("nonce", UUID.randomUUID().toString());
    }

    /** {@code kc_idp_hint}: go straight to this identity provider alias. */
    public AuthRequest idpHint(String alias) {
        return param("kc_idp_hint", alias);
    }

    /** {@code acr_values} (space-separated). */
    public AuthRequest acrValues(String acrValues) {
        return param("acr_values", acrValues);
    }

    /** {@code claims} request parameter (JSON text). */
    public AuthRequest claims(String claimsJson) {
        return param("claims", claimsJson);
    }

    /** {@code claims} request parameter from a map (serialised to JSON). */
    public AuthRequest claims(Map<String, ?> claims) {
        return param("claims", Jwt.toJson(claims));
    }

    /** {@code ui_locales}. */
    public AuthRequest uiLocales(String locales) {
        return param("ui_locales", locales);
    }

    public AuthRequest scope(String scope) {
        return param("scope", scope);
    }

    public AuthRequest prompt(String prompt) {
        return param("prompt", prompt);
    }

    public AuthRequest loginHint(String loginHint) {
        return param("login_hint", loginHint);
    }

    public AuthRequest maxAge(int seconds) {
        return param("max_age", Integer.toString(seconds));
    }

    /** Any parameter; a null value removes it (e.g. {@code param("nonce", null)}). */
    public AuthRequest param(String name, String value) {
        if (value == null) {
            params.remove(name);
        } else {
            params.put(name, value);
        }
        return this;
    }

    public String state() {
        return params.get("state");
    }

    public String nonce() {
        return params.get("nonce");
    }

    public Map<String, String> params() {
        return Map.copyOf(params);
    }

    /** The authorization URL at Keycloak. */
    public URI uri() {
        return URI.create(realm.authorizationEndpoint() + "?" + params.entrySet().stream()
                .map(e -> TestRealm.enc(e.getKey()) + "=" + TestRealm.enc(e.getValue()))
                .collect(Collectors.joining("&")));
    }

    /**
     * Opens the authorization URL in the browser, which is told to stop at the redirect URI. Returns the first page
     * that is not a redirect (Keycloak's login page, the simulator's phone page, an error page...) or the stopped
     * redirect to demo-app (e.g. immediately on SSO).
     */
    public Page start(Browser browser) {
        browser.stopAt(realm.redirectUri());
        return browser.get(uri());
    }

    /**
     * The callback of a successful login: asserts the page stopped at the redirect URI with a {@code code} and the
     * right {@code state}, exchanges the code, and asserts the ID token's {@code nonce}.
     */
    public Tokens finish(Page callback) {
        assertCallback(callback);
        String error = callback.queryParam("error");
        if (error != null || callback.queryParam("code") == null) {
            throw new AssertionError("Login did not return a code: error=" + error + " error_description="
                    + callback.queryParam("error_description") + " at " + callback.describe()
                    + "\nrealm events:\n" + realm.describeEvents());
        }
        Tokens tokens = realm.exchangeCode(callback.queryParam("code"));
        Object nonce = tokens.idTokenClaims().get("nonce");
        if (nonce() != null && !nonce().equals(nonce)) {
            throw new AssertionError("ID token nonce " + nonce + " != " + nonce());
        }
        return tokens;
    }

    /**
     * Asserts the page is the redirect back to demo-app for THIS request (stopped at the redirect URI, same state),
     * whatever the outcome; use {@code page.queryParam("error")} etc. afterwards.
     */
    public Page assertCallback(Page page) {
        if (!page.stopped() || !page.isAt(realm.redirectUri())) {
            throw new AssertionError("Expected the redirect to " + realm.redirectUri() + " but the browser is at "
                    + page.describe() + "\nrealm events:\n" + realm.describeEvents());
        }
        String state = page.queryParam("state");
        if (!state().equals(state)) {
            throw new AssertionError("state " + state + " != " + state() + " at " + page.url());
        }
        return page;
    }
}
