package io.eidhub.keycloak.itsme;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItsmeClaimSelectionTest {

    private static final String ISM = ItsmeClaims.PREFIX;
    private static final List<String> PROFILE_EMAIL = List.of("profile", "email");

    private static List<String> names(Optional<List<ItsmeClaims.Claim>> selected) {
        return selected.orElseThrow().stream().map(ItsmeClaims.Claim::name).toList();
    }

    @Test
    void withoutApplicationScopeTheConfiguredRequestStays() {
        assertTrue(ItsmeClaimSelection.select("openid", null, PROFILE_EMAIL, List.of()).isEmpty());
        assertTrue(ItsmeClaimSelection.select(null, null, PROFILE_EMAIL, ItsmeClaims.resolve("BENationalNumber")).isEmpty());
    }

    @Test
    void ageAloneAsksAgeGte18Only() {
        assertEquals(List.of("age_gte_18"), names(ItsmeClaimSelection.select("openid age", null, PROFILE_EMAIL, List.of())));
        assertEquals(List.of("age_gte_18"), names(ItsmeClaimSelection.select("age", null, List.of(), ItsmeClaims.resolve("age_gte_18"))));
    }

    @Test
    void ageFallsBackToTheBirthDateOrNothing() {
        // allowed birth date: the age flag is allowed too (it tells less)
        assertEquals(List.of("age_gte_18"), names(ItsmeClaimSelection.select("age", null, List.of(), ItsmeClaims.resolve("birthdate"))));
        // neither allowed: nothing is asked
        assertEquals(List.of(), names(ItsmeClaimSelection.select("age", null, List.of("email"), List.of())));
    }

    @Test
    void neverMoreThanConfigured() {
        // eid is not configured: the national number is not asked even though the application wants it
        assertEquals(List.of("given_name", "family_name", "birthdate"),
                names(ItsmeClaimSelection.select("openid profile eid", null, PROFILE_EMAIL, List.of())));
        assertEquals(List.of("given_name", "family_name", "birthdate", ISM + "BENationalNumber", ISM + "BEeidSn"),
                names(ItsmeClaimSelection.select("openid profile eid", null, List.of("profile", "eid"), List.of())));
    }

    @Test
    void verifiedClaimsAskWhatTheMapperNeeds() {
        List<String> scopes = List.of("profile", "address", "eid", "idDocument");
        List<ItsmeClaims.Claim> claims = ItsmeClaims.resolve("place_of_birth, claim_citizenship_as_iso, verificationDate");
        assertEquals(List.of("given_name", "family_name", "birthdate", "address", ISM + "BENationalNumber",
                        ISM + "IDDocumentSN", ISM + "IDDocumentType", ISM + "IDIssuingCountry", ISM + "validityFrom",
                        ISM + "validityTo", ISM + "claim_citizenship_as_iso", ISM + "place_of_birth", ISM + "verificationDate"),
                names(ItsmeClaimSelection.select("openid verified_claims", null, scopes, claims)));
        String onlyNames = "{\"id_token\":{\"verified_claims\":{\"claims\":{\"given_name\":null,\"family_name\":null}}}}";
        assertEquals(List.of("given_name", "family_name", ISM + "IDDocumentSN", ISM + "IDDocumentType", ISM + "IDIssuingCountry",
                        ISM + "validityFrom", ISM + "validityTo", ISM + "verificationDate"),
                names(ItsmeClaimSelection.select("openid", onlyNames, scopes, claims)));
    }
}
