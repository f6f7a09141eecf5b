package io.eidhub.it.idemia;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.ClaimScopes;
import io.eidhub.it.TestRealm;
import io.eidhub.it.Tokens;
import io.eidhub.it.WithKeycloak;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Verified claims, the age scope and {@code storeClaims=session} through the IDEMIA broker. */
@WithKeycloak
class IdemiaVerifiedClaimsIT {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void verifiedClaimsHaveTheSameNamesAsForItsme(TestRealm realm, IdemiaBroker idemia) throws Exception {
        ClaimScopes.install(realm);
        IdemiaBroker broker = idemia.createBroker(Map.of());

        AuthRequest request = realm.authRequest().scope("openid verified_claims");
        Tokens tokens = request.finish(broker.login(new Browser(), request, "dana"));

        assertEquals("openid id_basic mt_scope", broker.lastQuery().get("scope"));
        Map<String, Object> verified = object(tokens.idClaim("verified_claims"));
        Map<String, Object> verification = object(verified.get("verification"));
        assertEquals("nist_800_63A", verification.get("trust_framework"));
        assertFalse(verification.containsKey("assurance_level"), verification.toString());
        Map<String, Object> details = object(object(((List<?>) verification.get("evidence")).get(0)).get("document_details"));
        assertEquals("driving_permit", details.get("type"));
        assertEquals("123AB4567", details.get("document_number"));
        assertEquals("2030-07-19", details.get("date_of_expiry"));
        assertEquals("IA", object(details.get("issuer")).get("jurisdiction"));
        assertEquals(Map.of("given_name", "Dana", "family_name", "Whitfield", "birthdate", "1988-07-19",
                "address", Map.of("formatted", "1200 Grand Ave, Des Moines, IA 50309")), verified.get("claims"));
        assertEquals(verified, ClaimScopes.userInfo(realm, tokens.accessToken()).get("verified_claims"));
    }

    @Test
    void theAgeScopeGivesTheAgeAndNoName(TestRealm realm, IdemiaBroker idemia) {
        ClaimScopes.install(realm);
        IdemiaBroker broker = idemia.createBroker(Map.of());

        AuthRequest request = realm.authRequest().scope("openid age");
        Tokens tokens = request.finish(broker.login(new Browser(), request, "eli"));

        assertEquals("openid id_basic", broker.lastQuery().get("scope"), "the document scope mt_scope is not asked for");
        Map<String, Object> idToken = tokens.idTokenClaims();
        assertEquals(Boolean.TRUE, idToken.get("age_over_18"), idToken.toString());
        for (String absent : List.of("name", "given_name", "family_name", "birthdate", "verified_claims")) {
            assertFalse(idToken.containsKey(absent), absent + " in " + idToken);
        }
    }

    @Test
    void storeClaimsSessionWritesNothingButTheLink(TestRealm realm, IdemiaBroker idemia) {
        ClaimScopes.install(realm);
        IdemiaBroker broker = idemia.createBroker(Map.of("storeClaims", "session"));

        AuthRequest request = realm.authRequest().scope("openid verified_claims");
        Tokens tokens = request.finish(broker.login(new Browser(), request, "frank"));
        assertEquals("Frank", object(object(tokens.idClaim("verified_claims")).get("claims")).get("given_name"));

        String username = broker.username("frank");
        UserRepresentation user = realm.user(username);
        assertNull(user.getFirstName());
        assertNull(user.getLastName());
        assertNull(user.getEmail());
        assertTrue(realm.attributes(username).isEmpty(), "no eID attribute on the user: " + realm.attributes(username));
        assertEquals(broker.sub("frank"), realm.federatedIdentities(username).get(0).getUserId());
    }
}
