package io.eidhub.it.hub;

import io.eidhub.it.Browser;
import io.eidhub.it.Html;
import io.eidhub.it.HtmlForm;
import io.eidhub.it.Jwt;
import io.eidhub.it.KeycloakServer;
import io.eidhub.it.Page;
import io.eidhub.it.SimulatorControl;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.Simulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.UserResource;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.eidhub.it.EidTestConstants.IDEMIA_LOA_2;
import static io.eidhub.it.EidTestConstants.ITSME_ACR_BASIC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The run command's demo realm ({@code hub/realm-hub.json}, imported with this test's ports) and its demo app: a login
 * through the demo app with each provider, as a person would click it, ends on the decoded-tokens page with the
 * user's names, the eID attributes and {@code upstream_acr}, without Keycloak's review-profile form.
 */
@WithKeycloak
class HubRealmIT {


    private static HubRealm hub;
    private static KeycloakServer server;
    private static Simulator sim;

    @BeforeAll
    static void importHubRealm(KeycloakServer keycloak, Simulator shared) {
        server = keycloak;
        sim = shared;
        hub = HubRealm.start(keycloak, shared);
    }

    @AfterAll
    static void removeHubRealm() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void realmIsTheB2cEquivalent() {
        RealmRepresentation r = hub.realm().toRepresentation();
        assertEquals(300, r.getAccessTokenLifespan(), "5-minute access and ID tokens");
        assertEquals("eidhub", r.getLoginTheme());
        assertTrue(r.isInternationalizationEnabled());
        assertEquals(java.util.Set.of("en", "fr", "nl", "de"), r.getSupportedLocales());
        for (String alias : List.of("itsme", "idemia")) {
            var idp = hub.realm().identityProviders().get(alias).toRepresentation();
            assertEquals("eID sign-up and sign-in", idp.getFirstBrokerLoginFlowAlias(), alias);
            assertTrue(idp.getConfig().get("metadataUrl").startsWith(sim.baseUrl() + "/"), idp.getConfig().toString());
        }
        // the IDEMIA username template survives the placeholder resolution (it is not a HUB_* variable)
        assertTrue(hub.realm().identityProviders().get("idemia").getMappers().stream()
                .anyMatch(m -> "${ALIAS}.${CLAIM.sub}".equals(m.getConfig().get("template"))));
    }

    @Test
    void loginPageOffersBothProvidersInTheHubTheme() {
        Browser browser = new Browser();
        Page login = browser.get(hub.demoApp.homeUrl() + "login?ui_locales=fr");
        assertEquals(200, login.status(), login.describe());
        assertTrue(login.isAt(server.realmUrl(HubRealm.REALM)), login.describe());
        assertTrue(login.body().contains("/login/eidhub/"), "the eidhub login theme is selected");
        assertTrue(login.text().contains("Se connecter avec itsme"), login.text());
        login.linkById("social-itsme");
        login.linkById("social-idemia");
    }

