package io.eidhub.keycloak.broker;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoaRequestTest {

    @Test
    void notesAreRead() {
        assertEquals(new LoaRequest(3, true), LoaRequest.of("3", "true"));
        assertEquals(new LoaRequest(2, false), LoaRequest.of("2", null));
        assertEquals(LoaRequest.NONE, LoaRequest.of(null, null));
        assertEquals(LoaRequest.NONE, LoaRequest.of("x", "true"), "an unreadable level is no request");
        assertEquals(LoaRequest.NONE, LoaRequest.of(null, "true"));
        assertFalse(LoaRequest.of("0", null).present());
        assertTrue(LoaRequest.of("1", null).present());
    }

    @Test
    void onlyAnEssentialLevelAboveTheAchievedOneIsUnmet() {
        assertTrue(new LoaRequest(3, true).unmetBy(2));
        assertFalse(new LoaRequest(3, true).unmetBy(3));
        assertFalse(new LoaRequest(3, true).unmetBy(4));
        assertFalse(new LoaRequest(3, false).unmetBy(2), "acr_values: the application gets the lower level");
        assertFalse(LoaRequest.NONE.unmetBy(1));
    }
}
