package io.eidhub.it.hostile;

import dasniko.testcontainers.keycloak.KeycloakContainer;
import io.eidhub.it.KeycloakTarget;
import org.keycloak.admin.client.Keycloak;
import org.testcontainers.DockerClientFactory;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The official Keycloak image ({@code quay.io/keycloak/keycloak:<keycloak.version>}, property {@code keycloak.image})
 * run by testcontainers-keycloak, with the eID hub jars that the rig copies into {@code <kc.home>/providers}. It
 * reaches services of this JVM as {@link #TESTCONTAINERS_HOST} ({@code Testcontainers.exposeHostPorts}).
 */
final class ContainerTarget implements KeycloakTarget, AutoCloseable {

    static final String DEFAULT_IMAGE = "quay.io/keycloak/keycloak:26.7.3";

    private final KeycloakContainer container;
    private Keycloak adminClient;

    private ContainerTarget(KeycloakContainer container) {
        this.container = container;
    }

    /**
     * Whether a Docker engine answers. Testcontainers probes its known locations (environment, the Unix socket, ...)
     * and remembers the answer for the JVM; without any engine this takes well under a second.
     */
    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** Starts the container (pulling the image on first use); the caller exposes the host ports it needs first. */
    static ContainerTarget start() {
        KeycloakContainer container = new KeycloakContainer(System.getProperty("keycloak.image", DEFAULT_IMAGE))
                .withProviderLibsFrom(providerJars())
                // the same level as the rig's distribution: our debug lines are checked for secrets too
                .withEnv("KC_LOG_LEVEL", "INFO,io.eidhub:debug")
                .withStartupTimeout(Duration.ofMinutes(5));
        container.start();
        return new ContainerTarget(container);
    }

    /** The provider jars the rig copied for the distribution (eid-broker-common, itsme, idemia, themes). */
    private static List<File> providerJars() {
        String home = System.getProperty("kc.home");
        if (home == null) {
            throw new IllegalStateException("kc.home is not set: run through failsafe (mvn verify), which also copies the jars");
        }
        Path providers = Paths.get(home, "providers");
        try (Stream<Path> jars = Files.list(providers)) {
            List<File> files = jars.filter(p -> p.toString().endsWith(".jar")).map(Path::toFile).sorted().toList();
            if (files.isEmpty()) {
                throw new IllegalStateException("no provider jars in " + providers);
            }
            return files;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public String baseUrl() {
        return container.getAuthServerUrl().replaceAll("/+$", "");
    }

    /** Created once: the container's factory method builds a new client on every call. */
    @Override
    public synchronized Keycloak adminClient() {
        if (adminClient == null) {
            adminClient = container.getKeycloakAdminClient();
        }
        return adminClient;
    }

    /** The length of the container's log so far (stdout and stderr). */
    @Override
    public long logMark() {
        return container.getLogs().length();
    }

    @Override
    public String serverLogSince(long mark) {
        String logs = container.getLogs();
        return logs.substring((int) Math.min(mark, logs.length()));
    }

    @Override
    public boolean isRunning() {
        return container.isRunning();
    }

    @Override
    public String hostOfTestJvm() {
        return TESTCONTAINERS_HOST;
    }

    @Override
    public synchronized void close() {
        if (adminClient != null) {
            adminClient.close();
        }
        container.stop();
    }

    @Override
    public String toString() {
        return "ContainerTarget[" + container.getDockerImageName() + "]";
    }
}
