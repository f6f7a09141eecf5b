package io.eidhub.it.itsme;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.ClaimScopes;
import io.eidhub.it.Jwt;
import io.eidhub.it.Page;
import io.eidhub.it.SharedSimulator;
import io.eidhub.it.SimulatorControl;
import io.eidhub.it.TestRealm;
import io.eidhub.it.Tokens;
import io.eidhub.it.WithKeycloak;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.eidhub.it.EidTestConstants.ITSME_CLAIM_PREFIX;
import static io.eidhub.it.itsme.ItsmeBroker.ALIAS;
import static io.eidhub.it.itsme.ItsmeBroker.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Verified claims and data minimisation through the itsme broker: {@code verified_claims} (OpenID Connect for Identity
 * Assurance 1.0), the {@code claims} parameter, the {@code age} scope, {@code storeClaims=session} and a
 * per-application service code.
 */
@WithKeycloak
class ItsmeVerifiedClaimsIT {

    /** A broker allowed to ask for everything verified_claims can carry. */
    private static final Map<String, String> IDENTITY_BROKER = Map.of(
            "scopes", "profile##email##address##eid##idDocument",
            "claims", "place_of_birth, claim_citizenship_as_iso, verificationDate");

    private static Map<String, Object> itsmeClaimsAsked(ItsmeBroker itsme) {
        return object(Jwt.json(itsme.lastAuthorizationRequest().query().get("claims").toString()).get("id_token"));
    }

    private static String itsmeScope(ItsmeBroker itsme) {
        return (String) itsme.lastAuthorizationRequest().query().get("scope");
    }

