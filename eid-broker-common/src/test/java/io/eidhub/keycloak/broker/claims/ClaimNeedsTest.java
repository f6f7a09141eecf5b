package io.eidhub.keycloak.broker.claims;

import io.eidhub.keycloak.broker.claims.ClaimNeeds.Need;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ClaimNeedsTest {

    @Test
    void noHubScopeIsNotApplicationScoped() {
        for (String scope : new String[]{null, "", "openid", "openid roles web-origins offline_access"}) {
            ClaimNeeds needs = ClaimNeeds.of(scope, null);
            assertFalse(needs.applicationScoped(), String.valueOf(scope));
            assertTrue(needs.needs().isEmpty(), String.valueOf(scope));
        }
    }

    @Test
    void ageAloneNeedsTheAgeAlone() {
        ClaimNeeds needs = ClaimNeeds.of("openid age", null);
        assertTrue(needs.applicationScoped());
        assertEquals(Set.of(Need.AGE_OVER_18), needs.needs());
    }

    @Test
    void eachScopeNeedsItsClaims() {
        assertEquals(EnumSet.of(Need.GIVEN_NAME, Need.FAMILY_NAME, Need.BIRTHDATE), ClaimNeeds.of("openid profile", null).needs());
        assertEquals(EnumSet.of(Need.ADDRESS), ClaimNeeds.of("address", null).needs());
        assertEquals(EnumSet.of(Need.NATIONAL_NUMBER, Need.CARD_NUMBER), ClaimNeeds.of("openid eid", null).needs());
        assertEquals(EnumSet.of(Need.EMAIL, Need.AGE_OVER_18), ClaimNeeds.of("email  age", null).needs());
        assertEquals(EnumSet.of(Need.GIVEN_NAME, Need.FAMILY_NAME, Need.BIRTHDATE, Need.PLACE_OF_BIRTH, Need.NATIONALITIES,
                Need.ADDRESS, Need.NATIONAL_NUMBER, Need.DOCUMENT), ClaimNeeds.of("openid verified_claims", null).needs());
    }

    @Test
    void verifiedClaimsRequestNarrowsToItsMembersAndTheDocument() {
        String claims = "{\"id_token\":{\"verified_claims\":{\"verification\":{\"trust_framework\":null},"
                + "\"claims\":{\"given_name\":null,\"birthdate\":{\"essential\":true}}}}}";
        ClaimNeeds needs = ClaimNeeds.of("openid", claims);
        assertTrue(needs.applicationScoped());
        assertEquals(EnumSet.of(Need.GIVEN_NAME, Need.BIRTHDATE, Need.DOCUMENT), needs.needs());
    }

    @Test
    void aVerifiedClaimsRequestNarrowsTheVerifiedClaimsScope() {
        String claims = "{\"id_token\":{\"verified_claims\":{\"claims\":{\"given_name\":null}}}}";
        assertEquals(EnumSet.of(Need.GIVEN_NAME, Need.DOCUMENT), ClaimNeeds.of("openid verified_claims", claims).needs());
        // other scopes still count
        assertEquals(EnumSet.of(Need.GIVEN_NAME, Need.DOCUMENT, Need.AGE_OVER_18), ClaimNeeds.of("openid verified_claims age", claims).needs());
    }

    @Test
    void personalNumberIsNeededOnlyWhenTheVerificationRequestNamesIt() {
        String claims = "{\"userinfo\":{\"verified_claims\":{\"verification\":{\"trust_framework\":null,"
                + "\"evidence\":[{\"type\":{\"value\":\"document\"},\"document_details\":{\"personal_number\":null}}]},"
                + "\"claims\":{\"family_name\":null}}}}";
        assertEquals(EnumSet.of(Need.FAMILY_NAME, Need.DOCUMENT, Need.NATIONAL_NUMBER), ClaimNeeds.of(null, claims).needs());
    }

    @Test
    void plainClaimsOfTheClaimsParameterCount() {
        ClaimNeeds needs = ClaimNeeds.of("openid", "{\"id_token\":{\"age_over_18\":null,\"acr\":{\"essential\":true}}}");
        assertTrue(needs.applicationScoped());
        assertEquals(EnumSet.of(Need.AGE_OVER_18), needs.needs());
    }

    @Test
    void unreadableClaimsParameterIsIgnored() {
        for (String claims : new String[]{"{not json", "[1,2]", "\"text\"", "{\"id_token\":[]}", "{\"id_token\":{\"acr\":null}}"}) {
            assertFalse(ClaimNeeds.of("openid", claims).applicationScoped(), claims);
        }
        assertEquals(EnumSet.of(Need.AGE_OVER_18), ClaimNeeds.of("age", "{broken").needs());
    }
}
