package io.eidhub.simulator;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Registered clients, keyed by provider and client_id. Thread-safe. */
final class ClientRegistry {

    private final Map<String, ClientRegistration> clients = new ConcurrentHashMap<>();

    /** Registers or replaces; returns true when a client was replaced. */
    boolean register(ClientRegistration client) {
        return clients.put(key(client.provider(), client.clientId()), client) != null;
    }

    boolean remove(String provider, String clientId) {
        return clients.remove(key(provider, clientId)) != null;
    }

    ClientRegistration find(String provider, String clientId) {
        return clientId == null ? null : clients.get(key(provider, clientId));
    }

    List<ClientRegistration> all() {
        List<ClientRegistration> out = new ArrayList<>(clients.values());
        out.sort(Comparator.comparing(ClientRegistration::provider).thenComparing(ClientRegistration::clientId));
        return out;
    }

    private static String key(String provider, String clientId) {
        return provider + "\u0000" + clientId;
    }
}
