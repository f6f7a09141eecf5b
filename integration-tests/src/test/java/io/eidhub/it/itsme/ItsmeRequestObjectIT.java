package io.eidhub.it.itsme;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.Page;
import io.eidhub.it.SimulatorControl;
import io.eidhub.it.TestRealm;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.Simulator;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.resource.IdentityProviderResource;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.eidhub.it.EidTestConstants.ITSME_ACR_ADVANCED;
import static io.eidhub.it.EidTestConstants.ITSME_CLAIM_PREFIX;
import static io.eidhub.it.itsme.ItsmeBroker.ALIAS;
import static io.eidhub.it.itsme.ItsmeBroker.list;
import static io.eidhub.it.itsme.ItsmeBroker.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The authorization parameters as a signed, or signed and encrypted, request object. */
@WithKeycloak
class ItsmeRequestObjectIT {

    @Test
    void signedAndEncryptedRequestObject(TestRealm realm) {
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(Map.of(
                "requestObject", "signed-encrypted", "claims", "BENationalNumber", "minimumAcr", "advanced"));

        AuthRequest request = realm.authRequest().idpHint(ALIAS);
        request.finish(itsme.login(new Browser(), request, "alice"));
        // a second login uses the cached encryption key
        AuthRequest again = realm.authRequest().idpHint(ALIAS);
        again.finish(itsme.login(new Browser(), again, "alice"));

        SimulatorControl.AuthorizationRecord sent = itsme.lastAuthorizationRequest();
        Map<String, Object> requestObject = sent.requestObject();
        assertEquals(Boolean.TRUE, requestObject.get("valid"), requestObject.toString());
        assertEquals(Boolean.TRUE, requestObject.get("encrypted"));
        Map<String, Object> jweHeader = object(requestObject.get("jweHeader"));
        assertEquals("RSA-OAEP-256", jweHeader.get("alg"));
        assertEquals("A128CBC-HS256", jweHeader.get("enc"));
        assertEquals("JWT", jweHeader.get("cty"));
        assertNotNull(jweHeader.get("kid"));
        assertEquals(realmSigningKid(realm), object(requestObject.get("jwsHeader")).get("kid"));
        assertRequestObjectClaims(itsme, object(requestObject.get("claims")));
        assertOnlyRequiredQueryParameters(sent.query());
    }

    /**
     * itsme rotates its encryption key ({@code enc_key_rotated}): the request object of the next login is encrypted to
     * the retired key, itsme cannot read it and answers {@code invalid_request_object} (without {@code state}, which is
     * inside the request object). The broker then reads itsme's JWKS again, so the login after uses the new key.
     * Keycloak reads a JWKS at most once per {@code minTimeBetweenRequests} (10 s by default): the test waits for it.
     */
    @Test
    void aRotatedEncryptionKeyIsFetchedAgainAfterItsmeRefusedTheRequestObject(TestRealm realm) throws InterruptedException {
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(Map.of(
                "requestObject", "signed-encrypted", "claims", "BENationalNumber", "acrLevel", "advanced"));
        SimulatorControl control = new SimulatorControl(itsme.sim.baseUrl());
        AuthRequest first = realm.authRequest().idpHint(ALIAS);
        first.finish(itsme.login(new Browser(), first, "alice"));
        String oldKid = (String) object(itsme.lastAuthorizationRequest().requestObject().get("jweHeader")).get("kid");

        String newKid = control.rotateEncryptionKey(Simulator.ITSME_V2);
        assertNotEquals(oldKid, newKid);
        long wait = control.lastJwksRequestMillis(Simulator.ITSME_V2) + 11_000 - System.currentTimeMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
        realm.clearEvents();
        Browser browser = new Browser();
        Page refused = realm.authRequest().idpHint(ALIAS).start(browser);
        assertEquals(400, refused.status(), refused.describe());
        assertTrue(realm.events().stream().anyMatch(e -> e.getDetails() != null
                        && "state_missing".equals(e.getDetails().get("reason"))
                        && "invalid_request_object".equals(e.getDetails().get("provider_error"))),
                realm.describeEvents());

        AuthRequest again = realm.authRequest().idpHint(ALIAS);
        again.finish(itsme.login(new Browser(), again, "alice"));
        Map<String, Object> requestObject = itsme.lastAuthorizationRequest().requestObject();
        assertEquals(Boolean.TRUE, requestObject.get("valid"), requestObject.toString());
        assertEquals(newKid, object(requestObject.get("jweHeader")).get("kid"));
    }

    /** A saved change of the broker (here its requested claims) starts from a fresh copy of itsme's encryption key. */
    @Test
    void updatingTheBrokerDropsTheCachedEncryptionKey(TestRealm realm) {
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(Map.of(
                "requestObject", "signed-encrypted", "claims", "BENationalNumber", "acrLevel", "advanced"));
        AuthRequest first = realm.authRequest().idpHint(ALIAS);
        first.finish(itsme.login(new Browser(), first, "alice"));

        String newKid = new SimulatorControl(itsme.sim.baseUrl()).rotateEncryptionKey(Simulator.ITSME_V2);
        IdentityProviderResource broker = realm.resource().identityProviders().get(ALIAS);
        IdentityProviderRepresentation rep = broker.toRepresentation();
        rep.getConfig().put("claims", "BENationalNumber, BEeidSn");
        broker.update(rep);

        AuthRequest again = realm.authRequest().idpHint(ALIAS);
        again.finish(itsme.login(new Browser(), again, "alice"));
        Map<String, Object> requestObject = itsme.lastAuthorizationRequest().requestObject();
        assertEquals(Boolean.TRUE, requestObject.get("valid"), requestObject.toString());
        assertEquals(newKid, object(requestObject.get("jweHeader")).get("kid"));
    }

    private static void assertRequestObjectClaims(ItsmeBroker itsme, Map<String, Object> claims) {
        assertEquals(itsme.clientId, claims.get("iss"));
        Object aud = claims.get("aud");
        assertTrue(aud.equals(itsme.sim.issuer(Simulator.ITSME_V2)) || list(aud).contains(itsme.sim.issuer(Simulator.ITSME_V2)), "aud " + aud);
        assertEquals("openid service:EIDHUB_TEST", claims.get("scope"));
        assertEquals("code", claims.get("response_type"));
        assertEquals(itsme.clientId, claims.get("client_id"));
        assertEquals(itsme.realm.brokerEndpoint(ALIAS), claims.get("redirect_uri"));
        assertEquals(ITSME_ACR_ADVANCED, claims.get("acr_values"));
        assertEquals("S256", claims.get("code_challenge_method"));
        for (String present : List.of("state", "nonce", "code_challenge", "ui_locales", "exp", "iat", "jti")) {
            assertNotNull(claims.get(present), present + " in " + claims);
        }
        for (String absent : List.of("prompt", "max_age", "login_hint")) {
            assertFalse(claims.containsKey(absent), absent + " in " + claims);
        }
        Map<String, Object> idToken = object(object(claims.get("claims")).get("id_token"));
        assertTrue(idToken.containsKey(ITSME_CLAIM_PREFIX + "BENationalNumber"), idToken.toString());
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
