package io.eidhub.simulator;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Fetches relying-party JWK sets (java.net.http) and caches them briefly. */
final class ClientJwksCache {

    private record Entry(JWKSet jwks, Instant fetchedAt) {
    }

    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final Duration ttl;
    private final Log log;

    ClientJwksCache(Duration ttl, Log log) {
        this.ttl = ttl;
        this.log = log;
    }

    JWKSet get(String uri, boolean forceRefresh) throws IOException {
        Entry e = cache.get(uri);
        if (!forceRefresh && e != null && Instant.now().isBefore(e.fetchedAt().plus(ttl))) {
            return e.jwks();
        }
        JWKSet jwks = fetch(uri);
        cache.put(uri, new Entry(jwks, Instant.now()));
        return jwks;
    }

    /** RSA signature keys with this kid (all RSA signature keys when kid is null), refetching once on a miss. */
    List<RSAKey> signatureKeys(String uri, String kid) throws IOException {
        List<RSAKey> keys = rsaKeys(get(uri, false), kid, KeyUse.SIGNATURE);
        if (keys.isEmpty()) {
            keys = rsaKeys(get(uri, true), kid, KeyUse.SIGNATURE);
        }
        return keys;
    }

    /** The first RSA encryption key ({@code use=enc}) of the client, or null. */
    /** Every RSA {@code use=enc} key of the client's JWKS (refetched once when the cached set has none). */
    List<RSAKey> encryptionKeys(String uri) throws IOException {
        List<RSAKey> keys = rsaKeys(get(uri, false), null, KeyUse.ENCRYPTION);
        if (keys.isEmpty()) {
            keys = rsaKeys(get(uri, true), null, KeyUse.ENCRYPTION);
        }
        return keys;
    }

    void clear() {
        cache.clear();
    }

    private static List<RSAKey> rsaKeys(JWKSet jwks, String kid, KeyUse use) {
        List<RSAKey> out = new ArrayList<>();
        for (JWK jwk : jwks.getKeys()) {
            if (!(jwk instanceof RSAKey rsa)) {
                continue;
            }
            boolean useOk = use == KeyUse.ENCRYPTION
                    ? KeyUse.ENCRYPTION.equals(rsa.getKeyUse())
                    : rsa.getKeyUse() == null || KeyUse.SIGNATURE.equals(rsa.getKeyUse());
            if (useOk && (kid == null || kid.equals(rsa.getKeyID()))) {
                out.add(rsa);
            }
        }
        return out;
    }

    private JWKSet fetch(String uri) throws IOException {
        HttpRequest request = HttpRequest.newBuilder(URI.create(uri))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IOException("client JWKS " + uri + " answered HTTP " + response.statusCode());
            }
            JWKSet jwks = JWKSet.parse(response.body());
            log.info("fetched client JWKS %s (%d keys)", uri, jwks.getKeys().size());
            return jwks;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while fetching " + uri, e);
        } catch (ParseException e) {
            throw new IOException("client JWKS " + uri + " is not a JWK set: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IOException("bad client JWKS URI " + uri, e);
        }
    }
}
