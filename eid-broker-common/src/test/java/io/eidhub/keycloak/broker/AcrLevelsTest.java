package io.eidhub.keycloak.broker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AcrLevelsTest {

    private final AcrLevels loa = AcrLevels.ordered("loa-2", "loa-3", "loa-4");

    @Test
    void higherOrEqualLevelSatisfiesTheMinimum() {
        assertTrue(loa.satisfies("loa-3", "loa-3"));
        assertTrue(loa.satisfies("loa-4", "loa-2"));
        assertFalse(loa.satisfies("loa-2", "loa-3"));
    }

    @Test
    void missingOrUnknownLevelNeverSatisfies() {
        assertFalse(loa.satisfies(null, "loa-2"));
        assertFalse(loa.satisfies("loa-1", "loa-2"));
        assertFalse(loa.satisfies("", "loa-2"));
        assertEquals(-1, loa.rank("loa-5"));
    }

    @Test
    void comparisonIgnoresCaseAndKeepsTheCanonicalSpelling() {
        AcrLevels itsme = AcrLevels.ordered("http://itsme.services/v2/claim/acr_basic", "http://itsme.services/v2/claim/acr_advanced");
        assertTrue(itsme.satisfies("http://itsme.services/V2/claim/acr_advanced", "http://itsme.services/v2/claim/acr_advanced"));
        assertEquals("http://itsme.services/v2/claim/acr_advanced", itsme.canonical("http://itsme.services/V2/claim/ACR_ADVANCED"));
    }

    @Test
    void anUnknownMinimumIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> loa.satisfies("loa-2", "loa-9"));
        assertThrows(IllegalArgumentException.class, AcrLevels::ordered);
    }
}
