package io.eidhub.simulator;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.eidhub.simulator.TestPersons.ISM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** itsme legacy client-secret (csapi) client: client_secret_post, ID token dir/A256GCM-encrypted. */
class ItsmeSecretClientTest {

    static final String CLIENT_ID = "kc-itsme-csapi";
    static final String SECRET = "itsme-client-secret-0123456789";
    static final String REDIRECT = "http://localhost:8080/realms/demo/broker/itsme/endpoint";
    static final String CSAPI = "/clientsecret-oidc/csapi/v0.1";
    static final String ACR_ADVANCED = "http://itsme.services/v2/claim/acr_advanced";
    static final String ACR_BASIC = "http://itsme.services/v2/claim/acr_basic";

    static Simulator sim;
    static final TestClient http = new TestClient();
    static String base;

    @BeforeAll
    static void start() throws Exception {
        sim = Simulator.start(SimulatorOptions.defaults().quiet(true));
        base = sim.baseUrl();
        // registration through the control API, as the integration tests do
        HttpResponse<String> r = http.postJson(base + "/sim/api/clients", """
                {"provider":"itsme","clientId":"%s","authMethod":"client_secret_post","clientSecret":"%s",
                 "redirectUris":["%s"],"serviceCodes":["TEST_LOGIN"],"idTokenEncryption":"dir"}
                """.formatted(CLIENT_ID, SECRET, REDIRECT));
        assertEquals(201, r.statusCode(), r.body());
        assertFalse(r.body().contains(SECRET));
    }

    @AfterAll
    static void stop() {
        sim.close();
    }

    @BeforeEach
    void reset() {
        sim.reset();
    }

