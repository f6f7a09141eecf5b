package io.eidhub.keycloak.itsme;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItsmeClaimsTest {

    @Test
    void shortAndFullNamesFindTheSameClaim() {
        ItsmeClaims.Claim claim = ItsmeClaims.find("BENationalNumber").orElseThrow();
        assertEquals("http://itsme.services/v2/claim/BENationalNumber", claim.name());
        assertEquals("itsme_national_number", claim.attribute());
        assertEquals(claim, ItsmeClaims.find("http://itsme.services/v2/claim/BENationalNumber").orElseThrow());
        assertEquals(claim, ItsmeClaims.find(" benationalnumber ").orElseThrow());
        assertEquals("birthdate", ItsmeClaims.find("birthdate").orElseThrow().name());
        assertEquals(Optional.empty(), ItsmeClaims.find("shoeSize"));
    }

    @Test
    void namedAttributes() {
        assertEquals("itsme_eid_card_number", ItsmeClaims.find("BEeidSn").orElseThrow().attribute());
        assertEquals("itsme_citizenship", ItsmeClaims.find("claim_citizenship").orElseThrow().attribute());
        assertEquals("itsme_place_of_birth", ItsmeClaims.find("place_of_birth").orElseThrow().attribute());
        assertEquals("itsme_birthdate", ItsmeClaims.find("birthdate").orElseThrow().attribute());
    }

    @Test
    void eidScopeReturnsTheBelgianIdentifiers() {
        assertEquals(List.of("http://itsme.services/v2/claim/BENationalNumber", "http://itsme.services/v2/claim/BEeidSn"),
                ItsmeClaims.ofScope("eid").stream().map(ItsmeClaims.Claim::name).toList());
    }

    @Test
    void configuredListsAcceptCommasSpacesAndHashes() {
        assertEquals(List.of("a", "b", "c", "d"), ItsmeClaims.split("a, b##c d"));
        assertEquals(2, ItsmeClaims.resolve("BENationalNumber, http://itsme.services/v2/claim/BENationalNumber, birthdate").size());
        assertEquals(Optional.of("nope"), ItsmeClaims.firstUnknown("birthdate, nope"));
        assertTrue(ItsmeClaims.split(null).isEmpty());
    }

    @Test
    void namesAndAttributesAreUnique() {
        List<ItsmeClaims.Claim> all = ItsmeClaims.all();
        assertEquals(all.size(), all.stream().map(ItsmeClaims.Claim::name).distinct().count());
        // one attribute per claim, except Slovenia's national number, which itsme documents under two names
        assertEquals(all.size() - 1, all.stream().map(ItsmeClaims.Claim::attribute).distinct().count());
        assertEquals(ItsmeClaims.find("SINationalNumber").orElseThrow().attribute(),
                ItsmeClaims.find("SVNationalNumber").orElseThrow().attribute());
        assertTrue(ItsmeClaims.names().contains("http://itsme.services/v2/claim/place_of_birth"));
        assertTrue(ItsmeClaims.names().contains("given_name"));
    }
}