    @Test
    void itsmeLoginShowsTheTokensWithoutAReviewForm_thenLogoutAndLoginAgainLinksBySub() {
        Browser browser = new Browser();
        Page tokens = login(browser, "itsme", "alice");

        Map<String, Object> id = idTokenPayload(tokens);
        assertEquals("Alice", summary(tokens, "given_name"));
        assertEquals("Dubois", summary(tokens, "family_name"));
        assertEquals("Alice Dubois", summary(tokens, "name"));
        assertEquals(ITSME_ACR_BASIC, summary(tokens, "upstream_acr"));
        assertEquals("itsme", summary(tokens, "identity_provider"));
        assertEquals("85041215636", summary(tokens, "itsme_national_number"));
        // the demo app asks for verified_claims: itsme was asked only for what that needs (no claim_citizenship)
        assertFalse(id.containsKey("itsme_citizenship"), id.toString());
        @SuppressWarnings("unchecked")
        Map<String, Object> verified = (Map<String, Object>) id.get("verified_claims");
        assertEquals("eidas", ((Map<?, ?>) verified.get("verification")).get("trust_framework"));
        assertEquals("Alice", ((Map<?, ?>) verified.get("claims")).get("given_name"));
        assertEquals(List.of("BEL"), ((Map<?, ?>) verified.get("claims")).get("nationalities"));
        // the evidence from itsme's document claims and metadata claims (idDocument, verificationDate)
        Map<?, ?> evidence = (Map<?, ?>) ((List<?>) ((Map<?, ?>) verified.get("verification")).get("evidence")).get(0);
        assertEquals("2021-03-01T10:00:00Z", evidence.get("time"));
        Map<?, ?> document = (Map<?, ?>) evidence.get("document_details");
        assertEquals("idcard", document.get("type"));
        assertEquals("BEL", ((Map<?, ?>) document.get("issuer")).get("country_code"));
        assertTrue(tokens.textById("verified-claims").isPresent(), "the demo app shows verified_claims");
        assertEquals(ITSME_ACR_BASIC, id.get("upstream_acr"));
        assertEquals(ITSME_ACR_BASIC, accessTokenPayload(tokens).get("upstream_acr"), "upstream_acr is in the access token too");
        assertEquals(Map.of("formatted", "Liège, BEL", "city", "Liège", "country", "BEL"), id.get("itsme_place_of_birth"));
        // Keycloak reads the clock separately for iat and exp: a second may tick between the two
        long lifetime = ((Number) id.get("exp")).longValue() - ((Number) id.get("iat")).longValue();
        assertTrue(lifetime == 300L || lifetime == 299L, "a 5-minute ID token, not " + lifetime + " s");

        String username = "itsme." + HubRealm.upstreamSub("itsme", "alice");
        UserRepresentation user = user(username);
        assertEquals(id.get("sub"), user.getId());
        assertEquals(List.of("85041215636"), user.getAttributes().get("itsme_national_number"));
        List<FederatedIdentityRepresentation> links = hub.realm().users().get(user.getId()).getFederatedIdentity();
        assertEquals(1, links.size());
        assertEquals(HubRealm.upstreamSub("itsme", "alice"), links.get(0).getUserId(), "linked by the itsme sub");
        assertTrue(events("UPDATE_PROFILE").isEmpty(), "no profile form was submitted");

        // RP-initiated logout: back to the demo app, Keycloak session gone
        Page loggedOut = browser.submit(tokens.form(f -> f.action().getPath().endsWith("/demo/logout"), "logout form"));
        assertTrue(loggedOut.isAt(hub.demoApp.postLogoutRedirectUri()), loggedOut.describe() + "\n" + browser.history());
        assertTrue(loggedOut.textById("signed-out").isPresent(), loggedOut.body());
        UserResource userResource = hub.realm().users().get(user.getId());
        assertTrue(userResource.getUserSessions().isEmpty(), "the hub session is closed");

        // the second login finds the same user through the federated identity (sub), without creating another
        Page again = login(browser, "itsme", "alice");
        assertEquals(user.getId(), idTokenPayload(again).get("sub"));
        assertEquals(1, hub.realm().users().searchByUsername(username, true).size());
    }

    @Test
    void idemiaLoginShowsTheTokensWithoutAReviewForm_thenLogoutEndsTheIdemiaSessionToo() {
        Browser browser = new Browser();
        Page tokens = login(browser, "idemia", "dana");

        Map<String, Object> id = idTokenPayload(tokens);
        assertEquals("Dana", summary(tokens, "given_name"));
        assertEquals("Whitfield", summary(tokens, "family_name"));
        assertEquals(IDEMIA_LOA_2, summary(tokens, "upstream_acr"));
        assertEquals("idemia", summary(tokens, "identity_provider"));
        assertEquals("123AB4567", summary(tokens, "idemia_document_id"));
        assertEquals("1200 Grand Ave, Des Moines, IA 50309", id.get("idemia_address"));
        assertEquals(IDEMIA_LOA_2, accessTokenPayload(tokens).get("upstream_acr"));
        assertNull(id.get("email"), "IDEMIA sends no e-mail, and the hub does not ask for one");

        UserRepresentation user = user("idemia." + HubRealm.upstreamSub("idemia", "dana"));
        assertEquals(List.of("123AB4567"), user.getAttributes().get("idemia_document_id"));

        // logout: demo app -> Keycloak -> IDEMIA's end_session -> Keycloak -> demo app
        Page loggedOut = browser.submit(tokens.form(f -> f.action().getPath().endsWith("/demo/logout"), "logout form"));
        assertTrue(loggedOut.isAt(hub.demoApp.postLogoutRedirectUri()), loggedOut.describe() + "\n" + browser.history());
        String brokerLogout = server.realmUrl(HubRealm.REALM) + "/broker/idemia/endpoint/logout_response";
        assertTrue(browser.visited(sim.baseUrl() + "/oxauth/restv1/end_session"), browser.history().toString());
        List<Map<String, Object>> logouts = SimulatorControl.of(sim).logouts();
        assertTrue(logouts.stream().anyMatch(l -> brokerLogout.equals(l.get("postLogoutRedirectUri"))), logouts.toString());
        assertTrue(hub.realm().users().get(user.getId()).getUserSessions().isEmpty(), "the hub session is closed");
    }

