package io.eidhub.simulator;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the hostile-provider integration tests rely on: records available as soon as the answer is, the test-only
 * credentials record (and nothing of it in the simulator's log), the JWKS request count, claim overrides, the
 * itsme {@code lower_acr} fault below basic.
 */
class HostileSupportTest {

    static final String CLIENT_ID = "hostile-client";
    static final String SECRET = "hostile-secret";
    static final String REDIRECT = "http://localhost:8080/realms/demo/broker/idemia/endpoint";

    static Simulator sim;
    static final TestClient http = new TestClient();
    static final ByteArrayOutputStream out = new ByteArrayOutputStream();
    static PrintStream original;

    @BeforeAll
    static void start() throws Exception {
        original = System.out;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8)); // the simulator's log, not quiet
        sim = Simulator.start(SimulatorOptions.defaults()
                .client(TestClient.idemiaBasicClient(CLIENT_ID, SECRET, REDIRECT).build()));
    }

    @AfterAll
    static void stop() {
        sim.close();
        System.setOut(original);
    }

    @BeforeEach
    void reset() {
        sim.reset();
    }

    private String authorizeUrl(String state) {
        return TestClient.url(sim.baseUrl() + "/oxauth/restv1/authorize",
                TestClient.idemiaPkceAuthorization(CLIENT_ID, REDIRECT, state));
    }

    private String code(String state) throws Exception {
        return http.approvedCode(authorizeUrl(state), sim.decisionUrl(), "dana");
    }

    private HttpResponse<String> redeem(String code) throws Exception {
        return http.postForm(sim.baseUrl() + "/oxauth/restv1/token", Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT, "code_verifier", "v".repeat(43)),
                "Authorization", TestClient.basic(CLIENT_ID, SECRET));
    }

    @Test
    void theRecordOfARequestIsThereAsSoonAsItsAnswer() throws Exception {
        for (int i = 0; i < 30; i++) {
            String state = "race-" + i;
            http.phonePage(authorizeUrl(state));
            Map<String, Object> last = JSONObjectUtils.parse(http.get(sim.baseUrl() + "/sim/api/requests/last?provider=idemia").body());
            assertEquals(state, JSONObjectUtils.getJSONObject(last, "query").get("state"));
        }
        String code = code("token-race");
        redeem(code);
        Map<String, Object> token = JSONObjectUtils.parse(http.get(sim.baseUrl() + "/sim/api/token-requests/last?provider=idemia").body());
        assertEquals("tokens_issued", token.get("outcome"));
    }

    @Test
    void credentialsAreRecordedForTestsButNeverLogged() throws Exception {
        int logMark = out.size();
        String code = code("secrets");
        Map<String, Object> tokens = JSONObjectUtils.parse(redeem(code).body());
        String accessToken = (String) tokens.get("access_token");
        String idToken = (String) tokens.get("id_token");
        assertEquals(200, http.get(sim.baseUrl() + "/oxauth/restv1/userinfo", "Authorization", "Bearer " + accessToken).statusCode());

        HttpResponse<String> r = http.get(sim.baseUrl() + "/sim/api/credentials?clientId=" + CLIENT_ID);
        assertEquals(200, r.statusCode());
        List<?> records = (List<?>) Json.parseObject("{\"records\":" + r.body() + "}").get("records");
        assertEquals(2, records.size(), r.body());
        @SuppressWarnings("unchecked") Map<String, Object> issued = (Map<String, Object>) records.get(0);
        @SuppressWarnings("unchecked") Map<String, Object> redeemed = (Map<String, Object>) records.get(1);
        assertEquals("authorization_response", issued.get("kind"));
        assertEquals(code, issued.get("code"));
        assertEquals("token_request", redeemed.get("kind"));
        assertEquals(code, redeemed.get("code"));
        assertEquals("v".repeat(43), redeemed.get("codeVerifier"));
        assertEquals(accessToken, redeemed.get("accessToken"));
        assertEquals(idToken, redeemed.get("idToken"));
        assertEquals(idToken, redeemed.get("idTokenJws"), "IDEMIA's ID token is the signed JWS itself");

        String log = out.toString(StandardCharsets.UTF_8).substring(logMark);
        assertTrue(log.contains("token issued to client=" + CLIENT_ID), log);
        for (String secret : List.of(code, accessToken, idToken, SECRET, "v".repeat(43))) {
            assertFalse(log.contains(secret), "a secret in the simulator's log:\n" + log);
        }
        assertEquals(400, http.get(sim.baseUrl() + "/sim/api/credentials").statusCode());
        sim.reset();
        assertEquals("[]", http.get(sim.baseUrl() + "/sim/api/credentials?clientId=" + CLIENT_ID).body().replaceAll("\\s", ""));
    }

    @Test
    void jwksRequestsAreCounted() throws Exception {
        http.get(sim.baseUrl() + "/oxauth/restv1/jwks");
        http.get(sim.baseUrl() + "/oxauth/restv1/jwks");
        Map<String, Object> counts = JSONObjectUtils.parse(http.get(sim.baseUrl() + "/sim/api/jwks-requests").body());
        Map<String, Object> idemia = JSONObjectUtils.getJSONObject(counts, "idemia");
        assertEquals(2L, ((Number) idemia.get("count")).longValue());
        assertNotNull(idemia.get("lastEpochMillis"));
        assertFalse(counts.containsKey("itsme-v2"));
    }

    @Test
    void claimOverridesChangeWhatAPersonShares() throws Exception {
        assertEquals(200, http.postJson(sim.baseUrl() + "/sim/api/claims",
                "{\"provider\":\"idemia\",\"person\":\"dana\",\"claims\":{\"lastName1\":\"Changed\",\"documentId\":null}}").statusCode());
        Map<String, Object> tokens = JSONObjectUtils.parse(redeem(code("override")).body());
        Map<String, Object> userinfo = JSONObjectUtils.parse(http.get(sim.baseUrl() + "/oxauth/restv1/userinfo",
                "Authorization", "Bearer " + tokens.get("access_token")).body());
        assertEquals("Changed", userinfo.get("lastName1"));
        assertFalse(userinfo.containsKey("documentId"));
        assertEquals(400, http.postJson(sim.baseUrl() + "/sim/api/claims",
                "{\"provider\":\"idemia\",\"person\":\"nobody\",\"claims\":{}}").statusCode());

        sim.reset();
        tokens = JSONObjectUtils.parse(redeem(code("restored")).body());
        userinfo = JSONObjectUtils.parse(http.get(sim.baseUrl() + "/oxauth/restv1/userinfo",
                "Authorization", "Bearer " + tokens.get("access_token")).body());
        assertEquals("Whitfield", userinfo.get("lastName1"));
        assertNotNull(SignedJWT.parse((String) tokens.get("id_token")));
    }

    @Test
    void lowerAcrIsBelowBasicForItsme() {
        ItsmeProvider itsme = new ItsmeProvider(null, null);
        assertEquals(ItsmeProvider.ACR_BASIC, itsme.lowerAcr(ItsmeProvider.ACR_ADVANCED));
        assertEquals(ItsmeProvider.ACR_BELOW_BASIC, itsme.lowerAcr(ItsmeProvider.ACR_BASIC));
        assertFalse(itsme.acrValuesSupported().contains(ItsmeProvider.ACR_BELOW_BASIC));
    }
}
