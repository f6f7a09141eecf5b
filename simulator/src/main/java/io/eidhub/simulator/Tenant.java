package io.eidhub.simulator;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;

import java.util.ArrayList;
import java.util.List;

/** One simulated OpenID provider (issuer): its paths, its keys and the variant flags. */
final class Tenant {

    static final String ITSME_V2 = "itsme-v2";
    static final String ITSME_CSAPI = "itsme-csapi";
    static final String IDEMIA = "idemia";
    static final String IDEMIA_DC = "idemia-dc";

    final String id;
    final String provider;
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
    final SigningKeys signingKeys;
    volatile RSAKey encryptionKey;  // null: no encryption key published; replaced by rotateEncryptionKey()
    private int encryptionKeyGeneration = 1;

    private Tenant(String id, String provider, String title, String publicBase, String basePath, String discovery,
                   String authorize, String token, String userinfo, String jwks, String endSession, String revocation,
                   RSAKey signingKey, RSAKey encryptionKey) {
        this.id = id;
        this.provider = provider;
        this.title = title;
        this.publicBase = publicBase;
        this.basePath = basePath;
        this.discoveryPath = basePath + discovery;
        this.authorizePath = basePath + authorize;
        this.tokenPath = basePath + token;
        this.userinfoPath = userinfo == null ? null : basePath + userinfo;
        this.jwksPath = basePath + jwks;
        this.endSessionPath = endSession == null ? null : basePath + endSession;
        this.revocationPath = revocation == null ? null : basePath + revocation;
        this.signingKeys = new SigningKeys(signingKey);
        this.encryptionKey = encryptionKey;
    }

    static List<Tenant> all(String publicBase, SimulatorKeys keys) {
        return List.of(
                new Tenant(ITSME_V2, ClientRegistration.ITSME, "itsme (v2)", publicBase, "/v2",
                        "/.well-known/openid-configuration", "/authorization", "/token", "/userinfo", "/jwkSet",
                        null, null, keys.signingKey("itsme-sig-1"), keys.encryptionKey("itsme-enc-1")),
                new Tenant(ITSME_CSAPI, ClientRegistration.ITSME, "itsme (legacy client secret, csapi)", publicBase,
                        "/clientsecret-oidc/csapi/v0.1", "/.well-known/openid-configuration", "/connect/authorize",
                        "/connect/token", "/connect/userinfo", "/.well-known/jwks", null, "/connect/revoke",
                        keys.signingKey("itsme-csapi-sig-1"), keys.encryptionKey("itsme-csapi-enc-1")),
                new Tenant(IDEMIA, ClientRegistration.IDEMIA, "IDEMIA Mobile ID (oxAuth)", publicBase, "/oxauth",
                        "/.well-known/openid-configuration", "/restv1/authorize", "/restv1/token",
                        "/restv1/userinfo", "/restv1/jwks", "/restv1/end_session", null,
                        keys.signingKey("idemia-sig-1"), null),
                new Tenant(IDEMIA_DC, ClientRegistration.IDEMIA, "IDEMIA Digital Credential (oxAuth, no userinfo)",
                        publicBase, "/oxauth-dc", "/.well-known/openid-configuration", "/restv1/authorize",
                        "/restv1/token", null, "/restv1/jwks", null, null,
                        keys.signingKey("idemia-dc-sig-1"), null));
    }

    String issuer() {
        return publicBase + basePath;
    }

    String url(String path) {
        return path == null ? null : publicBase + path;
    }

    boolean isItsme() {
        return ClientRegistration.ITSME.equals(provider);
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
