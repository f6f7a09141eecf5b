package io.eidhub.simulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;

import java.util.ArrayList;
import java.util.List;

/**
 * The signing keys a tenant publishes, for key rotation as a provider does it: {@link #rotate()} adds a new key,
 * signs with it from then on and keeps publishing the old ones (the overlap); {@link #retireOld()} then removes every
 * key but the current one from the JWKS. Without a rotation this is the one key of {@link SimulatorKeys}.
 * Thread-safe; the keys made by a rotation live in this instance only (a restart forgets them).
 */
final class SigningKeys {

    private final String baseKid;
    private final List<RSAKey> published = new ArrayList<>();
    private int generation = 1;

    SigningKeys(RSAKey initial) {
        this.baseKid = initial.getKeyID().replaceFirst("-1$", "");
        published.add(initial);
    }

    /** The key new tokens are signed with. */
    synchronized RSAKey current() {
        return published.get(published.size() - 1);
    }

    /** The keys in the JWKS, oldest first. */
    synchronized List<RSAKey> published() {
        return List.copyOf(published);
    }

    /** A published key with this kid, or null. */
    synchronized RSAKey find(String kid) {
        return published.stream().filter(k -> k.getKeyID().equals(kid)).findFirst().orElse(null);
    }

    /** Publishes a new key next to the old ones and signs with it from now on; returns its kid. */
    synchronized String rotate() {
        generation++;
        try {
            RSAKey key = new RSAKeyGenerator(2048).keyID(baseKid + "-" + generation + "r").keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256).generate();
            published.add(key);
            return key.getKeyID();
        } catch (JOSEException e) {
            throw new IllegalStateException("RSA key generation failed", e);
        }
    }

    /** Ends the overlap: only the current key stays published; returns the kids removed. */
    synchronized List<String> retireOld() {
        List<String> removed = new ArrayList<>();
        while (published.size() > 1) {
            removed.add(published.remove(0).getKeyID());
        }
        return removed;
    }
}
