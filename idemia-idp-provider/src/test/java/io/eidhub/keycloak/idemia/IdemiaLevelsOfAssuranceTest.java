package io.eidhub.keycloak.idemia;

import io.eidhub.keycloak.broker.AcrLevels;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdemiaLevelsOfAssuranceTest {

    private final AcrLevels levels = new IdemiaIdentityProviderConfig().getAcrLevels();

    @Test
    void orderedWeakestFirst() {
        assertEquals(java.util.List.of("loa-2", "loa-3", "loa-4"), levels.values());
        assertTrue(levels.rank("loa-2") < levels.rank("loa-3"));
        assertTrue(levels.rank("loa-3") < levels.rank("loa-4"));
    }

    @Test
    void aLevelSatisfiesItselfAndWeakerMinimums() {
        assertTrue(levels.satisfies("loa-2", "loa-2"));
        assertTrue(levels.satisfies("loa-3", "loa-2"));
        assertTrue(levels.satisfies("loa-4", "loa-2"));
        assertTrue(levels.satisfies("loa-4", "loa-3"));
        assertTrue(levels.satisfies("loa-4", "loa-4"));
    }

    @Test
    void aLowerLevelIsRefused() {
        assertFalse(levels.satisfies("loa-2", "loa-3"));
        assertFalse(levels.satisfies("loa-3", "loa-4"));
        assertFalse(levels.satisfies("loa-2", "loa-4"));
    }

    @Test
    void missingOrUnknownLevelIsRefused() {
        assertFalse(levels.satisfies(null, "loa-2"));
        assertFalse(levels.satisfies("", "loa-2"));
        assertFalse(levels.satisfies("loa-1", "loa-2"));
        assertFalse(levels.satisfies("loa-5", "loa-2"));
        assertFalse(levels.satisfies("urn:idemia:loa:high", "loa-2"));
    }

    @Test
    void configuredMinimumIsTheConfigKey() {
        IdemiaIdentityProviderConfig config = new IdemiaIdentityProviderConfig();
        assertEquals("loa-2", config.getMinimumAcr());
        config.getConfig().put(IdemiaIdentityProviderConfig.LOA, "loa-4");
        assertEquals("loa-4", config.getMinimumAcr());
    }
}
