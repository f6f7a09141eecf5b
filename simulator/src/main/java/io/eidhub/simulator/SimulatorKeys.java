package io.eidhub.simulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The simulator's own RSA keys. Keys are generated once per JVM and shared by every simulator instance in it, so a
 * relying party that caches JWKS by {@code kid} (Keycloak does) keeps working across simulator restarts within one
 * test JVM. With a keys file the keys also survive process restarts (private JWKS, created when missing).
 */
final class SimulatorKeys {

    private static final Map<String, RSAKey> JVM_KEYS = new ConcurrentHashMap<>();
    private static volatile RSAKey rogueKey;

    private final Path file;
    private final Map<String, RSAKey> fromFile = new LinkedHashMap<>();

    private SimulatorKeys(Path file) {
        this.file = file;
    }

    static SimulatorKeys open(Path file) {
        SimulatorKeys keys = new SimulatorKeys(file);
        if (file != null && Files.exists(file)) {
            try {
                for (JWK jwk : JWKSet.parse(Files.readString(file, StandardCharsets.UTF_8)).getKeys()) {
                    if (jwk instanceof RSAKey rsa && rsa.isPrivate() && rsa.getKeyID() != null) {
                        keys.fromFile.put(rsa.getKeyID(), rsa);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read keys file " + file, e);
            } catch (ParseException e) {
                throw new IllegalArgumentException("invalid keys file " + file + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }

    RSAKey signingKey(String kid) {
        return key(kid, KeyUse.SIGNATURE);
    }

    RSAKey encryptionKey(String kid) {
        return key(kid, KeyUse.ENCRYPTION);
    }

    /** Writes the keys used so far to the keys file (no-op without one). */
    void save() {
        if (file == null) {
            return;
        }
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, new JWKSet(new ArrayList<JWK>(fromFile.values())).toString(false),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write keys file " + file, e);
        }
    }

    /** A key that is published nowhere (for the {@code unknown_kid} fault). */
    static RSAKey rogueKey() {
        if (rogueKey == null) {
            synchronized (SimulatorKeys.class) {
                if (rogueKey == null) {
                    rogueKey = generate("rogue-" + UUID.randomUUID().toString().substring(0, 8), KeyUse.SIGNATURE);
                }
            }
        }
        return rogueKey;
    }

    private synchronized RSAKey key(String kid, KeyUse use) {
        RSAKey key = fromFile.get(kid);
        if (key == null) {
            key = file != null ? generate(kid, use) : JVM_KEYS.computeIfAbsent(kid, k -> generate(k, use));
            if (file != null) {
                fromFile.put(kid, key);
            }
        }
        return key;
    }

    private static RSAKey generate(String kid, KeyUse use) {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID(kid)
                    .keyUse(use)
                    .algorithm(use == KeyUse.SIGNATURE ? JWSAlgorithm.RS256 : JWEAlgorithm.RSA_OAEP_256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }
}
