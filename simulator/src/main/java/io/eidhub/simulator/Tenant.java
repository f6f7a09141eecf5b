package io.eidhub.simulator;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

import java.util.ArrayList;
import java.util.List;

/** One simulated OpenID provider (issuer): its provider, its paths and its keys (made from a {@link TenantSpec}). */
final class Tenant {

    final String id;
    final SimulatedProvider provider;
    final String title;
    final String publicBase;
    final String basePath;
    final String discoveryPath;
    final String authorizePath;
    final String tokenPath;
    final String userinfoPath;   // null: no userinfo endpoint
    final String jwksPath;
    final String endSessionPath; // null: no end_session endpoint
    final String revocationPath; // null: no revocation endpoint
    final List<String> authMethods;
    final SigningKeys signingKeys;
    volatile RSAKey encryptionKey;  // null: no encryption key published; replaced by rotateEncryptionKey()
    private int encryptionKeyGeneration = 1;

    private Tenant(SimulatedProvider provider, TenantSpec spec, String publicBase, SimulatorKeys keys) {
        this.id = spec.id();
        this.provider = provider;
        this.title = spec.title();
        this.publicBase = publicBase;
        this.basePath = spec.basePath();
        this.discoveryPath = basePath + spec.discoveryPath();
        this.authorizePath = basePath + spec.authorizePath();
        this.tokenPath = basePath + spec.tokenPath();
        this.userinfoPath = under(basePath, spec.userinfoPath());
        this.jwksPath = basePath + spec.jwksPath();
        this.endSessionPath = under(basePath, spec.endSessionPath());
        this.revocationPath = under(basePath, spec.revocationPath());
        this.authMethods = spec.authMethods();
        this.signingKeys = new SigningKeys(keys.signingKey(spec.signingKid()));
        this.encryptionKey = spec.encryptionKid() == null ? null : keys.encryptionKey(spec.encryptionKid());
    }

    private static String under(String basePath, String path) {
        return path == null ? null : basePath + path;
    }

    /** Every tenant of every simulated provider, in {@link SimulatedProviders#ALL} order. */
    static List<Tenant> all(String publicBase, SimulatorKeys keys) {
        return SimulatedProviders.ALL.stream()
                .flatMap(p -> p.tenants().stream().map(spec -> new Tenant(p, spec, publicBase, keys)))
                .toList();
    }

    String issuer() {
        return publicBase + basePath;
    }

    String url(String path) {
        return path == null ? null : publicBase + path;
    }

    /**
     * Replaces the encryption key by a new one (kid {@code <tenant id>-enc-<n>-<random>}), as a provider that rotates its key:
     * the JWKS publishes only the new key, and request objects encrypted to the old one can no longer be read.
     * Returns the new kid.
     */
    synchronized String rotateEncryptionKey(SimulatorKeys keys) {
        if (encryptionKey == null) {
            throw new IllegalArgumentException(id + " publishes no encryption key");
        }
        encryptionKeyGeneration++;
        encryptionKey = keys.encryptionKey(id + "-enc-" + encryptionKeyGeneration + "-" + Ids.random(6));
        return encryptionKey.getKeyID();
    }

    /** The key new tokens are signed with (see {@link SigningKeys} for rotation). */
    RSAKey signingKey() {
        return signingKeys.current();
    }

    /** Public JWKS: the published signing keys and, for itsme, the encryption key. */
    JWKSet publicJwks() {
        List<JWK> keys = new ArrayList<>();
        signingKeys.published().forEach(k -> keys.add(k.toPublicJWK()));
        if (encryptionKey != null) {
            keys.add(encryptionKey.toPublicJWK());
        }
        return new JWKSet(keys);
    }
}
