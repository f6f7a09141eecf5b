package io.eidhub.simulator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the simulator received, for the control API. Thread-safe. */
final class Recorder {

    private final Map<String, Map<String, Object>> lastAuthorization = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> lastToken = new LinkedHashMap<>();
    private final List<Map<String, Object>> logouts = new ArrayList<>();
    private final Map<String, List<Map<String, Object>>> credentials = new LinkedHashMap<>();
    private final Map<String, Map<String, Object>> jwksRequests = new LinkedHashMap<>();
    private final Map<String, Integer> userinfoRequests = new LinkedHashMap<>();
    private final Map<String, Map<String, Integer>> counts = new LinkedHashMap<>();

    /** The endpoints {@link #count} knows. */
    static final List<String> COUNTED = List.of("discovery", "jwks", "authorization", "token", "userinfo");

    /** Counts one request of a tenant's endpoint ({@link #COUNTED}), whatever its outcome. */
    synchronized void count(Tenant tenant, String endpoint) {
        Map<String, Integer> perTenant = counts.computeIfAbsent(tenant.id, k -> {
            Map<String, Integer> zero = new LinkedHashMap<>();
            COUNTED.forEach(e -> zero.put(e, 0));
            return zero;
        });
        perTenant.merge(endpoint, 1, Integer::sum);
    }

    /** Per tenant id, the requests each endpoint received since the start or the last reset. */
    synchronized Map<String, Object> counts() {
        Map<String, Object> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k, new LinkedHashMap<>(v)));
        return out;
    }

    /** How many credential records are kept per client (oldest dropped first). */
    static final int CREDENTIALS_KEPT = 500;

    /** Stored under the provider ({@code itsme}/{@code idemia}) and the tenant id. */
    synchronized void authorization(Tenant tenant, Map<String, Object> record) {
        lastAuthorization.put(tenant.provider.id(), record);
        lastAuthorization.put(tenant.id, record);
    }

    synchronized Map<String, Object> lastAuthorization(String providerOrTenant) {
        return lastAuthorization.get(providerOrTenant);
    }

    synchronized void token(Tenant tenant, Map<String, Object> record) {
        lastToken.put(tenant.provider.id(), record);
        lastToken.put(tenant.id, record);
    }

    synchronized Map<String, Object> lastToken(String providerOrTenant) {
        return lastToken.get(providerOrTenant);
    }

    synchronized void logout(Map<String, Object> record) {
        logouts.add(record);
    }

    synchronized List<Map<String, Object>> logouts() {
        return new ArrayList<>(logouts);
    }

    /**
     * Test-only: secrets a client received or presented (authorization code, PKCE verifier, client assertion, access
     * token, ID token and its signed inner JWS, userinfo JWT), so that a test can assert that none of them shows up
     * in a log. Never logged; served only by {@code GET /sim/api/credentials}.
     */
    synchronized void credentials(String clientId, Map<String, Object> record) {
        List<Map<String, Object>> list = credentials.computeIfAbsent(clientId == null ? "" : clientId,
                k -> new ArrayList<>());
        list.add(record);
        if (list.size() > CREDENTIALS_KEPT) {
            list.remove(0);
        }
    }

    /** The credential records of a client, oldest first (empty when none). */
    synchronized List<Map<String, Object>> credentials(String clientId) {
        return new ArrayList<>(credentials.getOrDefault(clientId == null ? "" : clientId, List.of()));
    }

    /** Counts a JWKS request of a tenant (Keycloak refetches the JWKS when it meets an unknown kid). */
    synchronized void jwksRequest(Tenant tenant) {
        Map<String, Object> entry = jwksRequests.computeIfAbsent(tenant.id, k -> new LinkedHashMap<>());
        long now = System.currentTimeMillis();
        entry.put("count", ((Number) entry.getOrDefault("count", 0)).intValue() + 1);
        entry.put("lastEpochMillis", now);
        entry.put("lastAt", java.time.Instant.ofEpochMilli(now).toString());
    }

    /** Per tenant id: {@code count}, {@code lastEpochMillis}, {@code lastAt} of the JWKS requests received. */
    synchronized Map<String, Object> jwksRequests() {
        Map<String, Object> out = new LinkedHashMap<>();
        jwksRequests.forEach((k, v) -> out.put(k, new LinkedHashMap<>(v)));
        return out;
    }

    /** Counts a userinfo request that carried a valid access token of this client. */
    synchronized void userinfoRequest(String clientId) {
        userinfoRequests.merge(clientId, 1, Integer::sum);
    }

    /** Per client id: how many userinfo requests with a valid access token arrived. */
    synchronized Map<String, Integer> userinfoRequests() {
        return new LinkedHashMap<>(userinfoRequests);
    }

    synchronized void clear() {
        userinfoRequests.clear();
        lastAuthorization.clear();
        lastToken.clear();
        logouts.clear();
        credentials.clear();
        jwksRequests.clear();
        counts.clear();
    }
}