    @Test
    void verifiedClaimsCarryTheVerifiedIdentityInTheIdTokenAndUserinfo(TestRealm realm) throws Exception {
        ClaimScopes.install(realm);
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(IDENTITY_BROKER);

        AuthRequest request = realm.authRequest().idpHint(ALIAS).scope("openid verified_claims");
        Tokens tokens = request.finish(itsme.login(new Browser(), request, "alice"));

        // itsme was asked for what verified_claims needs, each claim in the ID token, no scope beyond the service
        assertEquals("openid service:EIDHUB_TEST", itsmeScope(itsme));
        assertEquals(Set.of("given_name", "family_name", "birthdate", "address", ITSME_CLAIM_PREFIX + "BENationalNumber",
                        ITSME_CLAIM_PREFIX + "IDDocumentSN", ITSME_CLAIM_PREFIX + "IDDocumentType", ITSME_CLAIM_PREFIX + "IDIssuingCountry", ITSME_CLAIM_PREFIX + "validityFrom",
                        ITSME_CLAIM_PREFIX + "validityTo", ITSME_CLAIM_PREFIX + "verificationDate", ITSME_CLAIM_PREFIX + "claim_citizenship_as_iso", ITSME_CLAIM_PREFIX + "place_of_birth"),
                itsmeClaimsAsked(itsme).keySet());

        Map<String, Object> verified = object(tokens.idClaim("verified_claims"));
        Map<String, Object> verification = object(verified.get("verification"));
        assertEquals("eidas", verification.get("trust_framework"));
        assertEquals("high", verification.get("assurance_level"));
        assertTrue(verification.get("time").toString().matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z"), verification.toString());
        Map<String, Object> evidence = object(ItsmeBroker.list(verification.get("evidence")).get(0));
        assertEquals("document", evidence.get("type"));
        // itsme's metadata claims (objects keyed by the claim they qualify): when the document was last read, its issuer
        assertEquals("2021-03-01T10:00:00Z", evidence.get("time"));
        Map<String, Object> details = object(evidence.get("document_details"));
        assertEquals("idcard", details.get("type"));
        assertEquals("592123456732", details.get("document_number"));
        assertEquals("85041215636", details.get("personal_number"));
        assertEquals("BEL", object(details.get("issuer")).get("country_code"));
        Map<String, Object> claims = object(verified.get("claims"));
        assertEquals("Alice", claims.get("given_name"));
        assertEquals("Dubois", claims.get("family_name"));
        assertEquals("1985-04-12", claims.get("birthdate"));
        assertEquals(Map.of("country", "BEL", "locality", "Liège"), claims.get("place_of_birth"));
        assertEquals(List.of("BEL"), claims.get("nationalities"));
        assertEquals("Liège", object(claims.get("address")).get("locality"));

        assertEquals(verified, ClaimScopes.userInfo(realm, tokens.accessToken()).get("verified_claims"), "same object in userinfo");
    }

    @Test
    void theClaimsParameterNarrowsVerifiedClaimsAndTheItsmeRequest(TestRealm realm) {
        ClaimScopes.install(realm);
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(IDENTITY_BROKER);

        AuthRequest request = realm.authRequest().idpHint(ALIAS).scope("openid verified_claims")
                .claims("{\"id_token\":{\"verified_claims\":{\"verification\":{\"trust_framework\":null},"
                        + "\"claims\":{\"given_name\":null,\"birthdate\":null}}}}");
        Tokens tokens = request.finish(itsme.login(new Browser(), request, "bob"));

        Set<String> asked = itsmeClaimsAsked(itsme).keySet();
        assertTrue(asked.containsAll(List.of("given_name", "birthdate")), asked.toString());
        for (String notAsked : List.of("family_name", "address", ITSME_CLAIM_PREFIX + "BENationalNumber", ITSME_CLAIM_PREFIX + "place_of_birth")) {
            assertFalse(asked.contains(notAsked), notAsked + " asked: " + asked);
        }
        Map<String, Object> verified = object(tokens.idClaim("verified_claims"));
        assertEquals(Map.of("given_name", "Bob", "birthdate", "1990-09-23"), verified.get("claims"));
        Map<String, Object> details = object(object(ItsmeBroker.list(object(verified.get("verification")).get("evidence")).get(0))
                .get("document_details"));
        assertFalse(details.containsKey("personal_number"), "the national number was not asked for: " + details);
    }

    @Test
    void theAgeScopeAsksItsmeForTheAgeAloneAndTheTokenCarriesNothingElse(TestRealm realm) {
        ClaimScopes.install(realm);
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(IDENTITY_BROKER);

        AuthRequest request = realm.authRequest().idpHint(ALIAS).scope("openid age");
        Tokens tokens = request.finish(itsme.login(new Browser(), request, "chloe"));

        assertEquals("openid service:EIDHUB_TEST", itsmeScope(itsme));
        assertEquals(Set.of("age_gte_18"), itsmeClaimsAsked(itsme).keySet());
        Map<String, Object> idToken = tokens.idTokenClaims();
        assertEquals(Boolean.TRUE, idToken.get("age_over_18"));
        for (String absent : List.of("name", "given_name", "family_name", "birthdate", "email", "verified_claims")) {
            assertFalse(idToken.containsKey(absent), absent + " in " + idToken);
        }
        UserRepresentation user = realm.user(itsme.username("chloe"));
        assertNull(user.getFirstName());
        assertNull(user.getLastName());
    }

    @Test
    void withUserinfoDeliveryANarrowedLoginSendsOnlyTheScopesItsNeedsCall(TestRealm realm) {
        ClaimScopes.install(realm);
        Map<String, String> config = new java.util.HashMap<>(IDENTITY_BROKER);
        config.put("claimsDelivery", "userinfo");
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(config);

        // names, nationality and the document: the scopes that return them (read at userinfo), the others one by one
        AuthRequest request = realm.authRequest().idpHint(ALIAS).scope("openid verified_claims")
                .claims("{\"id_token\":{\"verified_claims\":{\"claims\":{\"given_name\":null,\"nationalities\":null}}}}");
        Tokens tokens = request.finish(itsme.login(new Browser(), request, "alice"));
        assertEquals("openid service:EIDHUB_TEST profile idDocument", itsmeScope(itsme), "no email, address or eid scope");
        assertEquals(Set.of(ITSME_CLAIM_PREFIX + "claim_citizenship_as_iso", ITSME_CLAIM_PREFIX + "verificationDate"),
                itsmeClaimsAsked(itsme).keySet());
        assertEquals(Map.of("given_name", "Alice", "nationalities", List.of("BEL")),
                object(object(tokens.idClaim("verified_claims")).get("claims")), "given_name from userinfo, nationality from the ID token");

        // age only: no scope, age_gte_18 alone
        AuthRequest age = realm.authRequest().idpHint(ALIAS).scope("openid age");
        Tokens ageTokens = age.finish(itsme.login(new Browser(), age, "chloe"));
        assertEquals("openid service:EIDHUB_TEST", itsmeScope(itsme));
        assertEquals(Set.of("age_gte_18"), itsmeClaimsAsked(itsme).keySet());
        assertEquals(Boolean.TRUE, ageTokens.idTokenClaims().get("age_over_18"));
        assertFalse(ageTokens.idTokenClaims().containsKey("given_name"), ageTokens.idTokenClaims().toString());
    }

    @Test
    void withoutAnApplicationScopeTheConfiguredClaimsAreAskedAsBefore(TestRealm realm) {
        ClaimScopes.install(realm);
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(IDENTITY_BROKER);

        AuthRequest request = realm.authRequest().idpHint(ALIAS);
        request.finish(itsme.login(new Browser(), request, "alice"));

        // claimsDelivery=id_token (the default): every claim of the configured scopes and claims, one by one
        assertEquals("openid service:EIDHUB_TEST", itsmeScope(itsme));
        Set<String> asked = itsmeClaimsAsked(itsme).keySet();
        assertTrue(asked.containsAll(List.of("given_name", "email", "address", ITSME_CLAIM_PREFIX + "BENationalNumber", ITSME_CLAIM_PREFIX + "IDDocumentSN",
                ITSME_CLAIM_PREFIX + "place_of_birth", ITSME_CLAIM_PREFIX + "claim_citizenship_as_iso", ITSME_CLAIM_PREFIX + "verificationDate")), asked.toString());
    }

    @Test
    void storeClaimsSessionKeepsTheClaimsInTheSessionOnly(TestRealm realm) throws Exception {
        ClaimScopes.install(realm);
        Map<String, String> config = new java.util.HashMap<>(IDENTITY_BROKER);
        config.put("storeClaims", "session");
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm).createBroker(config);

        AuthRequest request = realm.authRequest().idpHint(ALIAS).scope("openid verified_claims");
        Tokens tokens = request.finish(itsme.login(new Browser(), request, "alice"));
        assertEquals("Alice", object(object(tokens.idClaim("verified_claims")).get("claims")).get("given_name"));

        // a second login of the same person: found by the link, still nothing written, the token still carries the claims
        AuthRequest again = realm.authRequest().idpHint(ALIAS).scope("openid verified_claims");
        Tokens second = again.finish(itsme.login(new Browser(), again, "alice"));
        assertEquals("85041215636", object(object(ItsmeBroker.list(object(object(second.idClaim("verified_claims"))
                .get("verification")).get("evidence")).get(0)).get("document_details")).get("personal_number"));

        String username = itsme.username("alice");
        UserRepresentation user = realm.user(username);
        assertEquals(username, user.getUsername());
        assertNull(user.getFirstName());
        assertNull(user.getLastName());
        assertNull(user.getEmail());
        assertTrue(realm.attributes(username).isEmpty(), "no eID attribute on the user: " + realm.attributes(username));
        assertEquals(1, realm.federatedIdentities(username).size());
        assertEquals(itsme.sub("alice"), realm.federatedIdentities(username).get(0).getUserId());
        assertEquals(1, realm.users().size());
    }

