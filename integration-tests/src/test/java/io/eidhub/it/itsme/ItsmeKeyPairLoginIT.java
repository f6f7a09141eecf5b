package io.eidhub.it.itsme;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.Jwt;
import io.eidhub.it.Page;
import io.eidhub.it.SimulatorControl;
import io.eidhub.it.TestRealm;
import io.eidhub.it.Tokens;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;

import static io.eidhub.it.EidTestConstants.ITSME_ACR_BASIC;
import static io.eidhub.it.EidTestConstants.ITSME_ACR_ADVANCED;
import static io.eidhub.it.EidTestConstants.ITSME_CLAIM_PREFIX;
import static io.eidhub.it.itsme.ItsmeBroker.ALIAS;
import static io.eidhub.it.itsme.ItsmeBroker.list;
import static io.eidhub.it.itsme.ItsmeBroker.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Logins through an itsme key-pair client (private_key_jwt, ID token encrypted to the realm's enc key). */
@WithKeycloak
class ItsmeKeyPairLoginIT {

    @Test
    void firstLoginCreatesTheUserAndSecondLoginFindsItBySub(TestRealm realm) throws Exception {
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(Map.of(
                "scopes", "profile##email##eid",
                "claims", "claim_citizenship, place_of_birth, birthdate"));
        // Keycloak's generic mappers work with itsme brokers too
        realm.addIdentityProviderMapper(ALIAS, mapper("source", "hardcoded-attribute-idp-mapper",
                Map.of("attribute", "login_source", "attribute.value", "itsme")));
        realm.addIdentityProviderMapper(ALIAS, mapper("nn via attribute importer", "oidc-user-attribute-idp-mapper",
                Map.of("claim", "http://itsme\\.services/v2/claim/BENationalNumber", "user.attribute", "nn_generic")));

        // the application asks for things itsme must not receive
        AuthRequest first = realm.authRequest().idpHint(ALIAS).prompt("login").maxAge(60).loginHint("alice@example.be");
        Tokens tokens = first.finish(itsme.login(new Browser(), first, "alice"));

        SimulatorControl.AuthorizationRecord sent = itsme.lastAuthorizationRequest();
        Map<String, Object> query = sent.query();
        assertEquals("openid service:EIDHUB_TEST", query.get("scope"), "claimsDelivery id_token: claims one by one");
        assertEquals("code", query.get("response_type"));
        assertEquals(itsme.clientId, query.get("client_id"));
        assertEquals(realm.brokerEndpoint(ALIAS), query.get("redirect_uri"));
        assertEquals(ITSME_ACR_BASIC, query.get("acr_values"));
        assertEquals("en", query.get("ui_locales"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertNotNull(query.get("code_challenge"));
        assertNotNull(query.get("nonce"));
        assertNotNull(query.get("state"));
        for (String absent : List.of("prompt", "max_age", "login_hint", "request")) {
            assertFalse(query.containsKey(absent), absent + " must not be sent: " + query);
        }
        Map<String, Object> idTokenClaims = object(Jwt.json(query.get("claims").toString()).get("id_token"));
        for (String claim : List.of(ITSME_CLAIM_PREFIX + "claim_citizenship", ITSME_CLAIM_PREFIX + "place_of_birth", "birthdate", "given_name",
                "family_name", "email", ITSME_CLAIM_PREFIX + "BENationalNumber", ITSME_CLAIM_PREFIX + "BEeidSn")) {
            assertTrue(idTokenClaims.containsKey(claim), claim + " in " + idTokenClaims);
        }
        assertFalse(idTokenClaims.containsKey("acr"), "itsme supports no acr member in claims: " + idTokenClaims);
        assertEquals("phone_page", sent.outcome());
        assertEquals(0, itsme.control().userinfoRequests(itsme.clientId), "everything came in the ID token");

        SimulatorControl.TokenRequestRecord tokenRequest = itsme.control().lastTokenRequest("itsme");
        assertEquals("tokens_issued", tokenRequest.outcome(), tokenRequest.toString());
        assertTrue(tokenRequest.parameters().contains("client_assertion"), tokenRequest.toString());
        assertFalse(tokenRequest.parameters().contains("client_secret"), tokenRequest.toString());
        assertEquals(Boolean.TRUE, tokenRequest.codeVerifierPresent());

        String username = itsme.username("alice");
        UserRepresentation user = realm.user(username);
        assertEquals("Alice", user.getFirstName());
        assertEquals("Dubois", user.getLastName());
        assertEquals("alice.dubois@example.be", user.getEmail());
        assertEquals("85041215636", realm.attribute(username, "itsme_national_number"));
        assertEquals("592-1234567-32", realm.attribute(username, "itsme_eid_card_number"));
        assertEquals("belge", realm.attribute(username, "itsme_citizenship"));
        assertEquals("1985-04-12", realm.attribute(username, "itsme_birthdate"));
        Map<String, Object> placeOfBirth = Jwt.json(realm.attribute(username, "itsme_place_of_birth"));
        assertTrue(placeOfBirth.containsValue("Liège"), placeOfBirth.toString());
        assertEquals("itsme", realm.attribute(username, "login_source"));
        assertEquals("85041215636", realm.attribute(username, "nn_generic"));

        List<FederatedIdentityRepresentation> links = realm.federatedIdentities(username);
        assertEquals(1, links.size());
        assertEquals(ALIAS, links.get(0).getIdentityProvider());
        assertEquals(itsme.sub("alice"), links.get(0).getUserId());
        assertEquals(user.getId(), tokens.idTokenClaims().get("sub"));

        // second login, new browser session: same user, found through the federated identity (sub)
        AuthRequest second = realm.authRequest().idpHint(ALIAS);
        Tokens again = second.finish(itsme.login(new Browser(), second, "alice"));
        assertEquals(user.getId(), again.idTokenClaims().get("sub"));
        assertEquals(1, realm.users().size(), "no second user: " + realm.users());
        assertEquals(2, realm.events("LOGIN").size(), realm.describeEvents());
        assertTrue(realm.events("LOGIN_ERROR", "IDENTITY_PROVIDER_LOGIN_ERROR").isEmpty(), realm.describeEvents());
    }

    @Test
    void advancedLevelIsRequestedAndALowerAnswerRefused(TestRealm realm) {
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(Map.of("minimumAcr", "advanced"));

        AuthRequest request = realm.authRequest().idpHint(ALIAS);
        request.finish(itsme.login(new Browser(), request, "bob"));
        Map<String, Object> query = itsme.lastAuthorizationRequest().query();
        assertEquals(ITSME_ACR_ADVANCED, query.get("acr_values"));
        assertEquals(ITSME_ACR_ADVANCED, itsme.lastAuthorizationRequest().effective().get("acr"));

        itsme.control().arm("itsme", Fault.LOWER_ACR);
        Page refused = itsme.login(new Browser(), realm.authRequest().idpHint(ALIAS), "chloe");
        assertTrue(refused.isKeycloakErrorPage(), refused.describe());
        assertTrue(refused.feedbackText().orElse("").contains("level of assurance"), refused.describe());
        assertRefusalEvent(realm, "acr_too_low");
        assertTrue(realm.findUser(itsme.username("chloe")).isEmpty(), "no user for a refused login");
    }

    /** With missingAcr=refuse a token without acr is refused whatever the minimum. */
    @ParameterizedTest
    @ValueSource(strings = {"basic", "advanced"})
    void missingAcrIsRefusedWhenSoConfigured(String minimum, TestRealm realm) {
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(Map.of("minimumAcr", minimum, "missingAcr", "refuse"));
        itsme.control().arm("itsme", Fault.MISSING_ACR);
        Page refused = itsme.login(new Browser(), realm.authRequest().idpHint(ALIAS), "alice");
        assertTrue(refused.isKeycloakErrorPage(), refused.describe());
        assertRefusalEvent(realm, "acr_missing");
        assertTrue(realm.users().isEmpty(), "no user for a refused login");
    }

    @Test
    void unencryptedIdTokenIsRefusedForKeyPairClients(TestRealm realm) {
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker();
        itsme.control().arm("itsme", Fault.UNENCRYPTED_ID_TOKEN);
        Page refused = itsme.login(new Browser(), realm.authRequest().idpHint(ALIAS), "alice");
        assertTrue(refused.isKeycloakErrorPage(), refused.describe());
        assertTrue(refused.feedbackText().orElse("").contains("could not be verified"), refused.describe());
        assertRefusalEvent(realm, "id_token_not_encrypted");
        assertTrue(realm.users().isEmpty(), "no user for a refused login");
    }

    @Test
    void userLocaleIsPassedInItsmesLanguages(TestRealm realm) {
        realm.enableLocales("en", "fr", "nl", "de", "es");
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker();
        itsme.openPhone(new Browser(), realm.authRequest().idpHint(ALIAS).uiLocales("nl-BE"));
        assertEquals("nl", itsme.lastAuthorizationRequest().query().get("ui_locales"));
        itsme.openPhone(new Browser(), realm.authRequest().idpHint(ALIAS).uiLocales("es"));
        assertEquals("en", itsme.lastAuthorizationRequest().query().get("ui_locales"));
    }

    static void assertRefusalEvent(TestRealm realm, String reason) {
        List<EventRepresentation> errors = realm.events("IDENTITY_PROVIDER_LOGIN_ERROR");
        assertFalse(errors.isEmpty(), realm.describeEvents());
        Map<String, String> details = errors.get(0).getDetails();
        assertEquals(reason, details.get("reason"), realm.describeEvents());
        assertEquals(ALIAS, details.get("identity_provider"), realm.describeEvents());
    }

    static IdentityProviderMapperRepresentation mapper(String name, String type, Map<String, String> config) {
        IdentityProviderMapperRepresentation mapper = new IdentityProviderMapperRepresentation();
        mapper.setName(name);
        mapper.setIdentityProviderMapper(type);
        mapper.setConfig(new java.util.HashMap<>(config));
        mapper.getConfig().put("syncMode", "INHERIT");
        return mapper;
    }
}
