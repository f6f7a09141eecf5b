package io.eidhub.it.hostile;

import io.eidhub.it.Browser;
import io.eidhub.it.KeycloakTarget;
import io.eidhub.simulator.Simulator;
import io.eidhub.simulator.SimulatorOptions;
import org.junit.jupiter.api.condition.EnabledIf;
import org.keycloak.representations.idm.RealmRepresentation;
import org.testcontainers.Testcontainers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;

/**
 * {@link HostileProviderScenarios} on the official Keycloak image through testcontainers-keycloak, when a Docker engine
 * is present; skipped (never failed) without one.
 *
 * <p>The container reaches the simulator of this JVM as {@code host.testcontainers.internal}: a simulator of its own
 * runs with that name in its base URL (so issuers and endpoints in its discovery documents are what the container
 * can call), its port is exposed with {@code Testcontainers.exposeHostPorts}, and the tests' browsers resolve that
 * name to 127.0.0.1.
 */
@EnabledIf(value = "io.eidhub.it.hostile.ContainerTarget#dockerAvailable",
        disabledReason = "no Docker engine: the Testcontainers run of the hostile-provider scenarios needs one "
                + "(HostileProvidersIT runs the same scenarios on the distribution)")
class HostileProvidersContainerIT extends HostileProviderScenarios {

    private Simulator simulator;
    private ContainerTarget target;

    @Override
    protected synchronized KeycloakTarget target() {
        if (target == null) {
            simulator();
            target = ContainerTarget.start();
        }
        return target;
    }

    @Override
    protected synchronized Simulator simulator() {
        if (simulator == null) {
            int port = freePort();
            try {
                simulator = Simulator.start(SimulatorOptions.defaults().port(port)
                        .baseUrl("http://" + KeycloakTarget.TESTCONTAINERS_HOST + ":" + port));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            // before any container starts: Testcontainers' port forwarding is set up with the first container
            Testcontainers.exposeHostPorts(port);
        }
        return simulator;
    }

    @Override
    protected String simulatorLocalUrl() {
        return "http://127.0.0.1:" + simulator().port();
    }

    @Override
    protected Browser newBrowser() {
        return new Browser().resolve(KeycloakTarget.TESTCONTAINERS_HOST, "127.0.0.1");
    }

    /** Requests reach the container from the Docker network: no TLS requirement for this throw-away realm. */
    @Override
    protected void prepareRealm(RealmRepresentation realm) {
        realm.setSslRequired("none");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected void afterScenarios() {
        if (target != null) {
            target.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }
}
