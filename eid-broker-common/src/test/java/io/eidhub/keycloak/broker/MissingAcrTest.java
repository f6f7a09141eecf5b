package io.eidhub.keycloak.broker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MissingAcrTest {

    private static final AcrLevels LEVELS = AcrLevels.ordered("loa-2", "loa-3", "loa-4");

    @Test
    void eachPolicyHasItsStandIn() {
        assertNull(MissingAcr.REFUSE.standIn(LEVELS, "loa-3"));
        assertEquals("loa-2", MissingAcr.LOWEST.standIn(LEVELS, "loa-4"));
        assertEquals("loa-3", MissingAcr.REQUESTED.standIn(LEVELS, "loa-3"));
        assertEquals("loa-3", MissingAcr.REQUESTED.standIn(LEVELS, "LOA-3"), "canonical spelling");
        assertNull(MissingAcr.REQUESTED.standIn(LEVELS, null), "nothing asked, nothing stands in");
        assertNull(MissingAcr.REQUESTED.standIn(LEVELS, "loa-9"));
    }

    @Test
    void storedValuesParse() {
        assertEquals(MissingAcr.LOWEST, MissingAcr.of(" Lowest "));
        assertEquals(MissingAcr.NAMES, java.util.Arrays.stream(MissingAcr.values()).map(MissingAcr::value).toList());
        assertThrows(IllegalArgumentException.class, () -> MissingAcr.of("accept"));
        assertThrows(IllegalArgumentException.class, () -> MissingAcr.of(null));
    }
}
