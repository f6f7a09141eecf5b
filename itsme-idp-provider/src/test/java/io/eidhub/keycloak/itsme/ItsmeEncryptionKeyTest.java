package io.eidhub.keycloak.itsme;

import org.junit.jupiter.api.Test;
import org.keycloak.broker.provider.IdentityBrokerException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
