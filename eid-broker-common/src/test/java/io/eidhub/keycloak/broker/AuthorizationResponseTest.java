package io.eidhub.keycloak.broker;

import jakarta.ws.rs.core.MultivaluedHashMap;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class AuthorizationResponseTest {

    @Test
    void readsCodeAndState() {
        MultivaluedHashMap<String, String> form = new MultivaluedHashMap<>();
        form.add("state", "s-1");
        form.add("code", "c-1");
        form.add("session_state", "ignored");
        AuthorizationResponse response = AuthorizationResponse.fromForm(form);
        assertEquals("s-1", response.state());
        assertEquals("c-1", response.code());
        assertNull(response.error());
        assertNull(response.errorDescription());
    }

    @Test
    void readsError() {
        AuthorizationResponse response = AuthorizationResponse.fromForm(Map.of(
                "state", List.of("s-1"), "error", List.of("access_denied"), "error_description", List.of("User refused")));
        assertEquals("s-1", response.state());
        assertNull(response.code());
        assertEquals("access_denied", response.error());
        assertEquals("User refused", response.errorDescription());
    }

    @Test
    void emptyValuesAndMissingBodyCountAsAbsent() {
        AuthorizationResponse response = AuthorizationResponse.fromForm(Map.of("state", List.of(""), "code", List.of()));
        assertNull(response.state());
        assertNull(response.code());
        assertEquals(new AuthorizationResponse(null, null, null, null), AuthorizationResponse.fromForm(null));
    }

    @Test
    void refusesRepeatedParameters() {
        assertThrows(IllegalArgumentException.class,
                () -> AuthorizationResponse.fromForm(Map.of("state", List.of("a", "b"), "code", List.of("c"))));
        assertThrows(IllegalArgumentException.class,
                () -> AuthorizationResponse.fromForm(Map.of("state", List.of("a"), "code", List.of("c", "d"))));
    }
}
