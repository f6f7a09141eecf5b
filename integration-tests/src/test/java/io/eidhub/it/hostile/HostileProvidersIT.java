package io.eidhub.it.hostile;

import io.eidhub.it.KeycloakServer;
import io.eidhub.it.KeycloakTarget;
import io.eidhub.it.SharedSimulator;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.Simulator;

/**
 * {@link HostileProviderScenarios} on the rig's Keycloak: the Keycloak distribution (keycloak.dist.version) as a child process of this JVM
 * ({@link KeycloakServer}), with the in-JVM simulator on 127.0.0.1.
 */
@WithKeycloak
class HostileProvidersIT extends HostileProviderScenarios {

    @Override
    protected KeycloakTarget target() {
        return KeycloakServer.shared();
    }

    @Override
    protected Simulator simulator() {
        return SharedSimulator.get();
    }

    @Override
    protected String simulatorLocalUrl() {
        return SharedSimulator.get().baseUrl();
    }
}
