package io.eidhub.it.cluster;

import io.eidhub.it.KeycloakServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One Keycloak node of the test cluster: a built ({@code kc.sh build --db=postgres}) copy of the distribution run
 * with {@code kc.sh start --optimized}, clustering on ({@code --cache=ispn}, JGroups {@code jdbc-ping} discovery
 * through the shared database), everything bound to 127.0.0.1. All nodes announce the same public address (the
 * load balancer's, {@code --hostname}), so that a token or a code issued by one node is valid on the other.
 * Can be stopped (SIGTERM), killed (SIGKILL) and started again on the same ports.
 */
final class ClusterNode implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(Long.getLong("cluster.start.timeout", 300));
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final String name;
    final int httpPort;
    final int managementPort;
    private final int jgroupsPort;
    private final Path home;
    private final Path log;
    private final String publicUrl;
    private final Map<String, String> dbEnv;
    private Process process;
    /**
     * What a load balancer's health check says: {@code /health/ready} polled every 200 ms while the process lives.
     * A node being stopped (SIGTERM) reports not ready during Keycloak's {@code shutdown-delay} (1 s), so it leaves
     * the rotation before it closes its listener; a killed node leaves it when the check fails.
     */
    private volatile boolean inRotation;
    private long startLogMark;

    ClusterNode(String name, Path home, Path log, String publicUrl, Map<String, String> dbEnv) {
        this.name = name;
        this.home = home;
        this.log = log;
        this.publicUrl = publicUrl;
        this.dbEnv = dbEnv;
        this.httpPort = KeycloakServer.freePort();
        this.managementPort = KeycloakServer.freePort();
        this.jgroupsPort = KeycloakServer.freePort();
    }

    /** {@code http://127.0.0.1:<port>}: this node itself, not the public address. */
    String url() {
        return "http://127.0.0.1:" + httpPort;
    }

    /** Starts the node and waits until {@code /health/ready} answers UP. Returns the seconds it took. */
    synchronized double start() {
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--hostname=" + publicUrl,
                "--cache=ispn", "--cache-stack=jdbc-ping",
                "--cache-embedded-network-bind-address=127.0.0.1",
                "--cache-embedded-network-bind-port=" + jgroupsPort,
                "--spi-cache-embedded-default-node-name=kc-" + name,
                "--log-level=INFO"));
        try {
            Files.createDirectories(log.getParent());
            Files.writeString(log, "\n===== eidhub-cluster: " + String.join(" ", cmd) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            startLogMark = Files.size(log);
            ProcessBuilder pb = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().putAll(dbEnv);
            pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
            pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", KeycloakServer.ADMIN_USER);
            pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", KeycloakServer.ADMIN_PASSWORD);
            long t0 = System.nanoTime();
            process = pb.start();
            awaitReady();
            inRotation = true;
            healthCheck(process);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf("[cluster] node %s ready on %s (management %d, JGroups %d) in %.1f s, log %s%n",
                    name, url(), managementPort, jgroupsPort, seconds, log);
            return seconds;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start node " + name, e);
        }
    }

    private void healthCheck(Process p) {
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        Thread t = new Thread(() -> {
            while (p.isAlive()) {
                boolean up;
                try {
                    up = HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(1)).build(),
                            HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
                } catch (IOException e) {
                    up = false;
                } catch (InterruptedException e) {
                    return;
                }
                if (up != inRotation && p.isAlive()) {
                    System.out.printf("[cluster] node %s: /health/ready %s%n", name, up ? "UP again" : "DOWN");
                }
                inRotation = up;
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
            inRotation = false;
        }, "lb-health-" + name);
        t.setDaemon(true);
        t.start();
    }

    private void awaitReady() {
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("node " + name + " exited with " + process.exitValue() + "; see " + log);
            }
            try {
                if (HTTP.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.ofString()).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            pause(250);
        }
        throw new IllegalStateException("node " + name + " not ready after " + START_TIMEOUT.toSeconds() + " s; see " + log);
    }

    /**
     * Waits until this node's log, since its last start, reports a cluster view with {@code members} members
     * (Infinispan's {@code ISPN000094}).
     */
    void awaitView(int members, Duration timeout) {
        String needle = "(" + members + ") [";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logSinceStart().lines().anyMatch(l -> l.contains("ISPN000094") && l.contains(needle))) {
                return;
            }
            pause(250);
        }
        throw new IllegalStateException("node " + name + ": no cluster view of " + members + " within "
                + timeout.toSeconds() + " s; see " + log);
    }

    String logSinceStart() {
        try {
            byte[] all = Files.readAllBytes(log);
            return new String(all, (int) Math.min(startLogMark, all.length), (int) Math.max(0, all.length - startLogMark),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** SIGTERM to the node's JVM ({@code kc.sh} does not exec java), then waits for it to exit. */
    void stop() {
        signal(false);
    }

    /** SIGKILL to the node's JVM: a crash. */
    void kill() {
        signal(true);
    }

    private synchronized void signal(boolean kill) {
        if (process == null) {
            return;
        }
        Optional<ProcessHandle> jvm = process.descendants().filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false)).findFirst();
        ProcessHandle target = jvm.orElse(process.toHandle());
        if (kill) {
            target.destroyForcibly();
        } else {
            target.destroy();
        }
        try {
            target.onExit().get(60, java.util.concurrent.TimeUnit.SECONDS);
            process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            target.destroyForcibly();
        }
        if (process.isAlive()) {
            process.destroyForcibly();
        }
        process = null;
        inRotation = false;
    }

    boolean inRotation() {
        return inRotation;
    }

    boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public void close() {
        stop();
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
