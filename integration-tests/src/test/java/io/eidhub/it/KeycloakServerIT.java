package io.eidhub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.eidhub.simulator.Simulator;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.representations.info.ServerInfoRepresentation;
import org.keycloak.representations.userprofile.config.UPConfig;

/** Smoke test of the rig: server, realm, JWKS, provider registration, browser login with cookies, error pages. */
@WithKeycloak
class KeycloakServerIT {

    @Test
    void serverIsReady(KeycloakServer server) throws Exception {
        assertTrue(server.isRunning());
        HttpResponse<String> r = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.managementUrl() + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        String version = System.getProperty("keycloak.dist.version", "26.7.3");
        assertTrue(server.serverLog().contains("Keycloak " + version), "log mentions the " + version + " server");
        assertEquals(server, KeycloakServer.shared(), "one server per JVM");
    }

    @Test
    void realmIsCreatedWithUnmanagedAttributesEventsAndDemoApp(TestRealm realm) {
        RealmRepresentation rep = realm.resource().toRepresentation();
        assertTrue(rep.isEventsEnabled());
        assertTrue(rep.isAdminEventsEnabled());
        assertTrue(rep.getEnabledEventTypes().contains("IDENTITY_PROVIDER_LOGIN"), "all event types saved");
        assertTrue(rep.getEnabledEventTypes().contains("IDENTITY_PROVIDER_LOGIN_ERROR"));
        assertEquals(UPConfig.UnmanagedAttributePolicy.ENABLED,
                realm.resource().users().userProfile().getConfiguration().getUnmanagedAttributePolicy());

        ClientRepresentation client = realm.resource().clients().findByClientId(TestRealm.CLIENT_ID).get(0);
        assertFalse(client.isPublicClient());
        assertTrue(client.isStandardFlowEnabled());
        assertEquals(List.of(realm.redirectUri()), client.getRedirectUris());

        // an undeclared attribute survives (unmanaged attribute policy)
        String id = realm.createUser("carol", "pw");
        UserRepresentation u = realm.resource().users().get(id).toRepresentation();
        u.setAttributes(Map.of("itsme_test", List.of("kept")));
        realm.resource().users().get(id).update(u);
        assertEquals("kept", realm.attribute("carol", "itsme_test"));
        assertEquals(realm.issuer(), realm.discovery().get("issuer"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void realmJwksHasRsaSignatureAndEncryptionKeys(TestRealm realm) {
        List<Map<String, Object>> keys = (List<Map<String, Object>>) realm.jwks().get("keys");
        assertTrue(keys.stream().anyMatch(k -> "RSA".equals(k.get("kty")) && "sig".equals(k.get("use"))
                && "RS256".equals(k.get("alg"))), "RS256 sig key in " + keys);
        assertTrue(keys.stream().anyMatch(k -> "RSA".equals(k.get("kty")) && "enc".equals(k.get("use"))
                && "RSA-OAEP".equals(k.get("alg"))), "RSA-OAEP enc key in " + keys);
    }

    @Test
    void eidProvidersAreRegistered(Keycloak admin) {
        ServerInfoRepresentation info = admin.serverInfo().getInfo();
        Set<String> ids = new TreeSet<>();
        List<Map<String, String>> all = new ArrayList<>();
        if (info.getIdentityProviders() != null) {
            all.addAll(info.getIdentityProviders());
        }
        if (info.getSocialProviders() != null) {
            all.addAll(info.getSocialProviders());
        }
        all.forEach(m -> ids.add(m.get("id")));
        System.out.println("[eidhub-it] identity/social provider ids: " + ids);
        assertTrue(ids.contains("itsme"), "itsme provider registered: " + ids);
        assertTrue(ids.contains("idemia"), "idemia provider registered: " + ids);
    }

    @Test
    void browserLogsInWithCookiesAndCodeExchange(TestRealm realm, Browser browser) {
        realm.createUser("alice", "s3cret");

        AuthRequest req = realm.authRequest().uiLocales("en");
        Page login = req.start(browser);
        assertEquals(200, login.status(), login.describe());
        assertTrue(login.title().contains("Sign in"), login.describe());
        assertTrue(browser.cookie("AUTH_SESSION_ID").isPresent(), "Keycloak's session cookie kept: " + browser.cookies());

        // wrong password: the login page shows the feedback text
        Page wrong = browser.submit(login.formById("kc-form-login"), Map.of("username", "alice", "password", "nope"));
        assertEquals("Invalid username or password.", wrong.feedbackText().orElse(null), wrong.describe());

        Page callback = browser.submit(wrong.formById("kc-form-login"), Map.of("username", "alice", "password", "s3cret"));
        Tokens tokens = req.finish(callback);
        assertEquals("alice", tokens.idTokenClaims().get("preferred_username"));
        assertEquals(realm.issuer(), tokens.accessTokenClaims().get("iss"));
        assertNotNull(tokens.refreshToken());
        assertTrue(browser.visited(realm.issuer()), "history: " + browser.history());

        assertFalse(realm.events("LOGIN").isEmpty(), realm.describeEvents());
        assertFalse(realm.events("LOGIN_ERROR").isEmpty(), realm.describeEvents());
        assertFalse(realm.events("CODE_TO_TOKEN").isEmpty(), realm.describeEvents());

        // SSO: a second request returns straight to the app
        AuthRequest again = realm.authRequest();
        Tokens sso = again.finish(again.start(browser));
        assertEquals(tokens.idTokenClaims().get("sub"), sso.idTokenClaims().get("sub"));

        // RP-initiated logout ends at the post-logout redirect URI
        Page out = realm.logout(browser, sso);
        assertTrue(out.stopped() && out.isAt(realm.redirectUri()), out.describe());
    }

    @Test
    void keycloakErrorPageIsReadable(TestRealm realm, Browser browser) {
        Page error = browser.get(realm.authRequest().param("redirect_uri", "http://127.0.0.1:1/elsewhere").uri());
        assertEquals(400, error.status(), error.describe());
        assertTrue(error.isKeycloakErrorPage(), error.describe());
        assertEquals("Invalid parameter: redirect_uri", error.feedbackText().orElse(null), error.describe());
        assertTrue(error.heading().orElse("").contains("sorry"), error.describe());
        assertFalse(error.title().isEmpty());
    }

    @Test
    void unknownIdpHintFallsBackToLoginPage(TestRealm realm, Browser browser) {
        Page page = realm.authRequest().idpHint("no-such-idp").start(browser);
        assertEquals(200, page.status(), page.describe());
        assertTrue(page.forms().stream().anyMatch(f -> "kc-form-login".equals(f.id())), page.describe());
    }

    @Test
    void simulatorRunsInTheTestJvm(Simulator sim, Browser browser) {
        Page discovery = browser.get(sim.discoveryUrl(Simulator.ITSME_V2));
        assertEquals(200, discovery.status(), discovery.describe());
        assertEquals(sim.issuer(Simulator.ITSME_V2), Jwt.json(discovery.body()).get("issuer"));
        assertTrue(sim.baseUrl().startsWith("http://127.0.0.1:"), sim.baseUrl());
    }
}
