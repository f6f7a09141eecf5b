package io.eidhub.it.hostile;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The log check finds whole secrets and their long segments, and reports them masked. */
class SecretsTest {

    private static final String HEADER = "eyJhbGciOiJSUzI1NiIsImtpZCI6Iml0c21lLXNpZy0xIn0";
    private static final String PAYLOAD = "eyJzdWIiOiJhbGljZSIsImF1ZCI6InBhcnRuZXIiLCJpc3MiOiJodHRwOi8vc2ltIn0";
    private static final String SIGNATURE = "c2lnbmF0dXJlLWJ5dGVzLXRoYXQtYXJlLWxvbmctZW5vdWdoLXRvLWJlLWEtc2VnbWVudA";

    private final Secrets secrets = Secrets.of("client-secret-123", List.of(
            Map.of("kind", "token_request", "code", "code-abcdefghijklmnopqrstuvwxyz0123",
                    "idToken", HEADER + "." + PAYLOAD + "." + SIGNATURE)));

    @Test
    void findsWholeSecretsAndLongSegmentsMasked() {
        List<String> found = secrets.foundIn("ok\nDEBUG token payload " + PAYLOAD + " here\nsecret=client-secret-123\n");
        assertEquals(2, found.size(), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("ID token, segment 2 in line 2") && !f.contains(PAYLOAD)), found.toString());
        assertTrue(found.stream().anyMatch(f -> f.startsWith("client secret in line 3") && !f.contains("client-secret-123")), found.toString());
    }

    @Test
    void cleanTextHasNone() {
        assertTrue(secrets.foundIn("type=\"IDENTITY_PROVIDER_LOGIN_ERROR\", reason=\"invalid_id_token\", check=\"iss\"").isEmpty());
        assertEquals(Map.of("client secret", 1, "authorization code", 1, "ID token", 4), secrets.kinds());
        assertFalse(secrets.foundIn("code-abcdefghijklmnopqrstuvwxyz0123").isEmpty());
    }
}
