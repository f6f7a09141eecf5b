package io.eidhub.simulator;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.eidhub.simulator.TestPersons.ISM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** itsme v2 key-pair client: request object (signed + encrypted), private_key_jwt, RSA-encrypted ID token. */
class ItsmePrivateKeyJwtTest {

    static final String CLIENT_ID = "kc-itsme";
    static final String OAEP_CLIENT_ID = "kc-itsme-oaep";
    static final String REDIRECT = "http://localhost:8080/realms/demo/broker/itsme/endpoint";
    static final String ACR_ADVANCED = "http://itsme.services/v2/claim/acr_advanced";

    static HttpServer rp;
    static Simulator sim;
    static final TestClient http = new TestClient();
    static RSAKey sig;
    static RSAKey enc;        // alg RSA-OAEP-256
    static RSAKey encOaep;    // alg RSA-OAEP (as Keycloak's generated realm key)
    static RSAKey stranger;
    static String base;

    @BeforeAll
    static void start() throws Exception {
        sig = new RSAKeyGenerator(2048).keyID("rp-sig-1").keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).generate();
        enc = new RSAKeyGenerator(2048).keyID("rp-enc-1").keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.RSA_OAEP_256).generate();
        encOaep = new RSAKeyGenerator(2048).keyID("rp-enc-oaep").keyUse(KeyUse.ENCRYPTION).algorithm(JWEAlgorithm.RSA_OAEP).generate();
        stranger = new RSAKeyGenerator(2048).keyID("rp-sig-1").generate();

        rp = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        serve("/certs", new JWKSet(List.of(sig.toPublicJWK(), enc.toPublicJWK())));
        serve("/certs-oaep", new JWKSet(List.of(sig.toPublicJWK(), encOaep.toPublicJWK())));
        rp.start();
        String rpBase = "http://127.0.0.1:" + rp.getAddress().getPort();

        sim = Simulator.start(SimulatorOptions.defaults().quiet(true)
                .client(ClientRegistration.builder("itsme", CLIENT_ID).authMethod("private_key_jwt")
                        .jwksUri(rpBase + "/certs").redirectUri(REDIRECT).serviceCode("KC_LOGIN").build())
                .client(ClientRegistration.builder("itsme", OAEP_CLIENT_ID)
                        .jwksUri(rpBase + "/certs-oaep").redirectUri(REDIRECT).serviceCode("KC_LOGIN").build()));
        base = sim.baseUrl();
    }

    private static void serve(String path, JWKSet jwks) {
        byte[] body = jwks.toString(true).getBytes(StandardCharsets.UTF_8);
        rp.createContext(path, ex -> {
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
    }

    @AfterAll
    static void stop() {
        sim.close();
        rp.stop(0);
    }

    private static String requestObject(String clientId, Map<String, Object> extra, boolean encrypt) throws Exception {
        JWTClaimsSet.Builder c = new JWTClaimsSet.Builder()
                .issuer(clientId).audience(base + "/v2")
                .expirationTime(new Date(System.currentTimeMillis() + 60_000))
                .claim("client_id", clientId).claim("response_type", "code")
                .claim("redirect_uri", REDIRECT).claim("scope", "openid service:KC_LOGIN profile")
                .claim("state", "ro-state").claim("nonce", "ro-nonce");
        extra.forEach(c::claim);
        SignedJWT jws = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(sig.getKeyID()).build(), c.build());
        jws.sign(new RSASSASigner(sig));
        if (!encrypt) {
            return jws.serialize();
        }
        JWKSet itsme = JWKSet.parse(http.get(base + "/v2/jwkSet").body());
        RSAKey itsmeEnc = (RSAKey) itsme.getKeyByKeyId("itsme-enc-1");
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.RSA_OAEP_256, EncryptionMethod.A128CBC_HS256)
                .contentType("JWT").keyID(itsmeEnc.getKeyID()).build(), new Payload(jws));
        jwe.encrypt(new RSAEncrypter(itsmeEnc));
        return jwe.serialize();
    }

    private static String assertion(String clientId, RSAKey key, String aud, Date exp, String jti) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).type(JOSEObjectType.JWT).build(),
                new JWTClaimsSet.Builder().issuer(clientId).subject(clientId).audience(aud).expirationTime(exp)
                        .issueTime(new Date()).jwtID(jti).build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private static String validAssertion(String clientId) throws Exception {
        return assertion(clientId, sig, base + "/v2/token", new Date(System.currentTimeMillis() + 60_000),
                UUID.randomUUID().toString());
    }

    private static String code(String clientId, Map<String, Object> extra) throws Exception {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", clientId);
        q.put("response_type", "code");
        q.put("scope", "openid service:KC_LOGIN");
        q.put("redirect_uri", REDIRECT);
        q.put("request", requestObject(clientId, extra, true));
        String tx = http.phonePage(TestClient.url(base + "/v2/authorization", q));
        HttpResponse<String> r = http.decide(sim.decisionUrl(), tx, "alice", "approve");
        Map<String, String> params = TestClient.queryOf(r.headers().firstValue("Location").orElseThrow());
        assertEquals("ro-state", params.get("state"), "request-object claims supersede query parameters");
        return params.get("code");
    }

    private static HttpResponse<String> redeem(String clientId, String code, String assertion) throws Exception {
        return http.postForm(base + "/v2/token", Map.of("grant_type", "authorization_code", "code", code,
                "redirect_uri", REDIRECT, "client_assertion_type", "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
                "client_assertion", assertion));
    }

    private static JWTClaimsSet decryptAndVerify(String token, RSAKey clientEnc, JWEAlgorithm expectedAlg) throws Exception {
        JWEObject jwe = JWEObject.parse(token);
        assertEquals(expectedAlg, jwe.getHeader().getAlgorithm());
        assertEquals(EncryptionMethod.A128CBC_HS256, jwe.getHeader().getEncryptionMethod());
        assertEquals(clientEnc.getKeyID(), jwe.getHeader().getKeyID());
        assertEquals("JWT", jwe.getHeader().getContentType());
        jwe.decrypt(new RSADecrypter(clientEnc));
        SignedJWT jws = jwe.getPayload().toSignedJWT();
        assertEquals("itsme-sig-1", jws.getHeader().getKeyID());
        RSAKey itsmeSig = (RSAKey) JWKSet.parse(http.get(base + "/v2/jwkSet").body()).getKeyByKeyId("itsme-sig-1");
        assertTrue(jws.verify(new RSASSAVerifier(itsmeSig)));
        return jws.getJWTClaimsSet();
    }

    @Test
    void fullFlowWithEncryptedRequestObjectAndRsaEncryptedIdToken() throws Exception {
        Map<String, Object> claims = Map.of("id_token", Map.of(ISM + "BEeidSn", Map.of("essential", true)));
        String code = code(CLIENT_ID, Map.of("acr_values", ACR_ADVANCED, "claims", claims));

        Map<String, Object> recorded = JSONObjectUtils.parse(http.get(base + "/sim/api/requests/last?provider=itsme").body());
        Map<String, Object> ro = JSONObjectUtils.getJSONObject(recorded, "requestObject");
        assertEquals(true, ro.get("encrypted"));
        assertEquals(true, ro.get("valid"));
        assertEquals(ACR_ADVANCED, JSONObjectUtils.getJSONObject(ro, "claims").get("acr_values"));

        HttpResponse<String> r = redeem(CLIENT_ID, code, validAssertion(CLIENT_ID));
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> tokens = JSONObjectUtils.parse(r.body());
        JWTClaimsSet id = decryptAndVerify((String) tokens.get("id_token"), enc, JWEAlgorithm.RSA_OAEP_256);
        assertEquals(base + "/v2", id.getIssuer());
        assertEquals("ro-nonce", id.getStringClaim("nonce"));
        assertEquals(ACR_ADVANCED, id.getStringClaim("acr"));
        assertEquals("592-1234567-32", id.getStringClaim(ISM + "BEeidSn"));
        assertNull(id.getClaim("name"), "the profile scope's claims come from userinfo only");

        HttpResponse<String> ui = http.get(base + "/v2/userinfo", "Authorization", "Bearer " + tokens.get("access_token"));
        assertEquals("application/json", ui.headers().firstValue("Content-Type").orElseThrow());
        JWTClaimsSet userinfo = decryptAndVerify(ui.body(), enc, JWEAlgorithm.RSA_OAEP_256);
        assertEquals(id.getSubject(), userinfo.getSubject());
        assertEquals("Alice Dubois", userinfo.getStringClaim("name"));

        Map<String, Object> tokenRecord = JSONObjectUtils.parse(http.get(base + "/sim/api/token-requests/last?provider=itsme").body());
        assertEquals("private_key_jwt", tokenRecord.get("clientAuthMethod"));
    }

    @Test
    void rsaOaepWhenTheClientKeySaysSo() throws Exception {
        String code = code(OAEP_CLIENT_ID, Map.of());
        HttpResponse<String> r = redeem(OAEP_CLIENT_ID, code, validAssertion(OAEP_CLIENT_ID));
        assertEquals(200, r.statusCode(), r.body());
        JWTClaimsSet id = decryptAndVerify((String) JSONObjectUtils.parse(r.body()).get("id_token"), encOaep, JWEAlgorithm.RSA_OAEP);
        assertEquals("http://itsme.services/v2/claim/acr_basic", id.getStringClaim("acr"));
    }

    @Test
    void badAssertionsAreRejected() throws Exception {
        String code = code(CLIENT_ID, Map.of());
        Date soon = new Date(System.currentTimeMillis() + 60_000);
        List<String> bad = List.of(
                assertion(CLIENT_ID, stranger, base + "/v2/token", soon, "j1"),                        // wrong key
                assertion(CLIENT_ID, sig, "https://elsewhere.example/token", soon, "j2"),              // wrong aud
                assertion(CLIENT_ID, sig, base + "/v2/token", new Date(System.currentTimeMillis() - 1000), "j3")); // expired
        for (String a : bad) {
            HttpResponse<String> r = redeem(CLIENT_ID, code, a);
            assertEquals(400, r.statusCode());
            Map<String, Object> err = JSONObjectUtils.parse(r.body());
            assertEquals("unauthorized_client", err.get("error"));
            assertNotNull(err.get("detail"));
        }
        // a client_secret_post attempt by a private_key_jwt client
        HttpResponse<String> secret = http.postForm(base + "/v2/token", Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT, "client_id", CLIENT_ID, "client_secret", "guess"));
        assertEquals("invalid_client", JSONObjectUtils.parse(secret.body()).get("error"));

        String good = validAssertion(CLIENT_ID);
        assertEquals(200, redeem(CLIENT_ID, code, good).statusCode(), "the code survived the failed attempts");
        String code2 = code(CLIENT_ID, Map.of());
        HttpResponse<String> replay = redeem(CLIENT_ID, code2, good);
        assertEquals(400, replay.statusCode());
        assertTrue(JSONObjectUtils.parse(replay.body()).get("detail").toString().contains("jti"));
    }

    @Test
    void invalidRequestObjectRedirectsWithInvalidRequestObject() throws Exception {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("client_id", CLIENT_ID);
        q.put("response_type", "code");
        q.put("scope", "openid service:KC_LOGIN");
        q.put("redirect_uri", REDIRECT);
        q.put("state", "query-state");
        // signed by a key the client does not publish under that kid
        SignedJWT forged = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("rp-sig-1").build(),
                new JWTClaimsSet.Builder().issuer(CLIENT_ID).audience(base + "/v2").claim("nonce", "x").build());
        forged.sign(new RSASSASigner(stranger));
        q.put("request", forged.serialize());
        HttpResponse<String> r = http.get(TestClient.url(base + "/v2/authorization", q));
        assertEquals(302, r.statusCode());
        Map<String, String> params = TestClient.queryOf(r.headers().firstValue("Location").orElseThrow());
        assertEquals("invalid_request_object", params.get("error"));
        assertEquals("query-state", params.get("state"));

        // wrong audience (the old /v2/authorization audience), signed correctly, not encrypted
        q.put("request", requestObject(CLIENT_ID, Map.of("aud", base + "/v2/authorization"), false));
        Map<String, String> p2 = TestClient.queryOf(http.get(TestClient.url(base + "/v2/authorization", q))
                .headers().firstValue("Location").orElseThrow());
        assertEquals("invalid_request_object", p2.get("error"));
    }
}
