package io.eidhub.keycloak.broker;

import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.crypto.CekManagementProvider;
import org.keycloak.crypto.ContentEncryptionProvider;
import org.keycloak.crypto.KeyType;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.JOSEParser;
import org.keycloak.jose.jwe.JWE;
import org.keycloak.jose.jwe.JWEConstants;
import org.keycloak.jose.jwe.JWEException;
import org.keycloak.jose.jwe.JWEHeader;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * JWEs encrypted to one of the realm's RSA encryption keys with {@code RSA-OAEP} or {@code RSA-OAEP-256}, whatever
 * algorithm that key is labelled with. Keycloak's broker looks the key up by {@code kid} <em>and</em> the JWE's
 * {@code alg}, so a token encrypted with RSA-OAEP-256 to a key labelled RSA-OAEP (the realm's generated default) finds
 * no key, although the key pair is the same; itsme may pick either algorithm and any of the RP's {@code use=enc}
 * keys. The algorithms stay an explicit list; decryption itself is Keycloak's (its CEK management and content
 * encryption providers).
 */
final class RealmKeyDecryption {

    /** The key management algorithms decrypted here, with any RSA key labelled with one of them. */
    static final List<String> ALGORITHMS = List.of(JWEConstants.RSA_OAEP, JWEConstants.RSA_OAEP_256);

    private RealmKeyDecryption() {
    }

    /** Whether the token is a JWE whose key management algorithm is one of {@link #ALGORITHMS}. */
    static boolean applies(String encodedToken) {
        try {
            return JOSEParser.parse(encodedToken) instanceof JWE jwe && ALGORITHMS.contains(jwe.getHeader().getRawAlgorithm());
        } catch (RuntimeException e) {
            return false;
        }
    }

    /**
     * The decrypted content, with the realm's {@code use=enc} RSA key of the JWE's {@code kid} (every such key when
     * the JWE names none); fails with an {@link IdentityBrokerException} when no key decrypts it.
     */
    static String decrypt(KeycloakSession session, RealmModel realm, String encodedToken) {
        JWEHeader header = (JWEHeader) ((JWE) JOSEParser.parse(encodedToken)).getHeader();
        CekManagementProvider keyManagement = session.getProvider(CekManagementProvider.class, header.getRawAlgorithm());
        String enc = header.getEncryptionAlgorithm();
        ContentEncryptionProvider contentEncryption = enc == null ? null : session.getProvider(ContentEncryptionProvider.class, enc);
        if (keyManagement == null || contentEncryption == null) {
            throw new IdentityBrokerException("Unsupported JWE algorithms " + header.getRawAlgorithm() + " / " + enc);
        }
        List<KeyWrapper> keys = candidates(session, realm, header.getKeyId());
        for (KeyWrapper key : keys) {
            try {
                JWE jwe = (JWE) JOSEParser.parse(encodedToken);
                jwe.getKeyStorage().setDecryptionKey(key.getPrivateKey());
                jwe.verifyAndDecodeJwe(encodedToken, keyManagement.jweAlgorithmProvider(), contentEncryption.jweEncryptionProvider());
                return new String(jwe.getContent(), StandardCharsets.UTF_8);
            } catch (JWEException | RuntimeException e) {
                // another key without kid may fit; with a kid there is only one candidate
            }
        }
        throw new IdentityBrokerException(keys.isEmpty() ? "No realm encryption key for the token's kid" : "Could not decrypt the token");
    }

    /** The realm's enabled RSA {@code use=enc} keys with a private key and an algorithm of {@link #ALGORITHMS}. */
    private static List<KeyWrapper> candidates(KeycloakSession session, RealmModel realm, String kid) {
        return session.keys().getKeysStream(realm)
                .filter(key -> KeyUse.ENC.equals(key.getUse()) && KeyType.RSA.equals(key.getType()))
                .filter(key -> key.getPrivateKey() != null && ALGORITHMS.contains(key.getAlgorithm()))
                .filter(key -> kid == null || kid.equals(key.getKid()))
                .toList();
    }
}
