package io.eidhub.it.itsme;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.Jwt;
import io.eidhub.it.Page;
import io.eidhub.it.TestRealm;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.ClientRegistration;
import io.eidhub.simulator.Fault;
import io.eidhub.simulator.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static io.eidhub.it.EidTestConstants.ITSME_ACR_ADVANCED;
import static io.eidhub.it.EidTestConstants.ITSME_CLAIM_PREFIX;
import static io.eidhub.it.itsme.ItsmeBroker.ALIAS;
import static io.eidhub.it.itsme.ItsmeBroker.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Whole logins against the simulator behaving as itsme documents it: scope claims only at userinfo (so the broker
 * either asks for every claim in the ID token or reads userinfo), no {@code acr} member in {@code claims}, a token
 * encrypted with RSA-OAEP-256 to the realm's RSA-OAEP key, {@code temporary_unavailable}, metadata claims as objects.
 */
@WithKeycloak
class ItsmeDocumentedBehaviourIT {

    @ParameterizedTest(name = "{0} client, claimsDelivery={1}")
    @CsvSource({
            "key-pair,      id_token, 0",
            "key-pair,      userinfo, 1",
            "client-secret, id_token, 0",
            "client-secret, userinfo, 1",
    })
    void namesAndNationalNumberArriveWithEitherDelivery(String client, String delivery, int userinfoCalls, TestRealm realm) {
        ItsmeBroker itsme = "key-pair".equals(client) ? ItsmeBroker.keyPair(realm)
                : ItsmeBroker.clientSecret(realm, ClientRegistration.CLIENT_SECRET_POST);
        Map<String, String> config = new java.util.HashMap<>(Map.of("scopes", "profile email eid", "claimsDelivery", delivery));
        if (!"key-pair".equals(client)) {
            config.put("clientAuthMethod", ClientRegistration.CLIENT_SECRET_POST);
        }
        itsme.createBroker(config);

        AuthRequest request = realm.authRequest().idpHint(ALIAS);
        request.finish(itsme.login(new Browser(), request, "alice"));

        Map<String, Object> query = itsme.lastAuthorizationRequest().query();
        String username = itsme.username("alice");
        assertEquals("Alice", realm.user(username).getFirstName());
        assertEquals("Dubois", realm.user(username).getLastName());
        assertEquals("alice.dubois@example.be", realm.user(username).getEmail());
        assertEquals("85041215636", realm.attribute(username, "itsme_national_number"));
        assertEquals(userinfoCalls, itsme.control().userinfoRequests(itsme.clientId), "userinfo requests recorded by the simulator");
        if ("id_token".equals(delivery)) {
            assertEquals("openid service:EIDHUB_TEST", query.get("scope"), "scope claims are asked for one by one");
            Map<String, Object> idToken = object(Jwt.json(query.get("claims").toString()).get("id_token"));
            assertTrue(idToken.keySet().containsAll(List.of("given_name", "family_name", "email", ITSME_CLAIM_PREFIX + "BENationalNumber")),
                    idToken.toString());
            assertFalse(idToken.containsKey("acr"), "the level goes as acr_values only: " + idToken);
        } else {
            assertEquals("openid service:EIDHUB_TEST profile email eid", query.get("scope"));
            assertFalse(query.containsKey("claims"), "nothing asked individually: " + query);
        }
    }

    @Test
    void aTokenEncryptedWithRsaOaep256ToTheRealmsRsaOaepKeyIsDecrypted(TestRealm realm) {
        assertTrue(realm.jwks().toString().contains("RSA-OAEP"), "the realm publishes its generated RSA-OAEP key");
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(Map.of("scopes", "profile email", "claimsDelivery", "userinfo"));
        itsme.control().setSwitch(Simulator.ITSME_V2, "rsaOaep256", true);
        try {
            AuthRequest request = realm.authRequest().idpHint(ALIAS);
            request.finish(itsme.login(new Browser(), request, "bob"));
        } finally {
            itsme.control().setSwitch(Simulator.ITSME_V2, "rsaOaep256", false);
        }
        assertEquals("Peeters", realm.user(itsme.username("bob")).getLastName(), "ID token and userinfo JWT both decrypted");
        assertTrue(realm.events("IDENTITY_PROVIDER_LOGIN_ERROR").isEmpty(), realm.describeEvents());
    }

