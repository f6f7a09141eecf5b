package io.eidhub.it;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import org.keycloak.admin.client.Keycloak;

/**
 * A real Keycloak (the unpacked distribution in {@code kc.home}, with the eID hub provider jars in
 * {@code providers/}) running as a child process: {@code kc.sh start-dev --db=dev-mem} on two free ports.
 *
 * <p>One server per test JVM: obtain it with {@link #shared()} (started lazily, the first call blocks until
 * {@code /health/ready} answers 200) or let {@link KeycloakExtension} / {@link WithKeycloak} inject it.
 * It is stopped by the extension at the end of the test run, with a JVM shutdown hook as safety net.
 *
 * <p>System properties (set by failsafe in the pom): {@code kc.home} (required), {@code kc.log}
 * (server output, appended; default {@code <kc.home>/../keycloak-server.log}). Optional:
 * {@code kc.extraArgs} (space-separated extra {@code kc.sh start-dev} arguments, e.g. {@code --features=...}),
 * {@code kc.startTimeoutSeconds} (default 240).
 */
public final class KeycloakServer implements AutoCloseable, KeycloakTarget {

    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(240);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    private static KeycloakServer shared;
    private static RuntimeException sharedFailure;

    private final Path home;
    private final Path logFile;
    private final long logStart;
    private final int httpPort;
    private final int managementPort;
    private final Process process;
    private final Duration startupTime;
    private final Thread shutdownHook;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private volatile Keycloak adminClient;
    private volatile boolean closed;

    // ------------------------------------------------------------------ lifecycle

