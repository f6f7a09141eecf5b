package io.eidhub.it.idemia;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.HtmlForm;
import io.eidhub.it.Page;
import io.eidhub.it.TestRealm;
import io.eidhub.it.Tokens;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.Fault;
import io.eidhub.simulator.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;

import static io.eidhub.it.EidTestConstants.IDEMIA_LOA_4;
import static io.eidhub.it.EidTestConstants.IDEMIA_LOA_3;
import static io.eidhub.it.EidTestConstants.IDEMIA_LOA_2;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logins through the {@code idemia} broker on a real Keycloak against the IDEMIA simulator. */
@WithKeycloak
class IdemiaLoginIT {


    @Test
    void formPostLogin(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.createBroker(Map.of());
        AuthRequest request = realm.authRequest().idpHint(IdemiaBroker.ALIAS);

        // Keycloak's auth-session cookie must survive IDEMIA's cross-site POST: SameSite=None; Secure
        Page first = browser.fetch("GET", request.uri(), null);
        String authSessionCookie = first.headers().getOrDefault("set-cookie", List.of()).stream()
                .filter(c -> c.startsWith("AUTH_SESSION_ID=")).findFirst()
                .orElseThrow(() -> new AssertionError("no AUTH_SESSION_ID cookie: " + first.headers()));
        assertTrue(authSessionCookie.contains("SameSite=None"), authSessionCookie);
        assertTrue(authSessionCookie.contains("Secure"), authSessionCookie);

        browser.stopAt(realm.redirectUri());
        Page phone = browser.get(first.location().orElseThrow());
        Map<String, Object> query = broker.authorizationRequest(phone).query();
        assertEquals("form_post", query.get("response_mode"));
        assertEquals(IDEMIA_LOA_2, query.get("acr_values"));
        assertEquals("openid id_basic mt_scope", query.get("scope"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertNotNull(query.get("nonce"));

        HtmlForm dana = phone.form(f -> "dana".equals(f.field("person")), "person=dana");
        Page formPost = browser.submit(dana.click("decision", "approve"));
        assertTrue(broker.isFormPost(formPost), formPost.describe());
        HtmlForm response = formPost.form();
        assertNotNull(response.field("code"));
        assertNotNull(response.field("state"));

        // the same POST without the browser's cookie finds no login: state alone is not enough
        Browser stranger = new Browser();
        stranger.stopAt(realm.redirectUri());
        Page strangerPage = stranger.submit(response);
        assertFalse(strangerPage.stopped(), strangerPage.describe());
        assertTrue(strangerPage.status() >= 400, strangerPage.describe());
        assertTrue(realm.users().isEmpty(), "no user from a POST without the auth-session cookie");

        Page callback = browser.submit(response);
        Tokens tokens = request.finish(callback);
        assertTrue(browser.history().stream().anyMatch(v -> "POST".equals(v.method())
                && v.url().toString().equals(realm.brokerEndpoint(IdemiaBroker.ALIAS))), browser.history().toString());
        assertEquals(true, broker.lastTokenRequest().codeVerifierPresent(), "PKCE verifier sent with a POSTed code");

        assertEquals(broker.username("dana"), tokens.idClaim("preferred_username"));
        assertEquals("Dana", tokens.idClaim("given_name"));
        assertEquals("Whitfield", tokens.idClaim("family_name"));
        UserRepresentation user = realm.user(broker.username("dana"));
        assertNull(user.getEmail());
        assertEquals("123AB4567", realm.attribute(user.getUsername(), "idemia_document_id"));
        assertEquals("1200 Grand Ave, Des Moines, IA 50309", realm.attribute(user.getUsername(), "idemia_address"));
    }

    @Test
    void queryLogin(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.createBroker(Map.of("responseMode", "query"));
        AuthRequest request = realm.authRequest();
        Page phone = broker.openPhone(browser, request);
        assertFalse(broker.lastQuery().containsKey("response_mode"), broker.lastQuery().toString());

        browser.clearHistory();
        Page callback = broker.answer(browser, phone, "frank", "approve");
        assertTrue(browser.history().stream().anyMatch(v -> "GET".equals(v.method())
                && v.url().toString().startsWith(realm.brokerEndpoint(IdemiaBroker.ALIAS) + "?")), browser.history().toString());
        Tokens tokens = request.finish(callback);
        assertEquals(broker.username("frank"), tokens.idClaim("preferred_username"));
        assertEquals("912345678", realm.attribute(broker.username("frank"), "idemia_document_id"));

        // with response mode query, a POSTed answer is refused
        Page post = new Browser().post(realm.brokerEndpoint(IdemiaBroker.ALIAS), Map.of("state", "x", "code", "y"));
        assertEquals(405, post.status(), post.describe());
    }

    @ParameterizedTest
    @ValueSource(strings = {IDEMIA_LOA_2, IDEMIA_LOA_3, IDEMIA_LOA_4})
    void eachLevelOfAssurance(String loa, TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.createBroker(Map.of("loa", loa));
        AuthRequest request = realm.authRequest();
        Page callback = broker.login(browser, request, "dana");
        assertEquals(loa, broker.lastQuery().get("acr_values"));
        assertEquals(loa, broker.lastEffectiveRequest().get("acr"));

        Tokens tokens = request.finish(callback);
        assertNotNull(tokens.accessToken());
        assertEquals(realm.issuer(), tokens.idClaim("iss"));
        assertEquals(realm.clientId(), tokens.idClaim("azp"));
        assertEquals(broker.username("dana"), tokens.idClaim("preferred_username"));
        assertEquals("Dana", tokens.idClaim("given_name"));

        String username = broker.username("dana");
        assertEquals("Dana", realm.user(username).getFirstName());
        assertEquals("Whitfield", realm.user(username).getLastName());
        assertEquals("123AB4567", realm.attribute(username, "idemia_document_id"));
        assertEquals("1200 Grand Ave, Des Moines, IA 50309", realm.attribute(username, "idemia_address"));
    }

    @Test
    void lowerAcrIsRefused(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.createBroker(Map.of("loa", IDEMIA_LOA_3));
        broker.control().arm("idemia", Fault.LOWER_ACR);
        Page page = broker.login(browser, realm.authRequest(), "dana");

        assertFalse(page.stopped(), "no redirect to the application: " + page.describe());
        assertTrue(page.text().contains("did not confirm the required level of assurance"), page.describe());
        assertTrue(realm.users().isEmpty(), "no user created");
        EventRepresentation error = realm.lastEvent("IDENTITY_PROVIDER_LOGIN_ERROR")
                .orElseThrow(() -> new AssertionError("no error event:\n" + realm.describeEvents()));
        assertEquals("acr_too_low", error.getDetails().get("reason"), realm.describeEvents());
        assertEquals(IdemiaBroker.ALIAS, error.getDetails().get("identity_provider"));
    }

    /** IDEMIA's default (missingAcr refuse), and lowest: a token without acr counts as loa-2. */
    @ParameterizedTest(name = "missingAcr={0}, minimumAcr={1} -> {2}")
    @CsvSource({
            "NONE,   loa-2, acr_missing",
            "refuse, loa-2, acr_missing",
            "lowest, loa-2, passes",
            "lowest, loa-3, acr_missing",
    })
    void tokenWithoutAcr(String missingAcr, String minimum, String outcome, TestRealm realm, IdemiaBroker idemia, Browser browser) {
        Map<String, String> config = new java.util.HashMap<>(Map.of("minimumAcr", minimum));
        if (!"NONE".equals(missingAcr)) {
            config.put("missingAcr", missingAcr);
        }
        IdemiaBroker broker = idemia.createBroker(config);
        broker.control().arm("idemia", Fault.MISSING_ACR);
        AuthRequest request = realm.authRequest();
        Page page = broker.login(browser, request, "dana");
        if ("passes".equals(outcome)) {
            request.finish(page);
            assertEquals("Whitfield", realm.user(broker.username("dana")).getLastName());
            return;
        }
        assertTrue(page.text().contains("did not confirm the required level of assurance"), page.describe());
        assertTrue(realm.users().isEmpty(), "no user created");
        assertEquals(outcome, realm.lastEvent("IDENTITY_PROVIDER_LOGIN_ERROR").orElseThrow().getDetails().get("reason"),
                realm.describeEvents());
    }

    @Test
    void refusedLoaIsTranslated(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        realm.enableLocales("en", "fr", "nl", "de");
        IdemiaBroker broker = idemia.createBroker(Map.of("loa", IDEMIA_LOA_4));
        broker.control().arm("idemia", Fault.LOWER_ACR);
        browser.header("Accept-Language", "fr");
        Page page = broker.login(browser, realm.authRequest(), "dana");
        assertTrue(page.text().contains("niveau de garantie requis"), page.describe());
    }

    @Test
    void firstAndSecondLoginAreTheSameUser(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.createBroker(Map.of());
        AuthRequest first = realm.authRequest();
        first.finish(broker.login(browser, first, "dana"));
        String username = broker.username("dana");
        String userId = realm.user(username).getId();

        browser.clearCookies();
        AuthRequest second = realm.authRequest();
        Tokens tokens = second.finish(broker.login(browser, second, "dana"));
        assertEquals(userId, tokens.idClaim("sub"));
        assertEquals(1, realm.users().size(), "one user after two logins");

        List<FederatedIdentityRepresentation> links = realm.federatedIdentities(username);
        assertEquals(1, links.size());
        assertEquals(IdemiaBroker.ALIAS, links.get(0).getIdentityProvider());
        assertEquals(broker.sub("dana"), links.get(0).getUserId());
    }

    @Test
    void refusalOnThePhone(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.createBroker(Map.of());
        AuthRequest request = realm.authRequest();
        Page phone = broker.openPhone(browser, request);
        Page page = broker.answer(browser, phone, "dana", "refuse");

        assertFalse(page.stopped(), page.describe());
        assertTrue(page.feedbackText().orElse("").contains("cancelled or refused"), page.describe());
        assertTrue(realm.users().isEmpty());
        EventRepresentation error = realm.lastEvent("IDENTITY_PROVIDER_LOGIN_ERROR")
                .orElseThrow(() -> new AssertionError("no error event:\n" + realm.describeEvents()));
        assertEquals("provider_error:access_denied", error.getDetails().get("reason"));
    }

    @Test
    void otherIdemiaErrorsAreShownAndRecorded(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.createBroker(Map.of());
        broker.openPhone(browser, realm.authRequest());
        String state = (String) broker.lastQuery().get("state");

        // IDEMIA answers an error the application cannot act on (form_post)
        Page page = browser.post(realm.brokerEndpoint(IdemiaBroker.ALIAS), Map.of(
                "error", "invalid_request", "error_description", "Something is wrong", "state", state));

        assertFalse(page.stopped(), page.describe());
        assertTrue(page.feedbackText().orElse("").contains("could not complete the login"), page.describe());
        assertTrue(realm.users().isEmpty());
        EventRepresentation error = realm.lastEvent("IDENTITY_PROVIDER_LOGIN_ERROR")
                .orElseThrow(() -> new AssertionError("no error event:\n" + realm.describeEvents()));
        assertEquals("provider_error:invalid_request", error.getDetails().get("reason"));
    }

    /**
     * {@code login_required}, e.g. for {@code prompt=none} without a session at IDEMIA, reaches the application as that
     * OpenID Connect error, as with Keycloak's own broker; the free-text description does not.
     */
    @Test
    void loginRequiredReachesTheApplication(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.createBroker(Map.of());
        AuthRequest request = realm.authRequest();
        broker.openPhone(browser, request);
        String state = (String) broker.lastQuery().get("state");

        browser.stopAt(realm.redirectUri());
        Page page = browser.post(realm.brokerEndpoint(IdemiaBroker.ALIAS), Map.of(
                "error", "login_required", "error_description", "User is not logged in", "state", state));

        request.assertCallback(page);
        assertEquals("login_required", page.queryParam("error"));
        assertNull(page.queryParam("code"));
        assertFalse(String.valueOf(page.queryParam("error_description")).contains("User is not logged in"));
        assertTrue(realm.users().isEmpty());
        EventRepresentation error = realm.lastEvent("IDENTITY_PROVIDER_LOGIN_ERROR")
                .orElseThrow(() -> new AssertionError("no error event:\n" + realm.describeEvents()));
        assertEquals("provider_error:login_required", error.getDetails().get("reason"));
    }

    @Test
    void digitalCredentialTenantGivesClaimsInTheIdToken(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.tenant(Simulator.IDEMIA_DC).createBroker(Map.of());
        AuthRequest request = realm.authRequest();
        Tokens tokens = request.finish(broker.login(browser, request, "dana"));

        assertEquals(broker.sim.issuer(Simulator.IDEMIA_DC), broker.lastAuthorizationRequest().issuer());
        String username = broker.username("dana");
        assertEquals(username, tokens.idClaim("preferred_username"));
        assertEquals("Dana", realm.user(username).getFirstName());
        assertEquals("Whitfield", realm.user(username).getLastName());
        assertEquals("123AB4567", realm.attribute(username, "idemia_document_id"));
        assertEquals("1200 Grand Ave, Des Moines, IA 50309", realm.attribute(username, "idemia_address"));
    }

    @Test
    void missingClaimsDoNotBreakTheLogin(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.createBroker(Map.of());
        AuthRequest request = realm.authRequest();
        Tokens tokens = request.finish(broker.login(browser, request, "eli"));

        String username = broker.username("eli");
        assertEquals(username, tokens.idClaim("preferred_username"));
        assertEquals("Eli", realm.user(username).getFirstName());
        assertEquals("Moreno", realm.user(username).getLastName());
        Map<String, List<String>> attributes = realm.attributes(username);
        assertFalse(attributes.containsKey("idemia_document_id"), attributes.toString());
        assertFalse(attributes.containsKey("idemia_address"), attributes.toString());
    }

    /**
     * IDEMIA keeps its own session: an application's {@code max_age} is sent on, and an ID token whose
     * {@code auth_time} is older (oxAuth answered from its session without asking the person) is refused.
     */
    @Test
    void maxAgeIsSentOnAndAnOlderUpstreamAuthTimeIsRefused(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.createBroker(Map.of());
        realm.clearEvents();
        broker.control().arm("idemia", Fault.OLD_AUTH_TIME);
        Page page = broker.login(browser, realm.authRequest().idpHint(IdemiaBroker.ALIAS).maxAge(60), "dana");
        assertEquals("60", String.valueOf(broker.lastQuery().get("max_age")));
        assertFalse(page.stopped(), "no code for the application: " + page.describe());
        assertEquals(502, page.status(), page.describe());
        assertTrue(realm.events().stream().anyMatch(e -> e.getDetails() != null
                && "auth_time_too_old".equals(e.getDetails().get("reason"))), realm.describeEvents());
        assertTrue(realm.users().isEmpty(), "no user from a refused login");
    }

    /** The hub session's {@code auth_time} is the one IDEMIA returned, not the time of the hub login. */
    @Test
    void theUpstreamAuthTimeBecomesTheHubSessions(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.createBroker(Map.of());
        broker.control().arm("idemia", Fault.OLD_AUTH_TIME);
        AuthRequest request = realm.authRequest().idpHint(IdemiaBroker.ALIAS).maxAge(36000);
        Tokens tokens = request.finish(broker.login(browser, request, "dana"));
        long authTime = ((Number) tokens.idClaim("auth_time")).longValue();
        long now = System.currentTimeMillis() / 1000;
        assertTrue(authTime <= now - 7000 && authTime >= now - 7400, "auth_time " + authTime + ", now " + now);
    }
}
