package io.eidhub.keycloak.itsme;

import org.junit.jupiter.api.Test;
import org.keycloak.broker.provider.IdentityBrokerException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItsmeEncryptionKeyTest {

    @Test
    void keyManagementPrefersRsaOaep256() {
        assertEquals("RSA-OAEP-256", ItsmeEncryptionKey.keyManagementAlgorithm(null, List.of()));
        assertEquals("RSA-OAEP-256", ItsmeEncryptionKey.keyManagementAlgorithm(null, List.of("RSA-OAEP", "RSA-OAEP-256")));
        assertEquals("RSA-OAEP", ItsmeEncryptionKey.keyManagementAlgorithm(null, List.of("RSA-OAEP", "RSA1_5")));
    }

    @Test
    void theKeysOwnAlgorithmWins() {
        assertEquals("RSA-OAEP", ItsmeEncryptionKey.keyManagementAlgorithm("RSA-OAEP", List.of("RSA-OAEP-256")));
        assertEquals("RSA-OAEP-256", ItsmeEncryptionKey.keyManagementAlgorithm("RSA-OAEP-256", List.of()));
        assertEquals("RSA-OAEP-256", ItsmeEncryptionKey.keyManagementAlgorithm("RS256", List.of()));
    }

    @Test
    void noRsaOaepAdvertisedFails() {
        assertThrows(IdentityBrokerException.class, () -> ItsmeEncryptionKey.keyManagementAlgorithm(null, List.of("RSA1_5")));
    }

    @Test
    void contentEncryption() {
        assertEquals("A128CBC-HS256", ItsmeEncryptionKey.contentEncryptionAlgorithm(List.of()));
        assertEquals("A128CBC-HS256", ItsmeEncryptionKey.contentEncryptionAlgorithm(List.of("A256GCM", "A128CBC-HS256")));
        assertEquals("A256GCM", ItsmeEncryptionKey.contentEncryptionAlgorithm(List.of("A256GCM")));
        assertThrows(IdentityBrokerException.class, () -> ItsmeEncryptionKey.contentEncryptionAlgorithm(List.of("XYZ")));
    }

    @Test
    void fetchedKeysExpire() {
        assertEquals(1_000_000L + 600_000L, ItsmeEncryptionKey.expiry(1_000_000L));
    }

    @Test
    void theCacheKeyChangesWithTheJwksUrlAndTheConfigurationButNotTheSecret() {
        java.util.Map<String, String> config = new java.util.HashMap<>(java.util.Map.of("environment", "e2e", "clientId", "c1", "clientSecret", "s1"));
        String key = ItsmeEncryptionKey.cacheKey("realm", "broker", config, "https://idp.e2e.itsme.services/v2/jwkSet");
        assertTrue(key.startsWith("realm::idp::broker::keyuse::enc::"), key);
        assertEquals(key, ItsmeEncryptionKey.cacheKey("realm", "broker", new java.util.TreeMap<>(config), "https://idp.e2e.itsme.services/v2/jwkSet"));
        assertNotEquals(key, ItsmeEncryptionKey.cacheKey("realm", "broker", config, "https://idp.prd.itsme.services/v2/jwkSet"));
        config.put("environment", "prd");
        String changed = ItsmeEncryptionKey.cacheKey("realm", "broker", config, "https://idp.e2e.itsme.services/v2/jwkSet");
        assertNotEquals(key, changed);
        config.put("clientSecret", "s2");
        assertEquals(changed, ItsmeEncryptionKey.cacheKey("realm", "broker", config, "https://idp.e2e.itsme.services/v2/jwkSet"));
        assertFalse(changed.contains("s2"));
    }
}
