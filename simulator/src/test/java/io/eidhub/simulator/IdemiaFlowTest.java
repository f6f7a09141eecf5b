package io.eidhub.simulator;

import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdemiaFlowTest {

    static final String CLIENT_ID = "kc-idemia";
    static final String SECRET = "s3cr:et+/é&%";   // characters that need RFC 6749 form-encoding in Basic
    static final String REDIRECT = "http://localhost:8080/realms/demo/broker/idemia/endpoint";
    static final String LOGOUT_REDIRECT = "http://localhost:8080/realms/demo/broker/idemia/endpoint/logout_response";

    static Simulator sim;
    static final TestClient http = new TestClient();
    static String base;

    @BeforeAll
    static void start() throws Exception {
        sim = Simulator.start(SimulatorOptions.defaults().quiet(true)
                .client(TestClient.idemiaBasicClient(CLIENT_ID, SECRET, REDIRECT)
                        .postLogoutRedirectUri(LOGOUT_REDIRECT)
                        .build()));
        base = sim.baseUrl();
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.reset();
    }

    private String authorizeUrl(String tenantPath, Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("client_id", CLIENT_ID);
        p.put("redirect_uri", REDIRECT);
        p.put("response_type", "code");
        p.put("scope", "openid id_basic mt_scope");
        p.put("state", "st-1");
        p.put("nonce", "n-1");
        p.putAll(extra);
        return TestClient.url(base + tenantPath + "/restv1/authorize", p);
    }

    private String code(String tenantPath, Map<String, String> extra, String person) throws Exception {
        String tx = http.phonePage(authorizeUrl(tenantPath, extra));
        HttpResponse<String> r = http.decide(sim.decisionUrl(), tx, person, "approve");
        assertEquals(302, r.statusCode());
        Map<String, String> q = TestClient.queryOf(r.headers().firstValue("Location").orElseThrow());
        assertEquals("st-1", q.get("state"));
        return q.get("code");
    }

    private HttpResponse<String> redeem(String tenantPath, String code, Map<String, String> extra) throws Exception {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", REDIRECT);
        form.putAll(extra);
        return http.postForm(base + tenantPath + "/restv1/token", form, "Authorization",
                TestClient.basic(CLIENT_ID, SECRET));
    }

    private JWTClaimsSet verify(String tenantPath, String idToken) throws Exception {
        JWKSet jwks = JWKSet.parse(http.get(base + tenantPath + "/restv1/jwks").body());
        SignedJWT jwt = SignedJWT.parse(idToken);
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "kid not in JWKS");
        assertTrue(jwt.verify(new RSASSAVerifier(key)));
        return jwt.getJWTClaimsSet();
    }

    @Test
    void discoveryIsOxAuthLike() throws Exception {
        Map<String, Object> d = JSONObjectUtils.parse(http.get(sim.discoveryUrl(Simulator.IDEMIA)).body());
        assertEquals(base + "/oxauth", d.get("issuer"));
        assertEquals(base + "/oxauth/restv1/end_session", d.get("end_session_endpoint"));
        assertEquals(base + "/oxauth/restv1/userinfo", d.get("userinfo_endpoint"));
        assertEquals(List.of("client_secret_basic"), d.get("token_endpoint_auth_methods_supported"));
        assertEquals(List.of("loa-2", "loa-3", "loa-4"), d.get("acr_values_supported"));
        assertEquals(List.of("query", "form_post"), d.get("response_modes_supported"));
        assertNotNull(d.get("scope_to_claims_mapping"));

        Map<String, Object> dc = JSONObjectUtils.parse(http.get(sim.discoveryUrl(Simulator.IDEMIA_DC)).body());
        assertEquals(base + "/oxauth-dc", dc.get("issuer"));
        assertNull(dc.get("userinfo_endpoint"));
        assertNull(dc.get("end_session_endpoint"));
        assertEquals(404, http.get(base + "/oxauth-dc/restv1/userinfo").statusCode());
    }

    @Test
    void basicClientFullFlowWithUserinfo() throws Exception {
        String code = code("/oxauth", Map.of("acr_values", "loa-3"), "dana");
        HttpResponse<String> r = redeem("/oxauth", code, Map.of());
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> tokens = JSONObjectUtils.parse(r.body());
        assertEquals("Bearer", tokens.get("token_type"));
        assertEquals(3600L, tokens.get("expires_in"));

        JWTClaimsSet id = verify("/oxauth", (String) tokens.get("id_token"));
        assertEquals(base + "/oxauth", id.getIssuer());
        assertEquals(List.of(CLIENT_ID), id.getAudience());
        assertEquals("n-1", id.getStringClaim("nonce"));
        assertEquals("loa-3", id.getStringClaim("acr"));
        assertEquals(List.of("3"), id.getStringListClaim("amr"));
        assertEquals(Simulator.subject("idemia", CLIENT_ID, "dana"), id.getSubject());
        assertNull(id.getClaim("firstName1"), "classic IDEMIA: user claims only from userinfo");
        assertEquals(300, (id.getExpirationTime().getTime() - id.getIssueTime().getTime()) / 1000);

        HttpResponse<String> ui = http.get(base + "/oxauth/restv1/userinfo",
                "Authorization", "Bearer " + tokens.get("access_token"));
        assertEquals(200, ui.statusCode());
        assertTrue(ui.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        Map<String, Object> info = JSONObjectUtils.parse(ui.body());
        assertEquals(id.getSubject(), info.get("sub"));
        assertEquals("Dana", info.get("firstName1"));
        assertEquals("Whitfield", info.get("lastName1"));
        assertEquals("123AB4567", info.get("documentId"));
        assertEquals("1200 Grand Ave, Des Moines, IA 50309", info.get("address1"));
    }

    @Test
    void defaultAcrIsLoa2AndEliSharesNoDocumentOrAddress() throws Exception {
        String code = code("/oxauth", Map.of(), "eli");
        Map<String, Object> tokens = JSONObjectUtils.parse(redeem("/oxauth", code, Map.of()).body());
        assertEquals("loa-2", verify("/oxauth", (String) tokens.get("id_token")).getStringClaim("acr"));
        Map<String, Object> info = JSONObjectUtils.parse(http.get(base + "/oxauth/restv1/userinfo",
                "Authorization", "Bearer " + tokens.get("access_token")).body());
        assertEquals("Eli", info.get("firstName1"));
        assertFalse(info.containsKey("documentId"));
        assertFalse(info.containsKey("address1"));
    }

    @Test
    void digitalCredentialPutsClaimsInIdToken() throws Exception {
        String code = code("/oxauth-dc", Map.of("acr_values", "loa-4"), "frank");
        HttpResponse<String> r = redeem("/oxauth-dc", code, Map.of());
        assertEquals(200, r.statusCode(), r.body());
        JWTClaimsSet id = verify("/oxauth-dc", (String) JSONObjectUtils.parse(r.body()).get("id_token"));
        assertEquals(base + "/oxauth-dc", id.getIssuer());
        assertEquals("loa-4", id.getStringClaim("acr"));
        assertEquals("Frank", id.getStringClaim("firstName1"));
        assertEquals("O'Neil", id.getStringClaim("lastName1"));
        assertEquals("912345678", id.getStringClaim("documentId"));
    }

    @Test
    void basicAuthIsEnforced() throws Exception {
        String code = code("/oxauth", Map.of(), "dana");
        // secret in the body instead of the Authorization header
        HttpResponse<String> post = http.postForm(base + "/oxauth/restv1/token", Map.of(
                "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT,
                "client_id", CLIENT_ID, "client_secret", SECRET));
        assertEquals(400, post.statusCode());
        Map<String, Object> err = JSONObjectUtils.parse(post.body());
        assertEquals("invalid_client", err.get("error"));
        assertNotNull(err.get("error_description"));
        // wrong secret
        HttpResponse<String> wrong = http.postForm(base + "/oxauth/restv1/token", Map.of(
                        "grant_type", "authorization_code", "code", code, "redirect_uri", REDIRECT),
                "Authorization", TestClient.basic(CLIENT_ID, "nope"));
        assertEquals(401, wrong.statusCode());
        // the code was not consumed by failed client authentication
        assertEquals(200, redeem("/oxauth", code, Map.of()).statusCode());
    }

    @Test
    void codeIsSingleUseAndSecondUseRevokesTheAccessToken() throws Exception {
        String code = code("/oxauth", Map.of(), "dana");
        HttpResponse<String> first = redeem("/oxauth", code, Map.of());
        assertEquals(200, first.statusCode());
        HttpResponse<String> second = redeem("/oxauth", code, Map.of());
        assertEquals(400, second.statusCode());
        assertEquals("invalid_grant", JSONObjectUtils.parse(second.body()).get("error"));
        String at = (String) JSONObjectUtils.parse(first.body()).get("access_token");
        assertEquals(401, http.get(base + "/oxauth/restv1/userinfo", "Authorization", "Bearer " + at).statusCode());
    }

    @Test
    void pkceIsChecked() throws Exception {
        String verifier = "dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk";
        String challenge = Ids.s256(verifier);
        String code = code("/oxauth", Map.of("code_challenge", challenge, "code_challenge_method", "S256"), "dana");
        HttpResponse<String> bad = redeem("/oxauth", code,
                Map.of("code_verifier", "wrong-verifier-wrong-verifier-wrong-verifier-x"));
        assertEquals(400, bad.statusCode());
        assertEquals("invalid_grant", JSONObjectUtils.parse(bad.body()).get("error"));

        String code2 = code("/oxauth", Map.of("code_challenge", challenge, "code_challenge_method", "S256"), "dana");
        assertEquals(400, redeem("/oxauth", code2, Map.of()).statusCode(), "verifier missing");
        String code3 = code("/oxauth", Map.of("code_challenge", challenge, "code_challenge_method", "S256"), "dana");
        assertEquals(200, redeem("/oxauth", code3, Map.of("code_verifier", verifier)).statusCode());

        HttpResponse<String> plain = http.get(authorizeUrl("/oxauth",
                Map.of("code_challenge", verifier, "code_challenge_method", "plain")));
        assertEquals(302, plain.statusCode());
        assertEquals("invalid_request", TestClient.queryOf(plain.headers().firstValue("Location").orElseThrow()).get("error"));
    }

    @Test
    void formPostResponseMode() throws Exception {
        String tx = http.phonePage(authorizeUrl("/oxauth", Map.of("response_mode", "form_post")));
        HttpResponse<String> r = http.decide(sim.decisionUrl(), tx, "dana", "approve");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("<form method=\"post\" action=\"" + REDIRECT + "\">"), r.body());
        Map<String, String> inputs = TestClient.hiddenInputs(r.body());
        assertEquals("st-1", inputs.get("state"));
        assertEquals(200, redeem("/oxauth", inputs.get("code"), Map.of()).statusCode());

        String tx2 = http.phonePage(authorizeUrl("/oxauth", Map.of("response_mode", "form_post")));
        Map<String, String> refused = TestClient.hiddenInputs(http.decide(sim.decisionUrl(), tx2, "dana", "refuse").body());
        assertEquals("access_denied", refused.get("error"));
        assertEquals("st-1", refused.get("state"));
        assertFalse(refused.containsKey("code"));
    }

    @Test
    void acrValuesMustBeExactlyOneLoa() throws Exception {
        HttpResponse<String> r = http.get(authorizeUrl("/oxauth", Map.of("acr_values", "loa-3 loa-4")));
        assertEquals(302, r.statusCode());
        assertEquals("invalid_request", TestClient.queryOf(r.headers().firstValue("Location").orElseThrow()).get("error"));
    }

    @Test
    void lowerAcrFaultAppliesOnceThenClears() throws Exception {
        sim.armFault("idemia", "lower_acr");
        String code = code("/oxauth", Map.of("acr_values", "loa-3"), "dana");
        JWTClaimsSet id = verify("/oxauth", (String) JSONObjectUtils.parse(redeem("/oxauth", code, Map.of()).body()).get("id_token"));
        assertEquals("loa-2", id.getStringClaim("acr"));
        String code2 = code("/oxauth", Map.of("acr_values", "loa-3"), "dana");
        JWTClaimsSet id2 = verify("/oxauth", (String) JSONObjectUtils.parse(redeem("/oxauth", code2, Map.of()).body()).get("id_token"));
        assertEquals("loa-3", id2.getStringClaim("acr"));
    }

    @Test
    void tokenErrorAndWrongIssFaultsViaControlApi() throws Exception {
        assertEquals(200, http.postJson(base + "/sim/api/faults", "{\"provider\":\"idemia\",\"fault\":\"token_error\"}").statusCode());
        assertEquals(400, http.postJson(base + "/sim/api/faults", "{\"provider\":\"idemia\",\"fault\":\"nope\"}").statusCode());
        String code = code("/oxauth", Map.of(), "dana");
        HttpResponse<String> r = redeem("/oxauth", code, Map.of());
        assertEquals(400, r.statusCode());
        assertEquals("invalid_grant", JSONObjectUtils.parse(r.body()).get("error"));

        http.postJson(base + "/sim/api/faults", "{\"provider\":\"idemia\",\"fault\":\"wrong_iss\"}");
        String code2 = code("/oxauth", Map.of(), "dana");
        JWTClaimsSet id = verify("/oxauth", (String) JSONObjectUtils.parse(redeem("/oxauth", code2, Map.of()).body()).get("id_token"));
        assertFalse((base + "/oxauth").equals(id.getIssuer()));
    }

    @Test
    void claimFaultsCanBeCombined() throws Exception {
        sim.armFault("idemia", "wrong_aud");
        sim.armFault("idemia", "iat_future");
        sim.armFault("idemia", "missing_acr");
        String code = code("/oxauth", Map.of("acr_values", "loa-3"), "dana");
        JWTClaimsSet id = verify("/oxauth", (String) JSONObjectUtils.parse(redeem("/oxauth", code, Map.of()).body()).get("id_token"));
        assertFalse(id.getAudience().contains(CLIENT_ID));
        assertTrue(id.getIssueTime().getTime() > System.currentTimeMillis() + 1_800_000L);
        assertNull(id.getClaim("acr"));
        Map<String, Object> state = JSONObjectUtils.parse(http.get(base + "/sim/api/faults").body());
        assertTrue(JSONObjectUtils.getJSONObject(state, "armed").isEmpty(), "faults auto-clear");
    }

    @Test
    void phonePageHasOneFormPerPerson() throws Exception {
        String html = http.get(authorizeUrl("/oxauth", Map.of("ui_locales", "en"))).body();
        String form = "<form method=\"post\" action=\"" + sim.decisionUrl() + "\">";
        assertEquals(3, html.split(java.util.regex.Pattern.quote(form), -1).length - 1);
        for (String person : List.of("dana", "eli", "frank")) {
            assertTrue(html.contains("name=\"person\" value=\"" + person + "\""));
        }
        assertTrue(html.contains("name=\"decision\" value=\"approve\""));
        assertTrue(html.contains("name=\"decision\" value=\"refuse\""));
        assertTrue(html.contains("O&#39;Neil"));
    }

    @Test
    void errorWithoutStateFault() throws Exception {
        sim.armFault("idemia", "error_without_state");
        String tx = http.phonePage(authorizeUrl("/oxauth", Map.of()));
        HttpResponse<String> r = http.decide(sim.decisionUrl(), tx, "dana", "approve");
        Map<String, String> q = TestClient.queryOf(r.headers().firstValue("Location").orElseThrow());
        assertEquals("access_denied", q.get("error"));
        assertFalse(q.containsKey("state"));
        assertFalse(q.containsKey("code"));
    }

    @Test
    void decisionTxIsSingleUse() throws Exception {
        String tx = http.phonePage(authorizeUrl("/oxauth", Map.of()));
        assertEquals(302, http.decide(sim.decisionUrl(), tx, "dana", "approve").statusCode());
        assertEquals(400, http.decide(sim.decisionUrl(), tx, "dana", "approve").statusCode());
        assertEquals(400, http.decide(sim.decisionUrl(), "nope", "dana", "approve").statusCode());
    }

    @Test
    void endSessionRecordsAndRedirectsOnlyToRegisteredUri() throws Exception {
        String code = code("/oxauth", Map.of(), "dana");
        String idToken = (String) JSONObjectUtils.parse(redeem("/oxauth", code, Map.of()).body()).get("id_token");
        HttpResponse<String> ok = http.get(TestClient.url(base + "/oxauth/restv1/end_session", Map.of(
                "id_token_hint", idToken, "post_logout_redirect_uri", LOGOUT_REDIRECT, "state", "lo-1")));
        assertEquals(302, ok.statusCode());
        assertEquals(LOGOUT_REDIRECT + "?state=lo-1", ok.headers().firstValue("Location").orElseThrow());
        HttpResponse<String> bad = http.get(TestClient.url(base + "/oxauth/restv1/end_session", Map.of(
                "post_logout_redirect_uri", "https://evil.example/", "state", "lo-2")));
        assertEquals(400, bad.statusCode());

        List<Object> logouts = com.nimbusds.jose.util.JSONArrayUtils.parse(http.get(base + "/sim/api/logouts").body());
        assertEquals(2, logouts.size());
        @SuppressWarnings("unchecked")
        Map<String, Object> first = (Map<String, Object>) logouts.get(0);
        assertEquals(true, first.get("idTokenHintPresent"));
        assertEquals(LOGOUT_REDIRECT, first.get("postLogoutRedirectUri"));
        assertEquals("lo-1", first.get("state"));
    }

    @Test
    void unknownClientAndRedirectUriGiveAnErrorPageNotARedirect() throws Exception {
        HttpResponse<String> unknown = http.get(base + "/oxauth/restv1/authorize?client_id=nobody&redirect_uri="
                + TestClient.enc(REDIRECT) + "&response_type=code&scope=openid");
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.headers().firstValue("Location").isEmpty());
        HttpResponse<String> badRedirect = http.get(authorizeUrl("/oxauth", Map.of("redirect_uri", "https://evil.example/cb")));
        assertEquals(400, badRedirect.statusCode());
        assertTrue(badRedirect.headers().firstValue("Location").isEmpty());
        assertTrue(badRedirect.body().contains("invalid_redirect_uri"));
    }
}
