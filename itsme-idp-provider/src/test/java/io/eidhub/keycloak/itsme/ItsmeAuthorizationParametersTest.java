package io.eidhub.keycloak.itsme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItsmeAuthorizationParametersTest {

    private static final String BASIC = "http://itsme.services/v2/claim/acr_basic";
    private static final String ADVANCED = "http://itsme.services/v2/claim/acr_advanced";

    @Test
    void scopeIsOpenidServiceThenTheOptionalScopes() {
        assertEquals("openid service:X profile email", ItsmeAuthorizationParameters.scope("X", List.of("profile", "email")));
        assertEquals("openid service:X", ItsmeAuthorizationParameters.scope("X", List.of()));
        assertEquals("openid service:X eid", ItsmeAuthorizationParameters.scope("X", List.of("openid", "eid", "eid")));
    }

    @Test
    void claimsAreRequestedInTheIdTokenWithTheirFullNamesAndNeverAcr() throws Exception {
        ObjectNode claims = ItsmeAuthorizationParameters.claims(
                ItsmeClaims.resolve("BENationalNumber, claim_citizenship, place_of_birth, birthdate"));
        JsonNode expected = JsonSerialization.readValue("""
                {"id_token":{
                  "http://itsme.services/v2/claim/BENationalNumber":null,
                  "http://itsme.services/v2/claim/claim_citizenship":null,
                  "http://itsme.services/v2/claim/place_of_birth":null,
                  "birthdate":null}}
                """, JsonNode.class);
        assertEquals(expected, claims);
        assertFalse(claims.has("userinfo"));
        assertFalse(claims.get("id_token").has("acr"), "itsme answers unsupported_request to an acr member");
    }

    @Test
    void noClaimsNoClaimsParameter() {
        assertNull(ItsmeAuthorizationParameters.claims(List.of()));
    }

    @Test
    void queryRoundTrip() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("scope", "openid service:X profile");
        parameters.put("redirect_uri", "http://localhost:8080/realms/r/broker/itsme/endpoint");
        parameters.put("claims", "{\"id_token\":{\"acr\":{\"essential\":true}}}");
        parameters.put("acr_values", BASIC);
        String query = ItsmeAuthorizationParameters.toQuery(parameters);
        assertTrue(query.contains("scope=openid%20service%3AX%20profile"), query);
        assertFalse(query.contains("{"), query);
        assertFalse(query.contains("+"), query);
        assertEquals(parameters, ItsmeAuthorizationParameters.parseQuery(query));
        assertEquals(Map.of("a", "1 2", "b", ""), ItsmeAuthorizationParameters.parseQuery("a=1+2&b&a=3"));
        assertTrue(ItsmeAuthorizationParameters.parseQuery(null).isEmpty());
    }

    @Test
    void requestObjectCarriesTheParametersAndTheClaimsAsJson() {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("scope", "openid service:X");
        parameters.put("state", "st");
        parameters.put("response_type", "code");
        parameters.put("client_id", "partner1");
        parameters.put("redirect_uri", "https://kc/cb");
        parameters.put("nonce", "n");
        parameters.put("acr_values", BASIC);
        parameters.put("ui_locales", "nl");
        parameters.put("code_challenge", "cc");
        parameters.put("code_challenge_method", "S256");
        parameters.put("claims", "{\"ignored\":\"as text\"}");
        ObjectNode claims = ItsmeAuthorizationParameters.claims(ItsmeClaims.resolve("BENationalNumber"));

        Map<String, Object> payload = ItsmeAuthorizationParameters.requestObjectClaims(parameters, claims,
                "partner1", "https://idp.e2e.itsme.services/v2", 1000L, "jti-1");

        assertEquals("partner1", payload.get("iss"));
        assertEquals("https://idp.e2e.itsme.services/v2", payload.get("aud"));
        for (String name : List.of("scope", "state", "response_type", "client_id", "redirect_uri", "nonce", "acr_values",
                "ui_locales", "code_challenge", "code_challenge_method")) {
            assertEquals(parameters.get(name), payload.get(name), name);
        }
        assertEquals(claims, payload.get("claims"));
        assertEquals(1000L, payload.get("iat"));
        assertEquals(1300L, payload.get("exp"));
        assertEquals("jti-1", payload.get("jti"));
        assertFalse(ItsmeAuthorizationParameters.requestObjectClaims(parameters, null, "partner1", "aud", 1L, "j")
                .containsKey("claims"), "no claims member when no claim is asked for");
    }

    @Test
    void onlyTheRequiredParametersStayBesideTheRequestObject() {
        Map<String, String> parameters = new LinkedHashMap<>();
        for (String name : List.of("scope", "state", "response_type", "client_id", "redirect_uri", "nonce", "claims", "acr_values")) {
            parameters.put(name, "v-" + name);
        }
        Map<String, String> kept = ItsmeAuthorizationParameters.besideRequestObject(parameters, "jwt");
        assertEquals(Map.of("scope", "v-scope", "response_type", "v-response_type", "client_id", "v-client_id",
                "redirect_uri", "v-redirect_uri", "request", "jwt"), kept);
    }
}