    /**
     * The server of this test JVM, started on first use. A failed start is remembered: later callers get the
     * same failure at once instead of waiting for another timeout.
     */
    public static synchronized KeycloakServer shared() {
        if (sharedFailure != null) {
            throw new IllegalStateException("Keycloak failed to start earlier in this JVM: " + sharedFailure.getMessage(),
                    sharedFailure);
        }
        if (shared == null || shared.closed) {
            try {
                shared = start(homeFromSystemProperties(), logFromSystemProperties(), extraArgsFromSystemProperties());
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
        }
        return shared;
    }

    /** Stops the shared server if one was started (called by {@link KeycloakExtension} at the end of the run). */
    public static synchronized void stopShared() {
        if (shared != null) {
            shared.close();
            shared = null;
        }
    }

    /** Starts a new, independent server. Prefer {@link #shared()}: a start costs 15-60 s. */
    public static KeycloakServer start(Path home, Path logFile, List<String> extraArgs) {
        return new KeycloakServer(home, logFile, extraArgs);
    }

    private KeycloakServer(Path home, Path logFile, List<String> extraArgs) {
        this.home = home.toAbsolutePath();
        this.logFile = logFile.toAbsolutePath();
        Path kcSh = this.home.resolve("bin/kc.sh");
        if (!Files.isRegularFile(kcSh)) {
            throw new IllegalStateException("No Keycloak distribution at " + this.home
                    + " (run through `mvn verify`: the pre-integration-test phase unpacks it)");
        }
        this.httpPort = freePort();
        int m;
        do {
            m = freePort();
        } while (m == httpPort);
        this.managementPort = m;

        List<String> cmd = new ArrayList<>(List.of("bash", kcSh.toString(), "start-dev",
                "--http-port=" + httpPort,
                "--http-management-port=" + managementPort,
                "--cache=local",
                "--db=dev-mem",
                "--health-enabled=true",
                "--log-level=INFO,io.eidhub:debug",
                // what an operator runs (README "Operating it"): /metrics on the management port, user-event
                // counters per realm and idp, and the brokers' upstream timers (io.eidhub.it.metrics)
                "--metrics-enabled=true",
                "--features=user-event-metrics",
                "--event-metrics-user-enabled=true",
                "--event-metrics-user-tags=realm,idp"));
        cmd.addAll(extraArgs);

        try {
            Files.createDirectories(this.logFile.getParent());
            if (!Files.exists(this.logFile)) {
                Files.createFile(this.logFile);
            }
            this.logStart = Files.size(this.logFile);
            Files.writeString(this.logFile, "\n===== eidhub-it: " + String.join(" ", cmd) + "\n",
                    StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }

        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(this.home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(this.logFile.toFile()));
        Map<String, String> env = pb.environment();
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);

        long t0 = System.nanoTime();
        try {
            this.process = pb.start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + cmd, e);
        }
        this.shutdownHook = new Thread(this::stopProcess, "keycloak-server-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        try {
            awaitReady(startTimeout());
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        this.startupTime = Duration.ofNanos(System.nanoTime() - t0);
        System.out.printf("[eidhub-it] Keycloak ready at %s (management %d) in %.1f s, log %s%n",
                baseUrl(), managementPort, startupTime.toMillis() / 1000.0, this.logFile);
    }

    private void awaitReady(Duration timeout) {
        URI ready = URI.create(managementUrl() + "/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak exited with code " + process.exitValue()
                        + " before it was ready. Log tail (" + logFile + "):\n" + logTail(60));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Keycloak not ready after " + timeout.toSeconds() + " s ("
                        + ready + "). Log tail (" + logFile + "):\n" + logTail(60));
            }
            try {
                Thread.sleep(250); // readiness polling only
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for Keycloak", e);
            }
        }
    }

    /** Stops the server (SIGTERM to kc.sh and the JVM, 30 s grace, then SIGKILL) and closes the admin client. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Keycloak ac = adminClient;
        if (ac != null) {
            try {
                ac.close();
            } catch (RuntimeException ignored) {
                // best effort
            }
        }
        long t0 = System.nanoTime();
        stopProcess();
        if (startupTime != null) {
            System.out.printf("[eidhub-it] Keycloak at %s stopped in %.1f s%n", baseUrl(),
                    (System.nanoTime() - t0) / 1e9);
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException | NullPointerException ignored) {
            // JVM already shutting down, or start failed before the hook existed
        }
    }

    /**
     * The server JVM's threads with their stacks ({@code jcmd <pid> Thread.print} of the JDK running the tests), for
     * tests that check that no request thread is left waiting. {@code kc.sh} does not exec java: the JVM is the child.
     */
    public String threadDump() {
        ProcessHandle jvm = concat(process.toHandle(), process.descendants().toList()).stream()
                .filter(h -> h.info().command().map(c -> c.endsWith("/java")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no java process under " + process.pid()));
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process p = new ProcessBuilder(jcmd.toString(), Long.toString(jvm.pid()), "Thread.print")
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("jcmd failed: " + out);
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void stopProcess() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> descendants = process.descendants().toList();
        process.destroy();
        descendants.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        for (ProcessHandle h : concat(process.toHandle(), descendants)) {
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                h.onExit().get(left, java.util.concurrent.TimeUnit.NANOSECONDS);
            } catch (Exception e) {
                // timed out: forced below
            }
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        descendants.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
    }

    private static List<ProcessHandle> concat(ProcessHandle first, List<ProcessHandle> rest) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        return all;
    }

    // ------------------------------------------------------------------ accessors

    /** {@code http://localhost:<port>} (no trailing slash). */
    @Override
    public String baseUrl() {
        return "http://localhost:" + httpPort;
    }

    /** {@code http://localhost:<management port>} (health and metrics). */
    public String managementUrl() {
        return "http://localhost:" + managementPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public int managementPort() {
        return managementPort;
    }

    public Path home() {
        return home;
    }

    public Path logFile() {
        return logFile;
    }

    /** Time from process start to {@code /health/ready} = 200. */
    public Duration startupTime() {
        return startupTime;
    }

    @Override
    public boolean isRunning() {
        return !closed && process.isAlive();
    }

    /** {@code <base>/realms/<realm>} = the realm's OIDC issuer. */
    @Override
    public String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }

    /**
     * Admin client for the master realm as admin/admin (admin-cli), created once and shared; closed with the server.
     * Do not close it yourself.
     */
    @Override
    public Keycloak adminClient() {
        Keycloak ac = adminClient;
        if (ac == null) {
            synchronized (this) {
                ac = adminClient;
                if (ac == null) {
                    ac = Keycloak.getInstance(baseUrl(), "master", ADMIN_USER, ADMIN_PASSWORD, "admin-cli");
                    adminClient = ac;
                }
            }
        }
        return ac;
    }

    /** A new throw-away realm with a random name (see {@link TestRealm}); delete it with {@link TestRealm#close()}. */
    public TestRealm createRealm() {
        return TestRealm.create(this);
    }

    /** A new throw-away realm whose name starts with {@code prefix} (random suffix). */
    public TestRealm createRealm(String prefix) {
        return TestRealm.create(this, prefix);
    }

    // ------------------------------------------------------------------ log

    /** The text this server instance wrote to the log file so far (earlier runs' output excluded). */
    public String serverLog() {
        return readLog(logStart);
    }

    /** Current end of the log; pass it to {@link #serverLogSince(long)} to see only what a test caused. */
    @Override
    public long logMark() {
        try {
            return Files.size(logFile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Log text written after {@code mark} (from {@link #logMark()}). Keycloak logs asynchronously: poll if needed. */
    @Override
    public String serverLogSince(long mark) {
        return readLog(mark);
    }

    /** The last {@code lines} lines of the log file. */
    public String logTail(int lines) {
        String text = readLog(Math.max(0, logStart));
        List<String> all = Arrays.asList(text.split("\n", -1));
        return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    }

    private String readLog(long from) {
        try (RandomAccessFile f = new RandomAccessFile(logFile.toFile(), "r")) {
            long len = f.length();
            if (from >= len) {
                return "";
            }
            byte[] buf = new byte[(int) (len - from)];
            f.seek(from);
            f.readFully(buf);
            return new String(buf, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ------------------------------------------------------------------ config

    static Path homeFromSystemProperties() {
        String home = System.getProperty("kc.home");
        if (home == null || home.isBlank()) {
            throw new IllegalStateException("System property kc.home is not set (run the ITs through failsafe: "
                    + "mvn -f integration-tests/pom.xml verify)");
        }
        return Paths.get(home);
    }

    static Path logFromSystemProperties() {
        String log = System.getProperty("kc.log");
        if (log == null || log.isBlank()) {
            return homeFromSystemProperties().toAbsolutePath().getParent().resolve("keycloak-server.log");
        }
        return Paths.get(log);
    }

    static List<String> extraArgsFromSystemProperties() {
        String extra = System.getProperty("kc.extraArgs", "").trim();
        return extra.isEmpty() ? List.of() : List.of(extra.split("\\s+"));
    }

    private static Duration startTimeout() {
        String s = System.getProperty("kc.startTimeoutSeconds");
        return s == null || s.isBlank() ? DEFAULT_START_TIMEOUT : Duration.ofSeconds(Long.parseLong(s.trim()));
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String toString() {
        return "KeycloakServer[" + baseUrl() + ", home=" + home + "]";
    }
}
