package io.eidhub.simulator;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The state shared by the providers and the control API of one simulator instance. */
final class SimContext {

    final String baseUrl;
    final Log log;
    final ClientRegistry clients = new ClientRegistry();
    final Faults faults = new Faults();
    final GrantStore grants = new GrantStore();
    final Recorder recorder = new Recorder();
    final ClaimOverrides claimOverrides = new ClaimOverrides();
    final TenantSwitches switches = new TenantSwitches();
    final ClientJwksCache clientJwks;
    final ClientAuthenticator authenticator;
    final RequestObjects requestObjects;
    final TokenIssuer tokenIssuer;

    SimContext(String baseUrl, SimulatorOptions options) {
        this.baseUrl = baseUrl;
        this.log = new Log(options.quiet());
        this.clientJwks = new ClientJwksCache(options.clientJwksCacheTtl(), log);
        this.authenticator = new ClientAuthenticator(clients, clientJwks, grants);
        this.requestObjects = new RequestObjects(clientJwks);
        this.tokenIssuer = new TokenIssuer(clientJwks, switches);
    }

    /** The tenants, by id, once the simulator has made them. */
    final Map<String, Tenant> tenants = new ConcurrentHashMap<>();

    /** The tenant with this id, or null. */
    Tenant tenant(String id) {
        return id == null ? null : tenants.get(id);
    }

    String decisionUrl() {
        return baseUrl + Simulator.DECISION_PATH;
    }
}