    private static String authorizeUrl(Map<String, String> extra) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("client_id", CLIENT_ID);
        p.put("redirect_uri", REDIRECT);
        p.put("response_type", "code");
        p.put("scope", "openid service:TEST_LOGIN profile eid");
        p.put("state", "s-42");
        p.put("nonce", "nonce-42");
        p.putAll(extra);
        return TestClient.url(base + CSAPI + "/connect/authorize", p);
    }

    private static String code(Map<String, String> extra, String person) throws Exception {
        String tx = http.phonePage(authorizeUrl(extra));
        HttpResponse<String> r = http.decide(sim.decisionUrl(), tx, person, "approve");
        assertEquals(302, r.statusCode());
        Map<String, String> q = TestClient.queryOf(r.headers().firstValue("Location").orElseThrow());
        assertEquals("s-42", q.get("state"));
        assertEquals(36, q.get("code").length());
        return q.get("code");
    }

    private static HttpResponse<String> redeem(String code) throws Exception {
        return http.postForm(base + CSAPI + "/connect/token", Map.of("grant_type", "authorization_code",
                "code", code, "redirect_uri", REDIRECT, "client_id", CLIENT_ID, "client_secret", SECRET));
    }

    /** Decrypts dir/A256GCM with SHA-256(secret) and verifies the nested RS256 signature. */
    static SignedJWT decryptDir(String jwe) throws Exception {
        JWEObject o = JWEObject.parse(jwe);
        assertEquals(JWEAlgorithm.DIR, o.getHeader().getAlgorithm());
        assertEquals(EncryptionMethod.A256GCM, o.getHeader().getEncryptionMethod());
        assertEquals("JWT", o.getHeader().getContentType());
        byte[] key = MessageDigest.getInstance("SHA-256").digest(SECRET.getBytes(StandardCharsets.UTF_8));
        o.decrypt(new DirectDecrypter(key));
        return o.getPayload().toSignedJWT();
    }

    static JWTClaimsSet verified(SignedJWT jwt) throws Exception {
        JWKSet jwks = JWKSet.parse(http.get(base + CSAPI + "/.well-known/jwks").body());
        RSAKey key = (RSAKey) jwks.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertNotNull(key, "kid " + jwt.getHeader().getKeyID() + " not in the JWKS");
        assertTrue(jwt.verify(new RSASSAVerifier(key)), "signature");
        return jwt.getJWTClaimsSet();
    }

    @Test
    void discoveryAndJwks() throws Exception {
        Map<String, Object> d = JSONObjectUtils.parse(http.get(sim.discoveryUrl(Simulator.ITSME_CSAPI)).body());
        assertEquals(base + CSAPI, d.get("issuer"));
        assertEquals(base + CSAPI + "/connect/authorize", d.get("authorization_endpoint"));
        assertEquals(List.of("client_secret_post"), d.get("token_endpoint_auth_methods_supported"), "HTTP Basic is not documented");
        assertEquals(List.of("query"), d.get("response_modes_supported"));
        assertEquals(List.of(ACR_BASIC, ACR_ADVANCED), d.get("acr_values_supported"));
        assertEquals(List.of("RSA-OAEP", "RSA-OAEP-256", "dir"), d.get("id_token_encryption_alg_values_supported"));

        Map<String, Object> v2 = JSONObjectUtils.parse(http.get(sim.discoveryUrl(Simulator.ITSME_V2)).body());
        assertEquals(base + "/v2", v2.get("issuer"));
        assertEquals(base + "/v2/jwkSet", v2.get("jwks_uri"));
        assertEquals(List.of("private_key_jwt", "client_secret_post"), v2.get("token_endpoint_auth_methods_supported"));
        JWKSet jwks = JWKSet.parse(http.get(base + "/v2/jwkSet").body());
        assertEquals(KeyUse.SIGNATURE, jwks.getKeyByKeyId("itsme-sig-1").getKeyUse());
        assertEquals(KeyUse.ENCRYPTION, jwks.getKeyByKeyId("itsme-enc-1").getKeyUse());
        assertEquals("RSA-OAEP-256", jwks.getKeyByKeyId("itsme-enc-1").getAlgorithm().getName());
        assertFalse(jwks.getKeyByKeyId("itsme-enc-1").isPrivate());
    }

    @Test
    void dirEncryptedIdTokenWithClaimsParameterAndAdvancedAcr() throws Exception {
        String claims = "{\"id_token\":{\"" + ISM + "claim_citizenship\":null,\"" + ISM + "place_of_birth\":null,"
                + "\"" + ISM + "birthdate_as_string\":{\"essential\":true}},\"userinfo\":{\"" + ISM + "official_gender\":null}}";
        String code = code(Map.of("acr_values", ACR_BASIC + " " + ACR_ADVANCED, "claims", claims,
                "ui_locales", "fr nl"), "alice");
        HttpResponse<String> r = redeem(code);
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Object> tokens = JSONObjectUtils.parse(r.body());
        assertNull(tokens.get("refresh_token"));

        JWTClaimsSet id = verified(decryptDir((String) tokens.get("id_token")));
        assertEquals(base + CSAPI, id.getIssuer());
        assertEquals(List.of(CLIENT_ID), id.getAudience());
        assertEquals("nonce-42", id.getStringClaim("nonce"));
        assertEquals(ACR_ADVANCED, id.getStringClaim("acr"));
        assertEquals(36, id.getSubject().length());
        assertEquals(Simulator.subject("itsme", CLIENT_ID, "alice"), id.getSubject());
        assertEquals("belge", id.getStringClaim(ISM + "claim_citizenship"));
        assertEquals("12.04.1985", id.getStringClaim(ISM + "birthdate_as_string"));
        assertEquals("Liège", JSONObjectUtils.getString(id.getJSONObjectClaim(ISM + "place_of_birth"), "city"));
        assertNull(id.getClaim(ISM + "BENationalNumber"), "scope claims come from userinfo only");
        assertNull(id.getClaim("given_name"), "scope claims come from userinfo only");
        assertNull(id.getClaim(ISM + "official_gender"), "requested for userinfo only");

        HttpResponse<String> ui = http.get(base + CSAPI + "/connect/userinfo",
                "Authorization", "Bearer " + tokens.get("access_token"));
        assertEquals(200, ui.statusCode());
        assertEquals("application/json", ui.headers().firstValue("Content-Type").orElseThrow());
        JWTClaimsSet info = verified(decryptDir(ui.body()));
        assertEquals(id.getSubject(), info.getSubject());
        assertEquals("F", info.getStringClaim(ISM + "official_gender"));
        assertEquals("Dubois", info.getStringClaim("family_name"));
        assertEquals("85041215636", info.getStringClaim(ISM + "BENationalNumber"));
        assertNull(info.getClaim(ISM + "claim_citizenship"), "requested for the ID token only");

        Map<String, Object> recorded = JSONObjectUtils.parse(http.get(base + "/sim/api/requests/last?provider=itsme").body());
        assertEquals("fr nl", JSONObjectUtils.getJSONObject(recorded, "query").get("ui_locales"));
        assertNotNull(JSONObjectUtils.getJSONObject(JSONObjectUtils.getJSONObject(recorded, "claims"), "id_token"));
        assertEquals(ACR_ADVANCED, JSONObjectUtils.getJSONObject(recorded, "effective").get("acr"));
    }

    @Test
    void basicAcrByDefault() throws Exception {
        JWTClaimsSet id = verified(decryptDir((String) JSONObjectUtils.parse(redeem(code(Map.of(), "bob")).body()).get("id_token")));
        assertEquals(ACR_BASIC, id.getStringClaim("acr"));
        assertEquals(Simulator.subject("itsme", CLIENT_ID, "bob"), id.getSubject());
    }

    @Test
    void serviceScopeIsRequiredAndMustBeRegistered() throws Exception {
        HttpResponse<String> missing = http.get(authorizeUrl(Map.of("scope", "openid profile")));
        assertEquals(302, missing.statusCode());
        assertEquals("invalid_scope", TestClient.queryOf(missing.headers().firstValue("Location").orElseThrow()).get("error"));
        HttpResponse<String> unknown = http.get(authorizeUrl(Map.of("scope", "openid service:OTHER")));
        Map<String, String> q = TestClient.queryOf(unknown.headers().firstValue("Location").orElseThrow());
        assertEquals("invalid_scope", q.get("error"));
        assertEquals("s-42", q.get("state"));
    }

    @Test
    void itsmeErrorsUseDetail() throws Exception {
        HttpResponse<String> r = http.postForm(base + CSAPI + "/connect/token", Map.of("grant_type", "authorization_code",
                "code", "nope", "redirect_uri", REDIRECT, "client_id", CLIENT_ID, "client_secret", SECRET));
        assertEquals(400, r.statusCode());
        Map<String, Object> err = JSONObjectUtils.parse(r.body());
        assertEquals("invalid_grant", err.get("error"));
        assertNotNull(err.get("detail"));
        assertNull(err.get("error_description"));
    }

    @Test
    void unencryptedAndBadSignatureFaults() throws Exception {
        sim.armFault("itsme", "unencrypted_id_token");
        String idToken = (String) JSONObjectUtils.parse(redeem(code(Map.of(), "chloe")).body()).get("id_token");
        assertEquals(3, idToken.split("\\.").length, "signed only");
        assertEquals(Simulator.subject("itsme", CLIENT_ID, "chloe"), verified(SignedJWT.parse(idToken)).getSubject());

        sim.armFault("itsme", "bad_signature");
        SignedJWT tampered = decryptDir((String) JSONObjectUtils.parse(redeem(code(Map.of(), "chloe")).body()).get("id_token"));
        JWKSet jwks = JWKSet.parse(http.get(base + CSAPI + "/.well-known/jwks").body());
        assertFalse(tampered.verify(new RSASSAVerifier((RSAKey) jwks.getKeyByKeyId(tampered.getHeader().getKeyID()))));

        sim.armFault("itsme", "alg_none");
        JWEObject none = JWEObject.parse((String) JSONObjectUtils.parse(redeem(code(Map.of(), "chloe")).body()).get("id_token"));
        none.decrypt(new DirectDecrypter(MessageDigest.getInstance("SHA-256").digest(SECRET.getBytes(StandardCharsets.UTF_8))));
        assertNull(none.getPayload().toSignedJWT());
        assertTrue(none.getPayload().toString().startsWith("eyJhbGciOiJub25lIn0"), "alg none header");

        sim.armFault("itsme", "unknown_kid");
        SignedJWT rogue = decryptDir((String) JSONObjectUtils.parse(redeem(code(Map.of(), "chloe")).body()).get("id_token"));
        assertNull(jwks.getKeyByKeyId(rogue.getHeader().getKeyID()));

        sim.armFault("itsme", "nonce_mismatch");
        sim.armFault("itsme", "expired");
        JWTClaimsSet both = verified(decryptDir((String) JSONObjectUtils.parse(redeem(code(Map.of(), "chloe")).body()).get("id_token")));
        assertFalse("nonce-42".equals(both.getStringClaim("nonce")));
        assertTrue(both.getExpirationTime().before(new java.util.Date()));

        JWTClaimsSet clean = verified(decryptDir((String) JSONObjectUtils.parse(redeem(code(Map.of(), "chloe")).body()).get("id_token")));
        assertEquals("nonce-42", clean.getStringClaim("nonce"));
        assertThrows(IllegalArgumentException.class, () -> sim.armFault("idemia", "unencrypted_id_token"));
    }

    @Test
    void userinfoSubMismatchFault() throws Exception {
        Map<String, Object> tokens = JSONObjectUtils.parse(redeem(code(Map.of(), "bob")).body());
        sim.armFault("itsme", "userinfo_sub_mismatch");
        JWTClaimsSet info = verified(decryptDir(http.get(base + CSAPI + "/connect/userinfo",
                "Authorization", "Bearer " + tokens.get("access_token")).body()));
        assertFalse(Simulator.subject("itsme", CLIENT_ID, "bob").equals(info.getSubject()));
    }

    @Test
    void refusalRedirectsWithAccessDenied() throws Exception {
        String tx = http.phonePage(authorizeUrl(Map.of()));
        HttpResponse<String> r = http.decide(sim.decisionUrl(), tx, "alice", "refuse");
        Map<String, String> q = TestClient.queryOf(r.headers().firstValue("Location").orElseThrow());
        assertEquals("access_denied", q.get("error"));
        assertEquals("s-42", q.get("state"));
        assertNotNull(q.get("error_description"));
    }

    @Test
    void authorizationIsGetOnlyAndClientsAreListedWithoutSecrets() throws Exception {
        HttpResponse<String> post = http.postForm(base + CSAPI + "/connect/authorize", Map.of("client_id", CLIENT_ID));
        assertEquals(405, post.statusCode());
        String list = http.get(base + "/sim/api/clients").body();
        assertTrue(list.contains(CLIENT_ID));
        assertFalse(list.contains(SECRET));
    }
}
