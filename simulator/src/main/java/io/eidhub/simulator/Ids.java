package io.eidhub.simulator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;

/** Random identifiers, hashes and subject derivation. */
final class Ids {

    private static final SecureRandom RANDOM = new SecureRandom();

    private Ids() {
    }

    /** base64url (no padding) of {@code bytes} random bytes. */
    static String random(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] sha256(String s) {
        return sha256(s.getBytes(StandardCharsets.UTF_8));
    }

    /** PKCE S256: base64url(SHA-256(ASCII(verifier))). */
    static String s256(String verifier) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(sha256(verifier.getBytes(StandardCharsets.US_ASCII)));
    }

    /** Pairwise subject, stable per person and client, in the provider's scheme ({@link SimulatedProvider#subject}). */
    static String subject(String provider, String clientId, String personId) {
        return SimulatedProviders.byId(provider).subject(clientId, personId);
    }

    /** OIDC at_hash for RS256: base64url of the left half of SHA-256 of the access token. */
    static String atHash(String accessToken) {
        byte[] hash = sha256(accessToken.getBytes(StandardCharsets.US_ASCII));
        byte[] left = new byte[hash.length / 2];
        System.arraycopy(hash, 0, left, 0, left.length);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(left);
    }

    /** Constant-time string comparison. */
    static boolean safeEquals(String a, String b) {
        if (a == null || b == null) {
            return false;
        }
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
