package io.eidhub.keycloak.itsme;

import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.crypto.KeyType;
import org.keycloak.crypto.KeyUse;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.jose.jwe.JWEConstants;
import org.keycloak.jose.jwk.JWK;
import org.keycloak.keys.PublicKeyLoader;
import org.keycloak.keys.PublicKeyStorageProvider;
import org.keycloak.keys.PublicKeyStorageUtils;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.utils.JWKSHttpUtils;
import org.keycloak.util.JWKSUtils;

import java.util.List;

/**
 * itsme's RSA encryption key ({@code use=enc} in its JWKS), which request objects are encrypted to. The key set is
 * fetched with Keycloak's HTTP client and kept in Keycloak's public key storage under a key of its own (beside the
 * signature keys Keycloak caches for the broker), so it is not fetched per login.
 */
final class ItsmeEncryptionKey {

    /** Preferred key management algorithm (itsme's JOSE page: "SHOULD be RSA-OAEP-256"). */
    static final String RSA_OAEP_256 = JWEConstants.RSA_OAEP_256;
    static final String RSA_OAEP = JWEConstants.RSA_OAEP;
    /** Content encryption algorithm itsme's examples use. */
    static final String A128CBC_HS256 = JWEConstants.A128CBC_HS256;

    private ItsmeEncryptionKey() {
    }

    /** The first RSA encryption key of the JWKS at {@code jwksUrl}, cached per realm and broker. */
    static KeyWrapper find(KeycloakSession session, String realmId, String brokerId, String jwksUrl) {
        PublicKeyStorageProvider storage = session.getProvider(PublicKeyStorageProvider.class);
        String modelKey = PublicKeyStorageUtils.getIdpModelCacheKey(realmId, brokerId) + "::keyuse::" + JWK.Use.ENCRYPTION.asString();
        PublicKeyLoader loader = () -> JWKSUtils.getKeyWrappersForUse(JWKSHttpUtils.sendJwksRequest(session, jwksUrl), JWK.Use.ENCRYPTION);
        KeyWrapper key = storage.getFirstPublicKey(modelKey,
                candidate -> KeyUse.ENC.equals(candidate.getUse()) && KeyType.RSA.equals(candidate.getType()), loader);
        if (key == null || key.getPublicKey() == null) {
            throw new IdentityBrokerException("itsme publishes no RSA encryption key in " + jwksUrl);
        }
        return key;
    }

    /**
     * The key management algorithm for a key: the key's own {@code alg} when it names an RSA-OAEP variant, otherwise
     * RSA-OAEP-256 unless the discovery document lists only RSA-OAEP.
     *
     * @param keyAlgorithm the {@code alg} of the JWK, or null
     * @param supported    {@code request_object_encryption_alg_values_supported} (may be empty)
     */
    static String keyManagementAlgorithm(String keyAlgorithm, List<String> supported) {
        if (RSA_OAEP_256.equals(keyAlgorithm) || RSA_OAEP.equals(keyAlgorithm)) {
            return keyAlgorithm;
        }
        if (supported.isEmpty() || supported.contains(RSA_OAEP_256)) {
            return RSA_OAEP_256;
        }
        if (supported.contains(RSA_OAEP)) {
            return RSA_OAEP;
        }
        throw new IdentityBrokerException("itsme advertises no RSA-OAEP request object encryption: " + supported);
    }

    /**
     * The content encryption algorithm: A128CBC-HS256 unless the discovery document lists others only, then the first
     * of those Keycloak knows.
     *
     * @param supported {@code request_object_encryption_enc_values_supported} (may be empty)
     */
    static String contentEncryptionAlgorithm(List<String> supported) {
        if (supported.isEmpty() || supported.contains(A128CBC_HS256)) {
            return A128CBC_HS256;
        }
        return supported.stream()
                .filter(enc -> List.of(JWEConstants.A256GCM, JWEConstants.A192GCM, JWEConstants.A128GCM,
                        JWEConstants.A256CBC_HS512, JWEConstants.A192CBC_HS384).contains(enc))
                .findFirst()
                .orElseThrow(() -> new IdentityBrokerException("itsme advertises no supported request object content encryption: " + supported));
    }
}