    @Test
    void idemiaUserWhoSharesNoDocumentStillGetsInWithoutAForm() {
        Page tokens = login(new Browser(), "idemia", "eli");
        Map<String, Object> id = idTokenPayload(tokens);
        assertEquals("Eli", id.get("given_name"));
        assertEquals("Moreno", id.get("family_name"));
        assertEquals(IDEMIA_LOA_2, id.get("upstream_acr"));
        assertFalse(id.containsKey("idemia_document_id"));
    }

    // ------------------------------------------------------------------ the demo app, as a person clicks it

    /**
     * Opens the demo app, clicks "Log in with ..." and approves as {@code person} on the simulated phone (submitting
     * IDEMIA's form_post page as a browser would). Asserts that every Keycloak answer after the phone was a redirect
     * (no review-profile or other form) and returns the tokens page.
     */
    /**
     * An eID user cannot give themselves a password (which would let them reach the hub's password form and get tokens
     * below the level an application required): the account console's password set-up ({@code kc_action=UPDATE_PASSWORD})
     * shows no form, and the user holds no password afterwards.
     */
    @Test
    void anEidUserCannotSetUpAPassword() {
        Browser browser = new Browser();
        login(browser, "itsme", "chloe");
        String realmUrl = server.realmUrl(HubRealm.REALM);
        String verifier = "eidhub-test-verifier-0123456789abcdefghijklmnopqrstuvwxyz";
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier));
        URI setUp = URI.create(realmUrl + "/protocol/openid-connect/auth?client_id=account-console&response_type=code"
                + "&scope=openid&kc_action=UPDATE_PASSWORD&code_challenge_method=S256&code_challenge=" + challenge
                + "&redirect_uri=" + java.net.URLEncoder.encode(realmUrl + "/account/", java.nio.charset.StandardCharsets.UTF_8));
        browser.stopAt(realmUrl + "/account/");
        Page page = browser.get(setUp);
        assertFalse(page.body().contains("password-new"), "no password set-up form: " + page.describe());
        UserRepresentation chloe = user("itsme." + HubRealm.upstreamSub("itsme", "chloe"));
        assertTrue(hub.realm().users().get(chloe.getId()).credentials().stream().noneMatch(c -> "password".equals(c.getType())),
                "chloe holds no password");
    }

    /**
     * The hub's sign-in page is eID-only: even an eID user to whom an admin gave a password cannot use it. Before, the
     * browser flow held Keycloak's username/password form, and that password yielded tokens although the application
     * asked for an essential high level (security review item 8). The page shows no password field, and credentials
     * posted to its action anyway are refused with a translated message, an event with a reason, and no session.
     */
    @Test
    void aPasswordAnAdminGaveAnEidUserOpensNoLogin() {
        login(new Browser(), "itsme", "mateja");
        UserRepresentation mateja = user("itsme." + HubRealm.upstreamSub("itsme", "mateja"));
        UserResource account = hub.realm().users().get(mateja.getId());
        String password = "it-" + java.util.UUID.randomUUID();
        CredentialRepresentation credential = new CredentialRepresentation();
        credential.setType(CredentialRepresentation.PASSWORD);
        credential.setValue(password);
        credential.setTemporary(false);
        account.resetPassword(credential);
        account.logout();

        Browser browser = new Browser();
        String realmUrl = server.realmUrl(HubRealm.REALM);
        String essentialHigh = "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"high\"]}}}";
        String challenge = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(sha256("eidhub-test-verifier-0123456789abcdefghijklmnopqrstuvwxyz"));
        browser.stopAt(hub.demoApp.redirectUri());
        Page signIn = browser.get(realmUrl + "/protocol/openid-connect/auth?client_id=" + HubRealm.DEMO_CLIENT
                + "&response_type=code&scope=openid&state=s-1&nonce=n-1&code_challenge_method=S256&code_challenge=" + challenge
                + "&redirect_uri=" + encode(hub.demoApp.redirectUri()) + "&claims=" + encode(essentialHigh));
        assertEquals(200, signIn.status(), signIn.describe());
        signIn.linkById("social-itsme");
        signIn.linkById("social-idemia");

        // post the credentials to the step's action anyway (the action URL built from the provider link's codes)
        Map<String, String> codes = queryParams(signIn.linkById("social-itsme"));
        String execution = hub.realm().flows().getExecutions("eID browser forms").get(0).getId();
        URI action = URI.create(realmUrl + "/login-actions/authenticate?session_code=" + codes.get("session_code")
                + "&execution=" + execution + "&client_id=" + HubRealm.DEMO_CLIENT + "&tab_id=" + codes.get("tab_id"));
        Page answer = browser.post(action, Map.of("username", mateja.getUsername(), "password", password, "credentialId", ""));
        assertFalse(answer.stopped(), "the password gave the application a code: " + answer.describe());
        assertTrue(answer.text().contains("This service accepts no password"), answer.text());
        assertTrue(account.getUserSessions().isEmpty(), "no session");
        assertTrue(events("LOGIN_ERROR").stream().anyMatch(e -> e.getDetails() != null
                && "credentials_not_accepted".equals(e.getDetails().get("reason"))), "an event with a reason");
        assertFalse(signIn.body().contains("name=\"password\""), "no password field: " + signIn.body());
        assertFalse(signIn.body().contains("name=\"username\""), "no username field: " + signIn.body());
    }

    /**
     * Security review item 10, end to end: a name the provider sent stays the provider's. The review-profile step (forced
     * on for this test, as an admin could configure it) does not take a changed first or last name, and neither does
     * the account console's REST API with the user's own token.
     */
    @Test
    void aNameTheProviderSentCannotBeChangedInReviewProfileOrTheAccountConsole() throws Exception {
        var review = hub.realm().flows().getExecutions("eID sign-up and sign-in").stream()
                .filter(e -> "idp-review-profile".equals(e.getProviderId())).findFirst().orElseThrow();
        var reviewConfig = hub.realm().flows().getAuthenticatorConfig(review.getAuthenticationConfig());
        String before = reviewConfig.getConfig().get("update.profile.on.first.login");
        reviewConfig.getConfig().put("update.profile.on.first.login", "on");
        hub.realm().flows().updateAuthenticatorConfig(reviewConfig.getId(), reviewConfig);
        Browser browser = new Browser();
        String frankUsername = "idemia." + HubRealm.upstreamSub("idemia", "frank");
        try {
            URI link = browser.get(hub.demoHome()).linkById("login-idemia");
            Page phone = browser.get(link);
            Page answer = browser.submit(phone.form(f -> "frank".equals(f.field("person")), "person=frank").click("decision", "approve"));
            if ("Submit This Form".equals(answer.title())) {
                answer = browser.submit(answer.form());
            }
            HtmlForm reviewForm = answer.formById("kc-idp-review-profile-form");
            Page changed = browser.submit(reviewForm.with(Map.of("firstName", "Mallory", "lastName", "Impostor")));
            if (hub.realm().users().searchByUsername(frankUsername, true).isEmpty()) {
                // the changed names were refused and the form shown again: confirming the provider's names creates the user
                browser.submit(changed.formById("kc-idp-review-profile-form")
                        .with(Map.of("firstName", "Frank", "lastName", "O'Neil")));
            }
        } finally {
            reviewConfig.getConfig().put("update.profile.on.first.login", before);
            hub.realm().flows().updateAuthenticatorConfig(reviewConfig.getId(), reviewConfig);
        }
        UserRepresentation frank = user(frankUsername);
        assertEquals("Frank", frank.getFirstName(), "review profile kept the provider's first name");
        assertEquals("O'Neil", frank.getLastName(), "review profile kept the provider's last name");

        // the account console's API, with frank's own token (account-console, PKCE)
        String realmUrl = server.realmUrl(HubRealm.REALM);
        String verifier = "eidhub-test-verifier-0123456789abcdefghijklmnopqrstuvwxyz";
        String accountRedirect = realmUrl + "/account/";
        browser.stopAt(accountRedirect);
        Page stopped = browser.get(realmUrl + "/protocol/openid-connect/auth?client_id=account-console&response_type=code"
                + "&scope=openid&code_challenge_method=S256&code_challenge="
                + java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier))
                + "&redirect_uri=" + encode(accountRedirect));
        assertTrue(stopped.stopped() && stopped.queryParam("code") != null, stopped.describe());
        Map<String, Object> tokens = Jwt.json(new Browser().post(realmUrl + "/protocol/openid-connect/token", Map.of(
                "grant_type", "authorization_code", "code", stopped.queryParam("code"), "client_id", "account-console",
                "redirect_uri", accountRedirect, "code_verifier", verifier)).body());
        String accessToken = (String) tokens.get("access_token");
        assertTrue(accessToken != null, tokens.keySet().toString());
        var http = java.net.http.HttpClient.newHttpClient();
        var changed = http.send(java.net.http.HttpRequest.newBuilder(URI.create(realmUrl + "/account"))
                        .header("Authorization", "Bearer " + accessToken).header("Content-Type", "application/json")
                        .header("Accept", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"username\":\"" + frank.getUsername()
                                + "\",\"firstName\":\"Mallory\",\"lastName\":\"Impostor\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertTrue(changed.statusCode() >= 400, "the account API refused the change: " + changed.statusCode() + " " + changed.body());
        UserRepresentation after = user(frank.getUsername());
        assertEquals("Frank", after.getFirstName());
        assertEquals("O'Neil", after.getLastName());
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    private static Map<String, String> queryParams(URI uri) {
        Map<String, String> params = new java.util.HashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            int eq = pair.indexOf('=');
            params.put(java.net.URLDecoder.decode(pair.substring(0, eq), java.nio.charset.StandardCharsets.UTF_8),
                    java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8));
        }
        return params;
    }

    private static byte[] sha256(String text) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(text.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Page login(Browser browser, String idp, String person) {
        Page home = browser.get(hub.demoHome());
        assertEquals(200, home.status(), home.describe());
        URI link = home.linkById("login-" + idp);

        Page phone = browser.get(link);
        assertTrue(phone.isAt(sim.baseUrl()) && phone.forms().stream().anyMatch(f -> person.equals(f.field("person"))),
                "expected the " + idp + " phone page, got " + phone.describe() + "\n" + browser.history());

        browser.clearHistory();
        HtmlForm approve = phone.form(f -> person.equals(f.field("person")), "person=" + person).click("decision", "approve");
        Page answer = browser.submit(approve);
        if ("Submit This Form".equals(answer.title())) { // IDEMIA's response_mode=form_post
            answer = browser.submit(answer.form());
        }
        List<Browser.Visit> fromKeycloak = browser.history().stream()
                .filter(v -> v.url().toString().startsWith(server.baseUrl())).toList();
        assertFalse(fromKeycloak.isEmpty(), browser.history().toString());
        assertTrue(fromKeycloak.stream().allMatch(v -> v.status() >= 300 && v.status() < 400),
                "Keycloak showed a page (review profile?) instead of redirecting: " + fromKeycloak);
        assertFalse(answer.body().contains("kc-idp-review-profile-form"));

        assertTrue(answer.isAt(hub.demoHome()) && answer.status() == 200, answer.describe() + "\n" + answer.body());
        assertTrue(answer.textById("signed-in").isPresent(), answer.body());
        return answer;
    }

    /**
     * A new person's age-only login (the demo app's "Only prove I am 18 or older"): no Review Profile form although the
     * user gets no name, itsme asked for {@code age_gte_18} alone, and the token says {@code age_over_18} and nothing of
     * the person.
     */
    @Test
    void anAgeOnlyLoginOfANewPersonEndsWithoutAReviewForm() {
        Page tokens = login(new Browser(), "age", "chloe");

        Map<String, Object> id = idTokenPayload(tokens);
        assertEquals(Boolean.TRUE, id.get("age_over_18"), id.toString());
        for (String absent : List.of("name", "given_name", "family_name", "birthdate", "email", "verified_claims", "itsme_national_number")) {
            assertFalse(id.containsKey(absent), absent + " in " + id);
        }
        Map<String, Object> query = SimulatorControl.of(sim).lastAuthorizationRequest("itsme").query();
        assertEquals("openid service:EIDHUB_DEMO", query.get("scope"));
        assertEquals(java.util.Set.of("age_gte_18"),
                ((Map<?, ?>) Jwt.json(query.get("claims").toString()).get("id_token")).keySet());
        UserRepresentation user = user("itsme." + HubRealm.upstreamSub("itsme", "chloe"));
        assertNull(user.getFirstName());
        assertNull(user.getLastName());
    }

    /**
     * The demo realm publishes an RSA-OAEP-256 encryption key beside the default RSA-OAEP one, as itsme recommends; the
     * simulator encrypts each token to one of them at random, and logins work whichever it picks, also when itsme's ID
     * token carries no acr (missingAcr lowest: basic).
     */
    @Test
    void itsmeLoginsWorkWithEitherEncryptionKeyAndWithoutAcr() throws Exception {
        Map<String, Object> jwks = Jwt.json(new Browser().get(server.realmUrl(HubRealm.REALM) + "/protocol/openid-connect/certs").body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> keys = (List<Map<String, Object>>) jwks.get("keys");
        List<Object> encAlgs = keys.stream().filter(k -> "enc".equals(k.get("use"))).map(k -> k.get("alg")).toList();
        assertTrue(encAlgs.containsAll(List.of("RSA-OAEP", "RSA-OAEP-256")), encAlgs.toString());

        java.util.Set<Object> kids = new java.util.HashSet<>();
        for (boolean omitAcr : List.of(false, true, false, true, false, true, false, true, false, true)) {
            SimulatorControl.of(sim).setSwitch(Simulator.ITSME_V2, "omitAcr", omitAcr);
            Page tokens;
            try {
                tokens = login(new Browser(), "itsme", "bob");
            } finally {
                SimulatorControl.of(sim).setSwitch(Simulator.ITSME_V2, "omitAcr", false);
            }
            assertEquals("Peeters", summary(tokens, "family_name"));
            assertEquals(omitAcr ? null : ITSME_ACR_BASIC, summary(tokens, "upstream_acr"), "omitAcr=" + omitAcr);
            kids.add(lastIdTokenKid());
        }
        assertEquals(2, kids.size(), "both encryption keys were used (failure probability 2^-9): " + kids);
    }

    /** The {@code kid} of the JWE header of the last ID token the simulator issued to the demo realm's itsme client. */
    private static Object lastIdTokenKid() throws Exception {
        List<Map<String, Object>> records = new io.eidhub.it.SimulatorControl(sim.baseUrl()).credentials("eidhub-demo");
        String idToken = records.stream().filter(r -> r.get("idToken") != null).reduce((a, b) -> b).orElseThrow()
                .get("idToken").toString();
        String header = new String(java.util.Base64.getUrlDecoder().decode(idToken.substring(0, idToken.indexOf('.'))),
                java.nio.charset.StandardCharsets.UTF_8);
        return Jwt.json(header).get("kid");
    }

    /** A value of the tokens page's summary table (row {@code data-claim="<claim>"}), or null. */
    private static String summary(Page page, String claim) {
        Matcher m = Pattern.compile("data-claim=\"" + Pattern.quote(claim) + "\"><th>[^<]*</th><td>([^<]*)")
                .matcher(page.body());
        return m.find() ? Html.unescape(m.group(1)) : null;
    }

    private static Map<String, Object> idTokenPayload(Page page) {
        return preJson(page, "id-token-payload");
    }

    private static Map<String, Object> accessTokenPayload(Page page) {
        return preJson(page, "access-token-payload");
    }

    private static Map<String, Object> preJson(Page page, String id) {
        Optional<String> inner = Html.innerHtmlById(page.body(), id);
        assertTrue(inner.isPresent(), "no #" + id + " on " + page.describe());
        return Jwt.json(Html.unescape(inner.get()));
    }

    private static UserRepresentation user(String username) {
        List<UserRepresentation> found = hub.realm().users().searchByUsername(username, true);
        assertEquals(1, found.size(), "user " + username);
        return hub.realm().users().get(found.get(0).getId()).toRepresentation();
    }

    private static List<EventRepresentation> events(String type) {
        return hub.realm().getEvents(List.of(type), null, null, null, null, null, 0, 100);
    }
}
