package io.eidhub.keycloak.itsme;

import io.eidhub.keycloak.broker.AcrLevels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItsmeAcrAndLocaleTest {

    private static final AcrLevels LEVELS = ItsmeIdentityProviderConfig.ACR_LEVELS;
    private static final String BASIC = ItsmeIdentityProviderConfig.ACR_BASIC;
    private static final String ADVANCED = ItsmeIdentityProviderConfig.ACR_ADVANCED;

    @Test
    void basicIsBelowAdvanced() {
        assertTrue(LEVELS.satisfies(BASIC, BASIC));
        assertTrue(LEVELS.satisfies(ADVANCED, BASIC));
        assertTrue(LEVELS.satisfies(ADVANCED, ADVANCED));
        assertFalse(LEVELS.satisfies(BASIC, ADVANCED));
    }

    @Test
    void upperCaseV2IsTheSameLevel() {
        assertTrue(LEVELS.satisfies("http://itsme.services/V2/claim/acr_advanced", ADVANCED));
        assertEquals(ADVANCED, LEVELS.canonical("http://itsme.services/V2/claim/acr_advanced"));
    }

    @Test
    void missingOrUnknownAcrNeverSatisfies() {
        assertFalse(LEVELS.satisfies(null, BASIC));
        assertFalse(LEVELS.satisfies("tag:sixdots.be,2016-06:acr_basic", BASIC));
        assertFalse(LEVELS.satisfies("", BASIC));
    }
}
