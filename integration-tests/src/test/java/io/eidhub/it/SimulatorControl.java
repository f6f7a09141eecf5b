package io.eidhub.it;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eidhub.simulator.Fault;
import io.eidhub.simulator.Simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The simulator's control API ({@code /sim/api}) over HTTP, at the address THIS JVM reaches it on (for a Keycloak
 * container the simulator's public base URL names {@code host.testcontainers.internal}, which only the container
 * resolves). The only way a test reaches the control API: faults, switches and the simulator's records go through
 * here, typed where a test reads them field by field.
 *
 * <p>Lookups are exact, never polled: the simulator stores a record before it answers the request it records, and
 * the integration tests run one at a time.
 */
public final class SimulatorControl {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String base;

    public SimulatorControl(String localBaseUrl) {
        this.base = localBaseUrl.replaceAll("/+$", "");
    }

    /** The control API of a simulator running in this JVM, over loopback (whatever its public base URL names). */
    public static SimulatorControl of(Simulator sim) {
        return new SimulatorControl("http://127.0.0.1:" + sim.port());
    }

    /**
     * The simulator's record of one authorization request ({@code GET /sim/api/requests/last}): {@code query} as
     * received (a repeated parameter as a list), {@code effective} the parameters the simulator went by,
     * {@code requestObject} what it read from a request object, {@code claims} the {@code claims} request it honoured.
     */
    public record AuthorizationRecord(String provider, String tenant, String issuer, Map<String, Object> query,
                                      Map<String, Object> effective, Map<String, Object> requestObject, Object claims,
                                      String outcome, String error) {

        /** A query parameter as sent (a repeated one as the string of its list), or null. */
        public String queryParam(String name) {
            Object value = query == null ? null : query.get(name);
            return value == null ? null : value.toString();
        }
    }

    /** The simulator's record of one token request (parameter names, never their values). */
    public record TokenRequestRecord(String provider, String tenant, List<String> parameters, String grantType,
                                     String redirectUri, Boolean codeVerifierPresent, String clientAuthMethod,
                                     String outcome, String errorDescription, List<String> faults) {
    }

    /**
     * The record of the authorization request whose query was {@code sent} (as the phone page's URL shows it): the
     * last request of the provider or tenant, which must be that one, found by its {@code state}, or by the whole query
     * when the state travels inside a request object. Fails with what the simulator has instead.
     */
    public AuthorizationRecord authorizationRequest(String providerOrTenant, Map<String, String> sent) {
        AuthorizationRecord record = lastAuthorizationRequest(providerOrTenant);
        boolean same = record != null && (sent.containsKey("state")
                ? sent.get("state").equals(record.queryParam("state"))
                : sent.equals(record.query()));
        if (!same) {
            throw new AssertionError("the simulator's last authorization request of " + providerOrTenant
                    + " is not the one sent (" + sent.keySet() + ", state " + sent.get("state") + "); it has: " + record);
        }
        return record;
    }

    /** The last authorization request of a provider or tenant, or null when it has none. */
    public AuthorizationRecord lastAuthorizationRequest(String providerOrTenant) {
        String json = getOrNull("/sim/api/requests/last?provider=" + enc(providerOrTenant));
        return json == null ? null : read(json, new TypeReference<>() {
        });
    }

    /** Arms a fault for the next relevant answer of {@code itsme} or {@code idemia}. */
    public void arm(String provider, Fault fault) {
        send("POST", "/sim/api/faults", write(Map.of("provider", provider, "fault", fault.id())));
    }

    /** Arms {@link Fault#TOKEN_SLOW} with its wait: the code is redeemed, the answer waits {@code delay}. */
    public void arm(String provider, Fault fault, Duration delay) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("provider", provider);
        body.put("fault", fault.id());
        body.put("delayMillis", delay.toMillis());
        send("POST", "/sim/api/faults", write(body));
    }

    /** Sets a switch that departs from a tenant's documented behaviour ({@code omitAcr}, {@code rsaOaep256}, ...). */
    public void setSwitch(String tenant, String name, boolean on) {
        send("POST", "/sim/api/switches", write(Map.of("tenant", tenant, "switch", name, "on", on)));
    }

    /** How many userinfo requests with a valid access token of this client arrived since the last reset. */
    public int userinfoRequests(String clientId) {
        Map<String, Integer> perClient = read(get("/sim/api/userinfo-requests"), new TypeReference<>() {
        });
        return perClient.getOrDefault(clientId, 0);
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
    public TokenRequestRecord lastTokenRequest(String tenant) {
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

    /** GET; null for a 404 (the simulator has no such record). */
    private String getOrNull(String path) {
        return exchange("GET", path, null, true);
    }

    private String send(String method, String path, String json) {
        return exchange(method, path, json, false);
    }

    private String exchange(String method, String path, String json, boolean notFoundIsNull) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (notFoundIsNull && response.statusCode() == 404) {
                return null;
            }
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
