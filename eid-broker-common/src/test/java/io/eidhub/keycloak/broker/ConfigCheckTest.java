package io.eidhub.keycloak.broker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ConfigCheckTest {

    private final ConfigCheck check = new ConfigCheck("itsme");

    @Test
    void namesTheProviderTheFieldAndTheReason() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> check.required("serviceCode", " "));
        assertEquals("Invalid itsme configuration: 'serviceCode' is required", e.getMessage());
    }

    @Test
    void listsTheAllowedValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> check.oneOf("environment", "staging", List.of("e2e", "prd")));
        assertEquals("Invalid itsme configuration: 'environment' must be one of e2e, prd (got 'staging')", e.getMessage());
    }

    @Test
    void acceptsOnlyAbsoluteHttpUrls() {
        assertDoesNotThrow(() -> check.url("metadataUrl", "http://127.0.0.1:8099/v2/.well-known/openid-configuration", null));
        assertThrows(IllegalArgumentException.class, () -> check.url("metadataUrl", "not a url", null));
        assertThrows(IllegalArgumentException.class, () -> check.url("metadataUrl", "/relative", null));
        assertThrows(IllegalArgumentException.class, () -> check.url("metadataUrl", "file:///etc/passwd", null));
    }
}
