package io.eidhub.simulator;

import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the provider-fault and benchmark tests rely on: signing-key rotation (overlap, then the old key retired), the
 * spoiled token answers ({@code token_slow}, {@code token_html}, {@code token_truncated_jwt},
 * {@code token_wrong_content_type}, {@code token_huge_body}) and the per-endpoint request counts.
 */
class ProviderFaultSupportTest {

    static final String CLIENT_ID = "fault-client";
    static final String SECRET = "fault-secret";
    static final String REDIRECT = "http://localhost:8080/realms/demo/broker/idemia/endpoint";

    static Simulator sim;
    static final TestClient http = new TestClient();

    @BeforeAll
    static void start() throws Exception {
        sim = Simulator.start(SimulatorOptions.defaults().quiet(true)
                .client(TestClient.idemiaBasicClient(CLIENT_ID, SECRET, REDIRECT).build()));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.reset();
    }

    private String code(String state) throws Exception {
        return http.approvedCode(TestClient.url(sim.baseUrl() + "/oxauth/restv1/authorize",
                TestClient.idemiaPkceAuthorization(CLIENT_ID, REDIRECT, state)), sim.decisionUrl(), "dana");
    }

    private HttpResponse<String> redeem(String code) throws Exception {
        return http.postForm(sim.baseUrl() + "/oxauth/restv1/token", Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT, "code_verifier", "v".repeat(43)),
                "Authorization", TestClient.basic(CLIENT_ID, SECRET));
    }

    private List<String> publishedKids() throws Exception {
        Map<String, Object> jwks = JSONObjectUtils.parse(http.get(sim.baseUrl() + "/oxauth/restv1/jwks").body());
        return JSONObjectUtils.getJSONObjectArray(jwks, "keys").length == 0 ? List.of()
                : java.util.Arrays.stream(JSONObjectUtils.getJSONObjectArray(jwks, "keys")).map(k -> (String) k.get("kid")).toList();
    }

    private String idTokenKid(HttpResponse<String> tokens) throws Exception {
        return SignedJWT.parse((String) JSONObjectUtils.parse(tokens.body()).get("id_token")).getHeader().getKeyID();
    }

    @Test
    void rotationPublishesBothKeysThenOnlyTheNewOne() throws Exception {
        String old = sim.currentSigningKid(Simulator.IDEMIA);
        assertEquals(List.of(old), publishedKids());
        assertEquals(old, idTokenKid(redeem(code("before"))));

        HttpResponse<String> rotated = http.postJson(sim.baseUrl() + "/sim/api/keys", "{\"tenant\":\"idemia\",\"action\":\"rotate\"}");
        assertEquals(200, rotated.statusCode(), rotated.body());
        String fresh = sim.currentSigningKid(Simulator.IDEMIA);
        assertNotEquals(old, fresh);
        assertEquals(List.of(old, fresh), publishedKids(), "the overlap: both keys published");
        assertEquals(fresh, idTokenKid(redeem(code("during"))), "new tokens are signed with the new key");

        assertEquals(200, http.postJson(sim.baseUrl() + "/sim/api/keys", "{\"tenant\":\"idemia\",\"action\":\"retire\"}").statusCode());
        assertEquals(List.of(fresh), publishedKids(), "the old key is gone");
        assertEquals(400, http.postJson(sim.baseUrl() + "/sim/api/keys", "{\"tenant\":\"nowhere\",\"action\":\"rotate\"}").statusCode());
    }

    @Test
    void endpointRequestsAreCountedPerTenant() throws Exception {
        http.get(sim.baseUrl() + "/oxauth/.well-known/openid-configuration");
        http.get(sim.baseUrl() + "/oxauth/restv1/jwks");
        HttpResponse<String> tokens = redeem(code("count"));
        http.get(sim.baseUrl() + "/oxauth/restv1/userinfo", "Authorization",
                "Bearer " + JSONObjectUtils.parse(tokens.body()).get("access_token"));
        Map<String, Object> counts = JSONObjectUtils.getJSONObject(
                JSONObjectUtils.parse(http.get(sim.baseUrl() + "/sim/api/counts").body()), "idemia");
        assertEquals(Map.of("discovery", 1L, "jwks", 1L, "authorization", 1L, "token", 1L, "userinfo", 1L),
                Map.copyOf(counts));
    }

    @Test
    void slowTokenAnswerWaitsTheArmedDelay() throws Exception {
        assertEquals(200, http.postJson(sim.baseUrl() + "/sim/api/faults",
                "{\"provider\":\"idemia\",\"fault\":\"token_slow\",\"delayMillis\":700}").statusCode());
        String code = code("slow");
        long t0 = System.nanoTime();
        HttpResponse<String> r = redeem(code);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(200, r.statusCode());
        assertTrue(millis >= 700, "answered after " + millis + " ms");
        assertEquals(400, http.postJson(sim.baseUrl() + "/sim/api/faults",
                "{\"provider\":\"idemia\",\"fault\":\"token_html\",\"delayMillis\":700}").statusCode());
    }

    @Test
    void spoiledTokenAnswers() throws Exception {
        sim.armFault("idemia", "token_html");
        HttpResponse<String> html = redeem(code("html"));
        assertTrue(html.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertTrue(html.body().startsWith("<!DOCTYPE html>"), html.body());

        sim.armFault("idemia", "token_wrong_content_type");
        HttpResponse<String> wrongType = redeem(code("type"));
        assertTrue(wrongType.headers().firstValue("Content-Type").orElse("").startsWith("text/html"));
        assertTrue(JSONObjectUtils.parse(wrongType.body()).containsKey("id_token"));

        sim.armFault("idemia", "token_truncated_jwt");
        String cut = (String) JSONObjectUtils.parse(redeem(code("cut")).body()).get("id_token");
        assertThrows(java.text.ParseException.class, () -> SignedJWT.parse(cut).getJWTClaimsSet());
    }

    @Test
    void hugeTokenAnswerIsFiftyMegabytesAndStopsWhenTheClientHangsUp() throws Exception {
        sim.armFault("idemia", "token_huge_body");
        String code = code("huge");
        HttpRequest request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/oxauth/restv1/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Authorization", TestClient.basic(CLIENT_ID, SECRET))
                .POST(HttpRequest.BodyPublishers.ofString(TestClient.formEncode(Map.of("grant_type", "authorization_code",
                        "code", code, "redirect_uri", REDIRECT, "code_verifier", "v".repeat(43)))))
                .build();
        HttpResponse<InputStream> r = HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofInputStream());
        long read = 0;
        try (InputStream in = r.body()) {
            byte[] buffer = new byte[64 * 1024];
            while (read < 1024 * 1024) {
                int n = in.read(buffer);
                if (n < 0) {
                    break;
                }
                read += n;
            }
        }
        assertTrue(read >= 1024 * 1024, "read " + read);
        Map<String, Object> record = null;
        for (int i = 0; i < 100; i++) {
            record = JSONObjectUtils.parse(http.get(sim.baseUrl() + "/sim/api/token-requests/last?provider=idemia").body());
            if (Boolean.TRUE.equals(record.get("clientHungUp"))) {
                break;
            }
            Thread.sleep(50);
        }
        assertEquals(Boolean.TRUE, record.get("clientHungUp"), String.valueOf(record));
        long sent = ((Number) record.get("bytesSent")).longValue();
        assertTrue(sent < FaultyTokenAnswer.HUGE_BODY_BYTES, "stopped at " + sent + " bytes");
    }
}