    @Test
    void anApplicationUsesItsOwnAllowedServiceCode(TestRealm realm) {
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm, SharedSimulator.get(), "SHOP_AGE")
                .createBroker(Map.of("allowedServiceCodes", "SHOP_AGE"));

        ClaimScopes.clientAttribute(realm, "eidhub.itsme.serviceCode", "SHOP_AGE");
        AuthRequest request = realm.authRequest().idpHint(ALIAS);
        request.finish(itsme.login(new Browser(), request, "bob"));
        assertEquals("openid service:SHOP_AGE", itsmeScope(itsme));

        ClaimScopes.clientAttribute(realm, "eidhub.itsme.serviceCode", "NOT_ALLOWED");
        SimulatorControl.AuthorizationRecord before = itsme.control().lastAuthorizationRequest("itsme");
        Page refused = realm.authRequest().idpHint(ALIAS).start(new Browser());
        assertEquals(400, refused.status(), refused.describe());
        assertTrue(refused.isKeycloakErrorPage(), refused.describe());
        assertTrue(refused.feedbackText().orElse("").contains("not allowed to sign in with itsme"), refused.describe());
        assertEquals(before, itsme.control().lastAuthorizationRequest("itsme"), "itsme was not asked");
        assertEquals("service_code_not_allowed", realm.events("IDENTITY_PROVIDER_LOGIN_ERROR").get(0).getDetails().get("reason"),
                realm.describeEvents());
    }
}