    /** A plain-JSON userinfo answer is refused for a key-pair client, accepted for a client-secret one. */
    @ParameterizedTest(name = "{0} client")
    @CsvSource({"key-pair, refused", "client-secret, accepted"})
    void plainJsonUserinfo(String client, String outcome, TestRealm realm) {
        boolean keyPair = "key-pair".equals(client);
        ItsmeBroker itsme = keyPair ? ItsmeBroker.keyPair(realm) : ItsmeBroker.clientSecret(realm, ClientRegistration.CLIENT_SECRET_POST);
        Map<String, String> config = new java.util.HashMap<>(Map.of("scopes", "profile email", "claimsDelivery", "userinfo"));
        if (!keyPair) {
            config.put("clientAuthMethod", ClientRegistration.CLIENT_SECRET_POST);
        }
        itsme.createBroker(config);
        String tenant = keyPair ? Simulator.ITSME_V2 : Simulator.ITSME_CSAPI;
        itsme.control().setSwitch(tenant, "plainUserinfo", true);
        Page page;
        AuthRequest request = realm.authRequest().idpHint(ALIAS);
        try {
            page = itsme.login(new Browser(), request, "bob");
        } finally {
            itsme.control().setSwitch(tenant, "plainUserinfo", false);
        }
        if ("refused".equals(outcome)) {
            assertTrue(page.isKeycloakErrorPage(), page.describe());
            ItsmeKeyPairLoginIT.assertRefusalEvent(realm, "userinfo_not_encrypted");
            assertTrue(realm.users().isEmpty(), "no user for a refused login");
        } else {
            request.finish(page);
            assertEquals("Peeters", realm.user(itsme.username("bob")).getLastName());
        }
    }

    @Test
    void temporaryUnavailableBringsTheUserBackToTheLoginPage(TestRealm realm) {
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker();
        itsme.control().arm("itsme", Fault.TEMPORARY_UNAVAILABLE);
        Page page = itsme.login(new Browser(), realm.authRequest().idpHint(ALIAS), "alice");

        assertEquals(200, page.status(), page.describe());
        assertTrue(page.isAt(realm.issuer()), page.describe());
        assertTrue(page.feedbackText().orElse("").startsWith("The identity provider cannot be reached right now."), page.describe());
        assertTrue(page.forms().stream().anyMatch(f -> "kc-form-login".equals(f.id())), "back on the login page: " + page.describe());
        Map<String, String> details = realm.events("IDENTITY_PROVIDER_LOGIN_ERROR").get(0).getDetails();
        assertEquals("provider_error:temporary_unavailable", details.get("reason"), realm.describeEvents());
        assertFalse(page.body().contains("temporarily unavailable"), "no provider text on the page");
        assertTrue(realm.users().isEmpty(), "no user created");
    }

    /** itsme writes a token error's text in {@code detail}: only the error code reaches the event, never the text. */
    @Test
    void theTokenEndpointsDetailReachesNoPage(TestRealm realm) {
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker();
        itsme.control().arm("itsme", Fault.TOKEN_ERROR);
        Page page = itsme.login(new Browser(), realm.authRequest().idpHint(ALIAS), "alice");
        assertTrue(page.isKeycloakErrorPage(), page.describe());
        assertFalse(page.body().contains("simulated token endpoint failure"), "the detail text is not shown");
        ItsmeKeyPairLoginIT.assertRefusalEvent(realm, "token_error:invalid_grant");
        assertFalse(realm.describeEvents().contains("simulated token endpoint failure"), "nor recorded in an event");
    }

    @Test
    void metadataClaimsAreStoredAsPlainValuesAndSloveniaUnderEitherSpelling(TestRealm realm) {
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(Map.of(
                "claims", "IDDocumentSN, IDIssuingCountry, validityTo, verificationDate, SVNationalNumber"));
        AuthRequest request = realm.authRequest().idpHint(ALIAS);
        request.finish(itsme.login(new Browser(), request, "alice"));
        String alice = itsme.username("alice");
        assertEquals("BEL", realm.attribute(alice, "itsme_id_issuing_country"));
        assertEquals("2031-03-01", realm.attribute(alice, "itsme_validity_to"));
        assertEquals(2, Jwt.json(realm.attribute(alice, "itsme_verification_date")).size(), "two members stay JSON text");

        AuthRequest second = realm.authRequest().idpHint(ALIAS);
        second.finish(itsme.login(new Browser(), second, "mateja"));
        assertEquals("2102987505123", realm.attribute(itsme.username("mateja"), "itsme_si_national_number"));
        assertEquals("SVN", realm.attribute(itsme.username("mateja"), "itsme_id_issuing_country"));
    }

    @Test
    void aStoredAcrLevelStillSetsTheMinimum(TestRealm realm) {
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(Map.of("acrLevel", "advanced"));
        AuthRequest request = realm.authRequest().idpHint(ALIAS);
        request.finish(itsme.login(new Browser(), request, "bob"));
        assertEquals(ITSME_ACR_ADVANCED, itsme.lastAuthorizationRequest().query().get("acr_values"));
    }
}
