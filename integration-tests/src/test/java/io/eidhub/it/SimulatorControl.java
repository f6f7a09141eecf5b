package io.eidhub.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The simulator's control API ({@code /sim/api}) over HTTP, at the address THIS JVM reaches it on (for a Keycloak
 * container the simulator's public base URL names {@code host.testcontainers.internal}, which only the container
 * resolves).
 */
public final class SimulatorControl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public SimulatorControl(String localBaseUrl) {
        this.base = localBaseUrl.replaceAll("/+$", "");
    }

    /** Everything the simulator recorded as issued to / presented by this client (codes, tokens, assertions, verifiers). */
    public List<Map<String, Object>> credentials(String clientId) {
        return read(get("/sim/api/credentials?clientId=" + enc(clientId)), new TypeReference<>() {
        });
    }

    /** Per tenant id: {@code count}, {@code lastEpochMillis} of the JWKS requests the simulator received. */
    public Map<String, Map<String, Object>> jwksRequests() {
        return read(get("/sim/api/jwks-requests"), new TypeReference<>() {
        });
    }

    public int jwksCount(String tenant) {
        Map<String, Object> entry = jwksRequests().get(tenant);
        return entry == null ? 0 : ((Number) entry.get("count")).intValue();
    }

    public long lastJwksRequestMillis(String tenant) {
        Map<String, Object> entry = jwksRequests().get(tenant);
        return entry == null ? 0 : ((Number) entry.get("lastEpochMillis")).longValue();
    }

    /** Per tenant id, the requests each endpoint (discovery, jwks, authorization, token, userinfo) received. */
    public Map<String, Map<String, Integer>> counts() {
        return read(get("/sim/api/counts"), new TypeReference<>() {
        });
    }

    /** Publishes a new signing key of the tenant next to the old ones, signed with from now on; the key state. */
    public Map<String, Object> rotateSigningKey(String tenant) {
        return read(send("POST", "/sim/api/keys", write(Map.of("tenant", tenant, "action", "rotate"))), new TypeReference<>() {
        });
    }

    /** Removes all but the current signing key from the tenant's JWKS; the key state. */
    public Map<String, Object> retireOldSigningKeys(String tenant) {
        return read(send("POST", "/sim/api/keys", write(Map.of("tenant", tenant, "action", "retire"))), new TypeReference<>() {
        });
    }

    /** The end_session calls the simulator received (id_token_hint audience, post_logout_redirect_uri, state). */
    public List<Map<String, Object>> logouts() {
        return read(get("/sim/api/logouts"), new TypeReference<>() {
        });
    }

    /** The last token request of a tenant (outcome, errorDescription, parameters...; never a secret). */
    public Map<String, Object> lastTokenRequest(String tenant) {
        return read(get("/sim/api/token-requests/last?provider=" + enc(tenant)), new TypeReference<>() {
        });
    }

    /** Makes the simulator answer different claims for a person from now on. */
    public void overrideClaims(String provider, String person, Map<String, Object> claims) {
        send("POST", "/sim/api/claims", write(Map.of("provider", provider, "person", person, "claims", claims)));
    }

    public void clearClaimOverrides() {
        send("DELETE", "/sim/api/claims", null);
    }

    /** Replaces a tenant's encryption key by a new one (a provider rotating its key); returns the new kid. */
    public String rotateEncryptionKey(String tenant) {
        Map<String, Object> answer = read(send("POST", "/sim/api/rotate-encryption-key?tenant=" + enc(tenant), null), new TypeReference<>() {
        });
        return (String) answer.get("kid");
    }

    /** Disarms every fault (a scenario that failed early must not leave one for the next). */
    public void clearFaults() {
        send("DELETE", "/sim/api/faults", null);
    }

    private String get(String path) {
        return send("GET", path, null);
    }

    private String send(String method, String path, String json) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 300) {
                throw new AssertionError(method + " " + path + " at the simulator: HTTP " + response.statusCode());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
