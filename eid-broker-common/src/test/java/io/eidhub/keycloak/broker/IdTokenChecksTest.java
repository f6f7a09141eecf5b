package io.eidhub.keycloak.broker;

import org.junit.jupiter.api.Test;
import org.keycloak.broker.provider.IdentityBrokerException;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Keycloak 26.7's validation messages map to the names of the checks (the messages themselves are never logged). */
class IdTokenChecksTest {

    private static String check(String message) {
        return IdTokenChecks.of(new IdentityBrokerException(message));
    }

    @Test
    void keycloakMessagesNameTheirCheck() {
        assertEquals("iss", check("Wrong issuer from token. Got: https://evil.example expected: https://op.example"));
        assertEquals("aud", check("Wrong audience from token."));
        assertEquals("azp", check("Token issued for does not match client id"));
        assertEquals("exp", check("Token is no longer valid"));
        assertEquals("signature", check("token signature validation failed"));
        assertEquals("not_signed", check("Token is not a signed JWS"));
        assertEquals("not_signed", check("Invalid token type"));
        assertEquals("decryption", check("Private key not found in the realm to decrypt token algorithm RSA-OAEP"));
        assertEquals("decryption", check("Could not decrypt the dir-encrypted token"));
        assertEquals("missing", check("No token from server."));
        assertEquals("unknown", check("something new"));
        assertEquals("unknown", IdTokenChecks.of(new IdentityBrokerException(null)));
    }

    @Test
    void invalidTokenIsFormatForJsonAndDecryptionOtherwise() {
        assertEquals("format", IdTokenChecks.of(new IdentityBrokerException("Invalid token", new IOException("json"))));
        assertEquals("decryption", IdTokenChecks.of(new IdentityBrokerException("Invalid token", new RuntimeException("jwe"))));
    }
}
