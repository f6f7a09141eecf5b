package io.eidhub.keycloak.itsme;

import io.eidhub.keycloak.broker.EidIdentityProviderConfig;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.common.util.Base64Url;
import org.keycloak.common.util.Time;
import org.keycloak.jose.jws.crypto.HashUtils;
import org.keycloak.crypto.JavaAlgorithm;
import org.keycloak.crypto.PublicKeysWrapper;
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

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * itsme's RSA encryption key ({@code use=enc} in its JWKS), which request objects are encrypted to. The key set is
 * fetched with Keycloak's HTTP client and kept in Keycloak's public key storage under a key of its own (beside the
 * signature keys Keycloak caches for the broker), so it is not fetched per login. It is fetched again
 * <ul>
 *   <li>when it is older than {@link #MAX_AGE_SECONDS} (itsme rotates its keys);</li>
 *   <li>when itsme answered {@code invalid_request_object} ({@link #reload}), at most once per Keycloak's
 *       {@code minTimeBetweenRequests} (10 s by default);</li>
 *   <li>when the JWKS URL or the broker's configuration changed (environment, {@code metadataUrl}, any saved change):
 *       they are part of the cache key ({@link #cacheKey}).</li>
 * </ul>
 */
final class ItsmeEncryptionKey {

    /** Preferred key management algorithm (itsme's JOSE page: "SHOULD be RSA-OAEP-256"). */
    static final String RSA_OAEP_256 = JWEConstants.RSA_OAEP_256;
    static final String RSA_OAEP = JWEConstants.RSA_OAEP;
    /** Content encryption algorithm itsme's examples use. */
    static final String A128CBC_HS256 = JWEConstants.A128CBC_HS256;
    /** How long a fetched encryption key is used before the JWKS is read again. */
    static final int MAX_AGE_SECONDS = 10 * 60;

    private ItsmeEncryptionKey() {
    }

    /** The first RSA encryption key of the JWKS at {@code jwksUrl}, cached per realm, broker and configuration. */
    static KeyWrapper find(KeycloakSession session, String realmId, String brokerId, Map<String, String> brokerConfig, String jwksUrl) {
        PublicKeyStorageProvider storage = session.getProvider(PublicKeyStorageProvider.class);
        KeyWrapper key = storage.getFirstPublicKey(cacheKey(realmId, brokerId, brokerConfig, jwksUrl),
                candidate -> KeyUse.ENC.equals(candidate.getUse()) && KeyType.RSA.equals(candidate.getType()),
                loader(session, jwksUrl));
        if (key == null || key.getPublicKey() == null) {
            throw new IdentityBrokerException("itsme publishes no RSA encryption key in " + jwksUrl);
        }
        return key;
    }

    /** Reads the JWKS again for the next login (Keycloak skips it within {@code minTimeBetweenRequests} of the last read). */
    static void reload(KeycloakSession session, String realmId, String brokerId, Map<String, String> brokerConfig, String jwksUrl) {
        session.getProvider(PublicKeyStorageProvider.class)
                .reloadKeys(cacheKey(realmId, brokerId, brokerConfig, jwksUrl), loader(session, jwksUrl));
    }

    private static PublicKeyLoader loader(KeycloakSession session, String jwksUrl) {
        return () -> {
            PublicKeysWrapper keys = JWKSUtils.getKeyWrappersForUse(JWKSHttpUtils.sendJwksRequest(session, jwksUrl), JWK.Use.ENCRYPTION);
            return new PublicKeysWrapper(keys.getKeys(), expiry(Time.currentTimeMillis()));
        };
    }

    /** When keys fetched at {@code fetchedAtMillis} expire (milliseconds, as Keycloak's key storage reads it). */
    static long expiry(long fetchedAtMillis) {
        return fetchedAtMillis + MAX_AGE_SECONDS * 1000L;
    }

    /**
     * The storage key: Keycloak's key for the broker's keys, the key use, and a digest of the JWKS URL and of the
     * broker's configuration (the client secret left out), so that a saved change of the broker starts afresh.
     */
    static String cacheKey(String realmId, String brokerId, Map<String, String> brokerConfig, String jwksUrl) {
        StringBuilder material = new StringBuilder(jwksUrl);
        new TreeMap<>(brokerConfig).forEach((name, value) -> {
            if (!EidIdentityProviderConfig.CLIENT_SECRET.equals(name)) {
                material.append('\n').append(name).append('=').append(value);
            }
        });
        String digest = Base64Url.encode(HashUtils.hash(JavaAlgorithm.SHA256, material.toString().getBytes(StandardCharsets.UTF_8)));
        return PublicKeyStorageUtils.getIdpModelCacheKey(realmId, brokerId) + "::keyuse::" + JWK.Use.ENCRYPTION.asString() + "::" + digest;
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
