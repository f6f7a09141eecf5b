package io.eidhub.simulator;

import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.eidhub.simulator.TestPersons.ISM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The simulator's itsme defaults are the behaviours itsme documents (re-checked December 2026), and each switch that
 * departs from them does what it says.
 */
class ItsmeDocumentedBehaviourTest {

    static final String CLIENT_ID = "kc-itsme-doc";
    static final String SECRET_CLIENT_ID = "kc-itsme-doc-secret";
    static final String SECRET = "a-secret-long-enough-for-the-simulator-0123";
    static final String REDIRECT = "http://localhost:8080/realms/demo/broker/itsme/endpoint";

    static HttpServer rp;
    static Simulator sim;
    static final TestClient http = new TestClient();
    static RSAKey sig;
    static RSAKey encA;
    static RSAKey encB;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        sig = new RSAKeyGenerator(2048).keyID("rp-sig").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        encA = new RSAKeyGenerator(2048).keyID("rp-enc-a").keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.RSA_OAEP).generate();
        encB = new RSAKeyGenerator(2048).keyID("rp-enc-b").keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.RSA_OAEP).generate();
        rp = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        byte[] body = new JWKSet(List.of(sig.toPublicJWK(), encA.toPublicJWK(), encB.toPublicJWK()))
                .toString(true).getBytes(StandardCharsets.UTF_8);
        rp.createContext("/certs", ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        rp.start();
        sim = Simulator.start(SimulatorOptions.defaults().quiet(true)
                .client(ClientRegistration.builder("itsme", CLIENT_ID).authMethod("private_key_jwt")
                        .jwksUri("http://127.0.0.1:" + rp.getAddress().getPort() + "/certs")
                        .redirectUri(REDIRECT).serviceCode("KC_LOGIN").build())
                .client(ClientRegistration.builder("itsme", SECRET_CLIENT_ID).authMethod("client_secret_post")
                        .clientSecret(SECRET).redirectUri(REDIRECT).serviceCode("KC_LOGIN").build()));
        base = sim.baseUrl();
    }

    @AfterAll
    static void stop() {
        sim.close();
        rp.stop(0);
    }

    @AfterEach
    void reset() {
        sim.reset();
    }

    private static Map<String, String> query(String scope, String claims) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", CLIENT_ID);
        q.put("response_type", "code");
        q.put("scope", scope);
        q.put("redirect_uri", REDIRECT);
        q.put("state", "s-1");
        q.put("nonce", "n-1");
        if (claims != null) {
            q.put("claims", claims);
        }
        return q;
    }

    private static String code(Map<String, String> q, String person) throws Exception {
        String tx = http.phonePage(TestClient.url(base + "/v2/authorization", q));
        HttpResponse<String> r = http.decide(sim.decisionUrl(), tx, person, "approve");
        return TestClient.queryOf(r.headers().firstValue("Location").orElseThrow()).get("code");
    }

    private static Map<String, Object> tokens(String code) throws Exception {
        SignedJWT assertion = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(sig.getKeyID())
                .type(JOSEObjectType.JWT).build(), new JWTClaimsSet.Builder().issuer(CLIENT_ID).subject(CLIENT_ID)
                .audience(base + "/v2/token").expirationTime(new Date(System.currentTimeMillis() + 60_000))
                .jwtID(UUID.randomUUID().toString()).build());
        assertion.sign(new RSASSASigner(sig));
        HttpResponse<String> r = http.postForm(base + "/v2/token", Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT,
                "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion.serialize()));
        assertEquals(200, r.statusCode(), r.body());
        return JSONObjectUtils.parse(r.body());
    }

    /** Decrypts with whichever of the two client keys the header names; returns the JWE header and the claims. */
    private static JWTClaimsSet open(String token, Map<String, Object> header) throws Exception {
        JWEObject jwe = JWEObject.parse(token);
        header.putAll(jwe.getHeader().toJSONObject());
        RSAKey key = encA.getKeyID().equals(jwe.getHeader().getKeyID()) ? encA : encB;
        jwe.decrypt(new RSADecrypter(key));
        return jwe.getPayload().toSignedJWT().getJWTClaimsSet();
    }

    @Test
    void scopeClaimsArriveOnlyAtUserinfoAndIndividualClaimsInTheIdToken() throws Exception {
        Map<String, Object> tokens = tokens(code(query("openid service:KC_LOGIN profile eid",
                "{\"id_token\":{\"" + ISM + "claim_citizenship\":null}}"), "alice"));
        JWTClaimsSet id = open((String) tokens.get("id_token"), new LinkedHashMap<>());
        assertNull(id.getClaim("family_name"), "a scope claim is not in the ID token: " + id);
        assertNull(id.getClaim(ISM + "BENationalNumber"), id.toString());
        assertEquals("belge", id.getStringClaim(ISM + "claim_citizenship"), "an individually requested claim is");

        HttpResponse<String> ui = http.get(base + "/v2/userinfo", "Authorization", "Bearer " + tokens.get("access_token"));
        assertEquals(200, ui.statusCode());
        assertEquals("application/json", ui.headers().firstValue("Content-Type").orElseThrow(),
                "itsme labels its signed and encrypted userinfo JWT application/json");
        JWTClaimsSet userinfo = open(ui.body(), new LinkedHashMap<>());
        assertEquals("Dubois", userinfo.getStringClaim("family_name"));
        assertEquals("85041215636", userinfo.getStringClaim(ISM + "BENationalNumber"));
        assertNull(userinfo.getClaim(ISM + "claim_citizenship"), "an id_token member is not repeated at userinfo");
        assertEquals(1, sim.userinfoRequests(CLIENT_ID));
    }

    @Test
    void acrAsAClaimsMemberIsAnUnsupportedRequest() throws Exception {
        Map<String, String> q = query("openid service:KC_LOGIN",
                "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"" + ItsmeProvider.ACR_BASIC + "\"]}}}");
        HttpResponse<String> r = http.get(TestClient.url(base + "/v2/authorization", q));
        Map<String, String> params = TestClient.queryOf(r.headers().firstValue("Location").orElseThrow());
        assertEquals("unsupported_request", params.get("error"));
        assertTrue(params.get("error_description").contains("acr"), params.toString());
        assertEquals("s-1", params.get("state"));
    }

    @Test
    void aSignedOnlyRequestObjectIsRefused() throws Exception {
        SignedJWT jws = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(sig.getKeyID()).build(),
                new JWTClaimsSet.Builder().issuer(CLIENT_ID).audience(base + "/v2")
                        .expirationTime(new Date(System.currentTimeMillis() + 60_000)).claim("client_id", CLIENT_ID)
                        .claim("response_type", "code").claim("redirect_uri", REDIRECT)
                        .claim("scope", "openid service:KC_LOGIN").claim("state", "ro").build());
        jws.sign(new RSASSASigner(sig));
        Map<String, String> q = query("openid service:KC_LOGIN", null);
        q.put("request", jws.serialize());
        HttpResponse<String> r = http.get(TestClient.url(base + "/v2/authorization", q));
        assertEquals(302, r.statusCode());
        Map<String, String> params = TestClient.queryOf(r.headers().firstValue("Location").orElseThrow());
        assertEquals("invalid_request_object", params.get("error"));
        assertTrue(params.get("error_description").contains("encrypted"), params.toString());
    }

    @Test
    void httpBasicIsRefusedAndTokenErrorsCarryDetail() throws Exception {
        HttpResponse<String> r = http.postForm(base + "/v2/token",
                Map.of("grant_type", "authorization_code", "code", "whatever", "redirect_uri", REDIRECT),
                "Authorization", TestClient.basic(SECRET_CLIENT_ID, SECRET));
        assertEquals(401, r.statusCode());
        Map<String, Object> error = JSONObjectUtils.parse(r.body());
        assertEquals("invalid_client", error.get("error"));
        assertTrue(String.valueOf(error.get("detail")).contains("Basic"), error.toString());
        assertFalse(error.containsKey("error_description"), "itsme writes its text in detail: " + error);
        assertEquals(List.of("private_key_jwt", "client_secret_post"),
                JSONObjectUtils.parse(http.get(base + "/v2/.well-known/openid-configuration").body())
                        .get("token_endpoint_auth_methods_supported"));
        assertThrows(IllegalArgumentException.class, () -> ClientRegistration.builder("itsme", "basic-client")
                .authMethod("client_secret_basic").clientSecret(SECRET).redirectUri(REDIRECT).serviceCode("X").build());
    }

    @Test
    void eachTokenIsEncryptedToOneOfTheClientsEncryptionKeysAtRandom() throws Exception {
        Set<Object> kids = new HashSet<>();
        for (int i = 0; i < 24 && kids.size() < 2; i++) {
            Map<String, Object> header = new LinkedHashMap<>();
            open((String) tokens(code(query("openid service:KC_LOGIN", null), "bob")).get("id_token"), header);
            assertEquals("RSA-OAEP", header.get("alg"), "the algorithm the key is labelled with, by default");
            kids.add(header.get("kid"));
        }
        assertEquals(Set.of("rp-enc-a", "rp-enc-b"), kids, "both keys are used (probability of failure 2^-23)");
    }

    @Test
    void switchesOmitAcrAndForceRsaOaep256() throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        JWTClaimsSet id = open((String) tokens(code(query("openid service:KC_LOGIN", null), "bob")).get("id_token"), header);
        assertEquals(ItsmeProvider.ACR_BASIC, id.getStringClaim("acr"), "acr is returned by default");

        sim.setSwitch(Simulator.ITSME_V2, TenantSwitches.OMIT_ACR, true);
        sim.setSwitch(Simulator.ITSME_V2, TenantSwitches.RSA_OAEP_256, true);
        header.clear();
        id = open((String) tokens(code(query("openid service:KC_LOGIN", null), "bob")).get("id_token"), header);
        assertNull(id.getClaim("acr"), id.toString());
        assertEquals("RSA-OAEP-256", header.get("alg"), "whatever alg the key is labelled with");

        HttpResponse<String> control = http.postJson(base + "/sim/api/switches",
                "{\"tenant\":\"itsme-v2\",\"switch\":\"omitAcr\",\"on\":false}");
        assertEquals(200, control.statusCode(), control.body());
        assertEquals(400, http.postJson(base + "/sim/api/switches",
                "{\"tenant\":\"itsme-v2\",\"switch\":\"noSuchSwitch\",\"on\":true}").statusCode());
        id = open((String) tokens(code(query("openid service:KC_LOGIN", null), "bob")).get("id_token"), header);
        assertEquals(ItsmeProvider.ACR_BASIC, id.getStringClaim("acr"));
    }

    @Test
    void plainUserinfoSwitchAnswersJson() throws Exception {
        sim.setSwitch(Simulator.ITSME_V2, TenantSwitches.PLAIN_USERINFO, true);
        Map<String, Object> tokens = tokens(code(query("openid service:KC_LOGIN profile", null), "alice"));
        HttpResponse<String> ui = http.get(base + "/v2/userinfo", "Authorization", "Bearer " + tokens.get("access_token"));
        assertEquals("Dubois", JSONObjectUtils.parse(ui.body()).get("family_name"), "plain JSON: " + ui.body());
    }

    @Test
    void userinfoJwtIsLabelledJsonUnlessTheApplicationJwtSwitchIsOn() throws Exception {
        Map<String, Object> tokens = tokens(code(query("openid service:KC_LOGIN profile", null), "alice"));
        HttpResponse<String> documented = http.get(base + "/v2/userinfo", "Authorization", "Bearer " + tokens.get("access_token"));
        assertEquals("application/json", documented.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""));
        assertEquals(5, documented.body().split("\\.", -1).length, "an encrypted JWT: " + documented.body());

        sim.setSwitch(Simulator.ITSME_V2, TenantSwitches.USERINFO_APPLICATION_JWT, true);
        tokens = tokens(code(query("openid service:KC_LOGIN profile", null), "alice"));
        HttpResponse<String> labelled = http.get(base + "/v2/userinfo", "Authorization", "Bearer " + tokens.get("access_token"));
        assertEquals("application/jwt", labelled.headers().firstValue("Content-Type").orElse("").replaceAll(";.*", ""));
        assertEquals(5, labelled.body().split("\\.", -1).length, "the same encrypted JWT: " + labelled.body());
    }

    @Test
    void temporaryUnavailableIsAnAuthorizationError() throws Exception {
        sim.armFault("itsme", "temporary_unavailable");
        String tx = http.phonePage(TestClient.url(base + "/v2/authorization", query("openid service:KC_LOGIN", null)));
        HttpResponse<String> r = http.decide(sim.decisionUrl(), tx, "alice", "approve");
        Map<String, String> params = TestClient.queryOf(r.headers().firstValue("Location").orElseThrow());
        assertEquals("temporary_unavailable", params.get("error"));
        assertEquals("s-1", params.get("state"));
        assertNull(params.get("code"));
    }

    @Test
    void metadataClaimsAreObjectsAndSloveniaAnswersUnderBothSpellings() throws Exception {
        String claims = "{\"id_token\":{\"" + ISM + "IDIssuingCountry\":null,\"" + ISM + "verificationDate\":null,\""
                + ISM + "SINationalNumber\":null,\"" + ISM + "SVNationalNumber\":null}}";
        JWTClaimsSet alice = open((String) tokens(code(query("openid service:KC_LOGIN", claims), "alice"))
                .get("id_token"), new LinkedHashMap<>());
        assertEquals(Map.of(ISM + "IDDocumentSN", "BEL"), alice.getJSONObjectClaim(ISM + "IDIssuingCountry"));
        assertEquals(2, alice.getJSONObjectClaim(ISM + "verificationDate").size());
        assertNull(alice.getClaim(ISM + "SINationalNumber"));

        JWTClaimsSet mateja = open((String) tokens(code(query("openid service:KC_LOGIN", claims), "mateja"))
                .get("id_token"), new LinkedHashMap<>());
        assertEquals("2102987505123", mateja.getStringClaim(ISM + "SINationalNumber"));
        assertEquals("2102987505123", mateja.getStringClaim(ISM + "SVNationalNumber"));
        assertEquals(Map.of(ISM + "IDDocumentSN", "SVN"), mateja.getJSONObjectClaim(ISM + "IDIssuingCountry"));
        assertNotNull(mateja.getSubject());
    }
}
