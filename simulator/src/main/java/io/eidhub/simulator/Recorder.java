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

    /** Stored under the provider ({@code itsme}/{@code idemia}) and the tenant id. */
    synchronized void authorization(Tenant tenant, Map<String, Object> record) {
        lastAuthorization.put(tenant.provider, record);
        lastAuthorization.put(tenant.id, record);
    }

    synchronized Map<String, Object> lastAuthorization(String providerOrTenant) {
        return lastAuthorization.get(providerOrTenant);
    }

    synchronized void token(Tenant tenant, Map<String, Object> record) {
        lastToken.put(tenant.provider, record);
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

    synchronized void clear() {
        lastAuthorization.clear();
        lastToken.clear();
        logouts.clear();
    }
}
