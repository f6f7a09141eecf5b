package io.eidhub.keycloak.broker;

import org.keycloak.jose.JOSEParser;
import org.keycloak.jose.jwe.JWE;
import org.keycloak.jose.jwe.JWEConstants;
import org.keycloak.jose.jwe.JWEException;
import org.keycloak.jose.jwe.JWEHeader;
import org.keycloak.jose.jwe.JWEKeyStorage;
import org.keycloak.jose.jwe.alg.JWEAlgorithmProvider;
import org.keycloak.jose.jwe.enc.JWEEncryptionProvider;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.crypto.ContentEncryptionProvider;
import org.keycloak.models.KeycloakSession;

import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Map;

/**
 * JWEs encrypted with {@code alg=dir} under a key derived from the client secret, as OpenID Connect Core §10.2
 * specifies for symmetric encryption: the left-most bits of SHA-256 of the UTF-8 secret, as many as the content
 * encryption algorithm needs. Decryption itself is Keycloak's ({@link JWE} and its content encryption providers).
 */
final class DirectEncryption {

    /** Key length in bytes per supported content encryption algorithm. */
    private static final Map<String, Integer> KEY_BYTES = Map.of(
            JWEConstants.A128GCM, 16,
            JWEConstants.A256GCM, 32,
            JWEConstants.A128CBC_HS256, 32);

    private DirectEncryption() {
    }

    static boolean isDirect(String encodedToken) {
        try {
            return JOSEParser.parse(encodedToken) instanceof JWE jwe
                    && JWEConstants.DIRECT.equals(jwe.getHeader().getRawAlgorithm());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The decrypted content (the nested JWS); fails with an {@link IdentityBrokerException} on any error. */
    static String decrypt(KeycloakSession session, String encodedToken, String clientSecret) {
        try {
            JWE jwe = (JWE) JOSEParser.parse(encodedToken);
            String enc = ((JWEHeader) jwe.getHeader()).getEncryptionAlgorithm();
            Integer length = KEY_BYTES.get(enc);
            ContentEncryptionProvider provider = enc == null ? null : session.getProvider(ContentEncryptionProvider.class, enc);
            JWEEncryptionProvider encryption = provider == null ? null : provider.jweEncryptionProvider();
            if (length == null || encryption == null) {
                throw new IdentityBrokerException("Unsupported content encryption for alg=dir: " + enc);
            }
            byte[] key = Arrays.copyOf(sha256(clientSecret), length);
            jwe.verifyAndDecodeJwe(encodedToken, new DerivedKey(key), encryption);
            return new String(jwe.getContent(), StandardCharsets.UTF_8);
        } catch (JWEException | RuntimeException e) {
            if (e instanceof IdentityBrokerException ibe) {
                throw ibe;
            }
            throw new IdentityBrokerException("Could not decrypt the dir-encrypted token", e);
        }
    }

    static byte[] sha256(String secret) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** "Direct" key agreement: the content encryption key is the derived key itself. */
    private record DerivedKey(byte[] key) implements JWEAlgorithmProvider {
        @Override
        public byte[] decodeCek(byte[] encodedCek, Key encryptionKey, JWEHeader header, JWEEncryptionProvider encryptionProvider) {
            return key.clone();
        }

        @Override
        public byte[] encodeCek(JWEEncryptionProvider encryptionProvider, JWEKeyStorage keyStorage, Key encryptionKey,
                                JWEHeader.JWEHeaderBuilder headerBuilder) {
            throw new UnsupportedOperationException("decryption only");
        }
    }
}
