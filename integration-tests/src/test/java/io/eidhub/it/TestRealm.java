package io.eidhub.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

import jakarta.ws.rs.core.Response;

import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;

/**
 * A throw-away realm on the shared {@link KeycloakServer} (or any {@link KeycloakTarget}), created through the admin
 * API with a random name:
 * <ul>
 *   <li>user profile: unmanaged attributes ENABLED (brokered attributes such as {@code itsme_*} are kept and
 *       visible to admins);</li>
 *   <li>user events on, with EVERY event type of the server enabled (an empty {@code enabledEventTypes} would only
 *       save the "save by default" types: no {@code IDENTITY_PROVIDER_LOGIN}/{@code IDENTITY_PROVIDER_RESPONSE}),
 *       admin events on with representations;</li>
 *   <li>a confidential OIDC client {@value #CLIENT_ID} (secret {@value #CLIENT_SECRET}, standard flow only,
 *       redirect URI {@code http://127.0.0.1:<unused port>/callback}, also allowed as post-logout redirect URI).
 *       Nothing listens on that URI: {@link Browser} stops there and the test reads {@code code}/{@code error}.</li>
 * </ul>
 * The realm's JWKS ({@link #jwksUrl()}) holds Keycloak's default realm keys: an RS256 {@code sig} key and an
 * RSA-OAEP {@code enc} key (checked by {@code KeycloakServerIT}); this is the client JWKS the simulator uses to
 * verify {@code private_key_jwt} assertions and to encrypt ID tokens to.
 * {@link #close()} deletes the realm.
 */
public final class TestRealm implements AutoCloseable {

    public static final String CLIENT_ID = "demo-app";
    public static final String CLIENT_SECRET = "demo-app-secret";

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private final KeycloakTarget server;
    private final String name;
    private final String redirectUri;
    private volatile boolean deleted;

    private TestRealm(KeycloakTarget server, String name, String redirectUri) {
        this.server = server;
        this.name = name;
        this.redirectUri = redirectUri;
    }

    static TestRealm create(KeycloakServer server) {
        return create(server, "it");
    }

    /** A new realm on any Keycloak (e.g. a container), name {@code <prefix>-<random>}; {@link #close()} deletes it. */
    public static TestRealm create(KeycloakTarget server, String prefix) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String redirectUri = "http://127.0.0.1:" + KeycloakServer.freePort() + "/callback";

        RealmRepresentation r = new RealmRepresentation();
        r.setRealm(name);
        r.setDisplayName("eID hub IT " + name);
        r.setEnabled(true);
        r.setEventsEnabled(true);
        r.setEnabledEventTypes(allEventTypes(server));
        r.setAdminEventsEnabled(true);
        r.setAdminEventsDetailsEnabled(true);

        ClientRepresentation c = new ClientRepresentation();
        c.setClientId(CLIENT_ID);
        c.setName("Demo application");
        c.setEnabled(true);
        c.setProtocol("openid-connect");
        c.setPublicClient(false);
        c.setClientAuthenticatorType("client-secret");
        c.setSecret(CLIENT_SECRET);
        c.setStandardFlowEnabled(true);
        c.setImplicitFlowEnabled(false);
        c.setDirectAccessGrantsEnabled(false);
        c.setServiceAccountsEnabled(false);
        c.setRedirectUris(List.of(redirectUri));
        c.setAttributes(new LinkedHashMap<>(Map.of("post.logout.redirect.uris", "+")));
        r.setClients(List.of(c));

