package io.eidhub.it.itsme;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.TestRealm;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.Simulator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.eidhub.it.itsme.ItsmeFixture.ACR_ADVANCED;
import static io.eidhub.it.itsme.ItsmeFixture.ALIAS;
import static io.eidhub.it.itsme.ItsmeFixture.ISM;
import static io.eidhub.it.itsme.ItsmeFixture.list;
import static io.eidhub.it.itsme.ItsmeFixture.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The authorization parameters as a signed, or signed and encrypted, request object. */
@WithKeycloak
class ItsmeRequestObjectIT {

    @Test
    void signedAndEncryptedRequestObject(TestRealm realm) {
        ItsmeFixture itsme = ItsmeFixture.keyPair(realm).createBroker(Map.of(
                "requestObject", "signed-encrypted", "claims", "BENationalNumber", "minimumAcr", "advanced"));

        AuthRequest request = realm.authRequest().idpHint(ALIAS);
        request.finish(itsme.login(new Browser(), request, "alice"));
        // a second login uses the cached encryption key
        AuthRequest again = realm.authRequest().idpHint(ALIAS);
        again.finish(itsme.login(new Browser(), again, "alice"));

        Map<String, Object> sent = itsme.lastAuthorizationRequest();
        Map<String, Object> requestObject = object(sent.get("requestObject"));
        assertEquals(Boolean.TRUE, requestObject.get("valid"), requestObject.toString());
        assertEquals(Boolean.TRUE, requestObject.get("encrypted"));
        Map<String, Object> jweHeader = object(requestObject.get("jweHeader"));
        assertEquals("RSA-OAEP-256", jweHeader.get("alg"));
        assertEquals("A128CBC-HS256", jweHeader.get("enc"));
        assertEquals("JWT", jweHeader.get("cty"));
        assertNotNull(jweHeader.get("kid"));
        assertEquals(realmSigningKid(realm), object(requestObject.get("jwsHeader")).get("kid"));
        assertRequestObjectClaims(itsme, object(requestObject.get("claims")));
        assertOnlyRequiredQueryParameters(object(sent.get("query")));
    }

    private static void assertRequestObjectClaims(ItsmeFixture itsme, Map<String, Object> claims) {
        assertEquals(itsme.clientId, claims.get("iss"));
        Object aud = claims.get("aud");
        assertTrue(aud.equals(itsme.sim.issuer(Simulator.ITSME_V2)) || list(aud).contains(itsme.sim.issuer(Simulator.ITSME_V2)), "aud " + aud);
        assertEquals("openid service:EIDHUB_TEST", claims.get("scope"));
        assertEquals("code", claims.get("response_type"));
        assertEquals(itsme.clientId, claims.get("client_id"));
        assertEquals(itsme.realm.brokerEndpoint(ALIAS), claims.get("redirect_uri"));
        assertEquals(ACR_ADVANCED, claims.get("acr_values"));
        assertEquals("S256", claims.get("code_challenge_method"));
        for (String present : List.of("state", "nonce", "code_challenge", "ui_locales", "exp", "iat", "jti")) {
            assertNotNull(claims.get(present), present + " in " + claims);
        }
        for (String absent : List.of("prompt", "max_age", "login_hint")) {
            assertFalse(claims.containsKey(absent), absent + " in " + claims);
        }
        Map<String, Object> idToken = object(object(claims.get("claims")).get("id_token"));
        assertTrue(idToken.containsKey(ISM + "BENationalNumber"), idToken.toString());
        assertTrue(idToken.containsKey("given_name"), "the profile scope's claims one by one: " + idToken);
        assertFalse(idToken.containsKey("acr"), "the level goes as acr_values only: " + idToken);
    }

    /** Beside the request object, only what itsme requires in the query string. */
    private static void assertOnlyRequiredQueryParameters(Map<String, Object> query) {
        assertEquals(Set.of("response_type", "client_id", "scope", "redirect_uri", "request"), query.keySet());
    }

    @SuppressWarnings("unchecked")
    private static String realmSigningKid(TestRealm realm) {
        List<Map<String, Object>> keys = (List<Map<String, Object>>) realm.jwks().get("keys");
        return keys.stream().filter(k -> "sig".equals(k.get("use")) && "RS256".equals(k.get("alg")))
                .map(k -> (String) k.get("kid")).findFirst().orElseThrow();
    }
}
