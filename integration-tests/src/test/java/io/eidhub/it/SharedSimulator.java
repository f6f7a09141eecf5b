package io.eidhub.it;

import java.io.IOException;
import java.io.UncheckedIOException;

import io.eidhub.simulator.Simulator;
import io.eidhub.simulator.SimulatorOptions;

/**
 * The itsme/IDEMIA simulator of this test JVM: started on first use on a free port of 127.0.0.1, stopped at the end
 * of the run by {@link KeycloakExtension} (and by a shutdown hook). It is shared by all test classes: register
 * clients with ids that are unique per test (e.g. the realm name) and call {@code reset()} only if a test needs it.
 * Inject it as a {@link Simulator} parameter in a {@link WithKeycloak} test, or call {@link #get()}.
 */
public final class SharedSimulator {

    private static Simulator simulator;

    private SharedSimulator() {
    }

    public static synchronized Simulator get() {
        if (simulator == null) {
            try {
                simulator = Simulator.start(SimulatorOptions.defaults());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start the simulator", e);
            }
            Simulator started = simulator;
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "simulator-shutdown"));
        }
        return simulator;
    }

    /** True if the simulator was started in this JVM. */
    public static synchronized boolean isStarted() {
        return simulator != null;
    }

    public static synchronized void stop() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }
}