        server.adminClient().realms().create(r);
        TestRealm realm = new TestRealm(server, name, redirectUri);
        try {
            realm.updateUserProfile(up -> up.setUnmanagedAttributePolicy(UPConfig.UnmanagedAttributePolicy.ENABLED));
        } catch (RuntimeException e) {
            realm.close();
            throw e;
        }
        return realm;
    }

    private static volatile List<String> eventTypes;

    private static List<String> allEventTypes(KeycloakTarget server) {
        List<String> t = eventTypes;
        if (t == null) {
            t = List.copyOf(server.adminClient().serverInfo().getInfo().getEnums().get("eventType"));
            eventTypes = t;
        }
        return t;
    }

    // ------------------------------------------------------------------ names and URLs

    public String name() {
        return name;
    }

    /** The distribution server this realm lives on; see {@link #target()} for a realm on another kind of Keycloak. */
    public KeycloakServer server() {
        if (server instanceof KeycloakServer s) {
            return s;
        }
        throw new IllegalStateException("realm " + name + " is not on the distribution server but on " + server);
    }

    /** The Keycloak this realm lives on. */
    public KeycloakTarget target() {
        return server;
    }

    /** Admin API of this realm. */
    public RealmResource resource() {
        return server.adminClient().realm(name);
    }

    /** {@code <base>/realms/<name>}: the realm's issuer. */
    public String issuer() {
        return server.realmUrl(name);
    }

    public String discoveryUrl() {
        return issuer() + "/.well-known/openid-configuration";
    }

    public String authorizationEndpoint() {
        return issuer() + "/protocol/openid-connect/auth";
    }

    public String tokenEndpoint() {
        return issuer() + "/protocol/openid-connect/token";
    }

    public String logoutEndpoint() {
        return issuer() + "/protocol/openid-connect/logout";
    }

    /** The realm JWKS ({@code .../protocol/openid-connect/certs}): RS256 sig key + RSA-OAEP enc key. */
    public String jwksUrl() {
        return issuer() + "/protocol/openid-connect/certs";
    }

    /**
     * Keycloak's broker callback for an identity provider alias: {@code <issuer>/broker/<alias>/endpoint}
     * (the redirect URI to register at the upstream OP / simulator).
     */
    public String brokerEndpoint(String alias) {
        return issuer() + "/broker/" + alias + "/endpoint";
    }

    /** Post-broker logout callback: {@code <issuer>/broker/<alias>/endpoint/logout_response}. */
    public String brokerLogoutEndpoint(String alias) {
        return brokerEndpoint(alias) + "/logout_response";
    }

    public String clientId() {
        return CLIENT_ID;
    }

    public String clientSecret() {
        return CLIENT_SECRET;
    }

    /** The demo-app redirect URI ({@code http://127.0.0.1:<port>/callback}; nothing listens there). */
    public String redirectUri() {
        return redirectUri;
    }

    /** The realm JWKS as JSON ({@code keys}: kid, kty, alg, use, n, e, x5c...). */
    public Map<String, Object> jwks() {
        return Jwt.json(httpGet(jwksUrl()));
    }

    /** The realm's OpenID discovery document. */
    public Map<String, Object> discovery() {
        return Jwt.json(httpGet(discoveryUrl()));
    }

    // ------------------------------------------------------------------ login helpers

    /** A new authorization request for demo-app (response_type=code, scope=openid, random state and nonce). */
    public AuthRequest authRequest() {
        return new AuthRequest(this);
    }

    /**
     * Exchanges an authorization code at Keycloak's token endpoint (client_secret_post). Throws AssertionError with
     * Keycloak's error body if the answer is not 200.
     */
    public Tokens exchangeCode(String code) {
        return exchangeCode(code, tokenEndpoint());
    }

    /** {@link #exchangeCode(String)} at another address of the same token endpoint (e.g. one node of a cluster). */
    public Tokens exchangeCode(String code, String tokenEndpoint) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri);
        form.put("client_id", CLIENT_ID);
        form.put("client_secret", CLIENT_SECRET);
        HttpResponse<String> r = httpPost(tokenEndpoint, form);
        if (r.statusCode() != 200) {
            throw new AssertionError("Token request failed: HTTP " + r.statusCode() + " " + r.body());
        }
        return new Tokens(Jwt.json(r.body()));
    }

    /**
     * RP-initiated logout URL for demo-app: {@code id_token_hint}, {@code post_logout_redirect_uri} = the redirect URI
     * (the browser stops there when it was started with {@link AuthRequest#start(Browser)}).
     */
    public URI logoutUri(String idToken) {
        return URI.create(logoutEndpoint() + "?id_token_hint=" + enc(idToken) + "&post_logout_redirect_uri="
                + enc(redirectUri) + "&client_id=" + enc(CLIENT_ID));
    }

    /** Runs an RP-initiated logout in the browser (stops at the redirect URI, or wherever Keycloak ends). */
    public Page logout(Browser browser, Tokens tokens) {
        browser.stopAt(redirectUri);
        return browser.get(logoutUri(tokens.idToken()));
    }

    // ------------------------------------------------------------------ users

    /** Creates an enabled local user with a password (for non-brokered logins); returns the user id. */
    public String createUser(String username, String password) {
        UserRepresentation u = new UserRepresentation();
        u.setUsername(username);
        u.setEnabled(true);
        u.setEmail(username + "@example.test");
        u.setEmailVerified(true);
        u.setFirstName(username);
        u.setLastName("Test");
        CredentialRepresentation cred = new CredentialRepresentation();
        cred.setType(CredentialRepresentation.PASSWORD);
        cred.setValue(password);
        cred.setTemporary(false);
        u.setCredentials(List.of(cred));
        try (Response resp = resource().users().create(u)) {
            return CreatedResponseUtil.getCreatedId(resp);
        }
    }

    /** All users (up to 1000), full representations (attributes included). */
    public List<UserRepresentation> users() {
        return resource().users().search(null, 0, 1000, false);
    }

    /** The user with exactly this username, if any (full representation with attributes). */
    public Optional<UserRepresentation> findUser(String username) {
        return resource().users().searchByUsername(username, true).stream().findFirst()
                .map(u -> resource().users().get(u.getId()).toRepresentation());
    }

    /** The user with exactly this username; AssertionError if absent. */
    public UserRepresentation user(String username) {
        return findUser(username).orElseThrow(() -> new AssertionError("No user '" + username + "' in realm " + name
                + "; users: " + users().stream().map(UserRepresentation::getUsername).toList()));
    }

    /** Federated identities (identityProvider alias, userId = upstream sub, userName) of the user. */
    public List<FederatedIdentityRepresentation> federatedIdentities(String username) {
        return resource().users().get(user(username).getId()).getFederatedIdentity();
    }

    /** The user's attributes (never null). */
    public Map<String, List<String>> attributes(String username) {
        Map<String, List<String>> a = user(username).getAttributes();
        return a == null ? Map.of() : a;
    }

    /** One attribute's first value, or null. */
    public String attribute(String username, String attribute) {
        List<String> v = attributes(username).get(attribute);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** Turns internationalisation on with these supported locales, the first one the default. */
    public void enableLocales(String... locales) {
        org.keycloak.representations.idm.RealmRepresentation rep = resource().toRepresentation();
        rep.setInternationalizationEnabled(true);
        rep.setSupportedLocales(java.util.Set.of(locales));
        rep.setDefaultLocale(locales[0]);
        resource().update(rep);
    }

    /**
     * For load runs (benchmark, cluster): no user or admin events stored (they would fill the database and cost every
     * login a write), and e-mail optional in the user profile (the brokers' test persons need none).
     */
    public void prepareForLoadRuns() {
        RealmRepresentation rep = resource().toRepresentation();
        rep.setEventsEnabled(false);
        rep.setAdminEventsEnabled(false);
        resource().update(rep);
        updateUserProfile(up -> {
            if (up.getAttribute("email") != null) {
                up.getAttribute("email").setRequired(null);
            }
        });
    }

    /** Changes the realm's user profile configuration (read, modify, write). */
    public void updateUserProfile(Consumer<UPConfig> change) {
        UPConfig up = resource().users().userProfile().getConfiguration();
        change.accept(up);
        resource().users().userProfile().update(up);
    }

    // ------------------------------------------------------------------ events

    /** User events of the realm, NEWEST FIRST (Keycloak's order), up to 1000. */
    public List<EventRepresentation> events() {
        return resource().getEvents(null, null, null, null, null, null, 0, 1000);
    }

    /** User events of these types (e.g. "IDENTITY_PROVIDER_LOGIN_ERROR", "LOGIN", "CODE_TO_TOKEN"), newest first. */
    public List<EventRepresentation> events(String... types) {
        return resource().getEvents(Arrays.asList(types), null, null, null, null, null, 0, 1000);
    }

    /** The newest event of this type, if any. */
    public Optional<EventRepresentation> lastEvent(String type) {
        List<EventRepresentation> e = events(type);
        return e.isEmpty() ? Optional.empty() : Optional.of(e.get(0));
    }

    /** Events as "TYPE error=... details" lines, oldest first (for assertion messages). */
    public String describeEvents() {
        List<EventRepresentation> ev = new ArrayList<>(events());
        java.util.Collections.reverse(ev);
        StringBuilder sb = new StringBuilder();
        for (EventRepresentation e : ev) {
            sb.append(e.getType());
            if (e.getError() != null) {
                sb.append(" error=").append(e.getError());
            }
            if (e.getDetails() != null && !e.getDetails().isEmpty()) {
                sb.append(' ').append(e.getDetails());
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    /** Admin events, newest first. */
    public List<AdminEventRepresentation> adminEvents() {
        return resource().getAdminEvents(null, null, null, null, null, null, null, null, 0, 1000);
    }

    public void clearEvents() {
        resource().clearEvents();
        resource().clearAdminEvents();
    }

    // ------------------------------------------------------------------ identity providers

    /** Adds an identity provider (alias, providerId e.g. "itsme"/"idemia", config...). */
    public void addIdentityProvider(IdentityProviderRepresentation idp) {
        try (Response resp = resource().identityProviders().create(idp)) {
            if (resp.getStatus() != 201) {
                throw new AssertionError("Creating identity provider " + idp.getAlias() + " failed: HTTP "
                        + resp.getStatus() + " " + resp.readEntity(String.class));
            }
        }
    }

    public IdentityProviderResource identityProvider(String alias) {
        return resource().identityProviders().get(alias);
    }

    /** Adds a mapper to an identity provider (identityProviderAlias is set from {@code alias}). */
    public void addIdentityProviderMapper(String alias, IdentityProviderMapperRepresentation mapper) {
        mapper.setIdentityProviderAlias(alias);
        try (Response resp = identityProvider(alias).addMapper(mapper)) {
            if (resp.getStatus() != 201) {
                throw new AssertionError("Adding mapper " + mapper.getName() + " to " + alias + " failed: HTTP "
                        + resp.getStatus() + " " + resp.readEntity(String.class));
            }
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Deletes the realm (idempotent; failures ignored when the server is already gone). */
    @Override
    public void close() {
        if (deleted) {
            return;
        }
        deleted = true;
        if (!server.isRunning()) {
            return;
        }
        try {
            resource().remove();
        } catch (RuntimeException e) {
            System.err.println("[eidhub-it] could not delete realm " + name + ": " + e);
        }
    }

    @Override
    public String toString() {
        return "TestRealm[" + issuer() + "]";
    }

    // ------------------------------------------------------------------ http

    static String httpGet(String url) {
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .GET().build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new AssertionError("GET " + url + ": HTTP " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpResponse<String> httpPost(String url, Map<String, String> form) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(Browser.formEncode(form))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
