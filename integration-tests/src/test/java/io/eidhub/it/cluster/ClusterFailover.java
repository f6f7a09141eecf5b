package io.eidhub.it.cluster;

import io.eidhub.it.KeycloakServer;
import io.eidhub.it.TestRealm;
import io.eidhub.it.bench.BenchBroker;
import io.eidhub.simulator.Simulator;
import io.eidhub.simulator.SimulatorOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster test (README "A cluster"): two Keycloak nodes with clustering on, one PostgreSQL database, the eID
 * hub's jar installed, the simulator, all on 127.0.0.1, and broker logins driven across the nodes. Run by
 * {@code ./cluster-test.sh}, which provides the database ({@code CLUSTER_DB_URL}, {@code CLUSTER_DB_USERNAME},
 * {@code CLUSTER_DB_PASSWORD}); not part of {@code mvn verify} (its name does not end in IT).
 *
 * <ol>
 *   <li>every combination of start node, callback node and code-exchange node, for itsme ({@code query}) and
 *       IDEMIA ({@code form_post}), each request pinned to its node (no failover);</li>
 *   <li>{@code cluster.logins} (500) logins alternating between the nodes, {@code cluster.concurrency} (4) in
 *       flight: zero failures;</li>
 *   <li>a run during which node b is stopped (SIGTERM) and started again, then node a is killed (SIGKILL), the
 *       driver failing over on a refused connection: the only failures allowed are logins that had a request in
 *       flight on a at the kill; every login started after the kill succeeds on b.</li>
 * </ol>
 */
class ClusterFailover {

    private static final int LOGINS = Integer.getInteger("cluster.logins", 500);
    private static final int CONCURRENCY = Integer.getInteger("cluster.concurrency", 4);
    private static final int AFTER_KILL = Integer.getInteger("cluster.afterKill", 100);
    private static final Duration VIEW_TIMEOUT = Duration.ofSeconds(120);

    @Test
    void run() throws Exception {
        long t0 = System.nanoTime();
        Map<String, String> db = database();
        Path kcHome = Path.of(System.getProperty("kc.home"));
        Path dir = kcHome.getParent().resolve("cluster");
        prepare(kcHome, dir);

        String publicUrl = "http://127.0.0.1:" + KeycloakServer.freePort();
        ClusterNode a = new ClusterNode("a", dir.resolve("a"), dir.resolve("node-a.log"), publicUrl, db);
        ClusterNode b = new ClusterNode("b", dir.resolve("b"), dir.resolve("node-b.log"), publicUrl, db);
        List<ClusterNode> nodes = List.of(a, b);
        LoadBalancer lb = new LoadBalancer(Integer.parseInt(publicUrl.substring(publicUrl.lastIndexOf(':') + 1)), nodes);
        ClusterTarget target = new ClusterTarget(lb, nodes);
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().quiet(true))) {
            lb.start();
            a.start(); // first on the empty database: creates the schema
            b.start();
            a.awaitView(2, VIEW_TIMEOUT);
            b.awaitView(2, VIEW_TIMEOUT);
            TestRealm realm = realm(target, sim);
            List<BenchBroker> brokers = BenchBroker.ALL.stream().filter(x -> List.of("itsme", "idemia").contains(x.name())).toList();
            ClusterLogins logins = new ClusterLogins(realm, lb, nodes);

            crossNode(logins, brokers, a, b);
            alternating(logins, brokers, a, b);
            failover(logins, brokers, a, b);
            System.out.printf("[cluster] done in %.0f s (with the build and the node starts)%n", (System.nanoTime() - t0) / 1e9);
        } finally {
            target.closeAdminClients();
            lb.stop();
            b.close();
            a.close();
        }
    }

    /** Every (start, callback, exchange) combination with two nodes, both brokers; each request pinned. */
    private static void crossNode(ClusterLogins logins, List<BenchBroker> brokers, ClusterNode a, ClusterNode b) {
        int i = 0;
        for (BenchBroker broker : brokers) {
            // the first login of each broker creates its account
            for (ClusterNode[] p : new ClusterNode[][]{{a, b, a}, {a, b, b}, {b, a, b}, {b, a, a}, {a, a, b}, {b, b, a}}) {
                ClusterLogins.Outcome o = logins.run(i++, new ClusterLogins.Plan(broker, p[0], p[1], p[2]), false);
                System.out.printf("[cluster] cross-node login %-40s %s %d ms%n", o.plan(), o.ok() ? "OK  " : "FAIL " + o.error(), o.millis());
                assertTrue(o.ok(), o.plan() + ": " + o.error());
            }
        }
    }

    /** LOGINS logins, the start node alternating, the callback always on the other node, the exchange alternating. */
    private static void alternating(ClusterLogins logins, List<BenchBroker> brokers, ClusterNode a, ClusterNode b) throws Exception {
        logins.clear();
        List<ClusterNode> ab = List.of(a, b);
        long t0 = System.nanoTime();
        Dispatcher d = new Dispatcher(CONCURRENCY);
        for (int i = 0; i < LOGINS; i++) {
            ClusterNode start = ab.get(i % 2);
            ClusterLogins.Plan plan = new ClusterLogins.Plan(brokers.get((i / 2) % 2), start, start == a ? b : a, ab.get((i / 4) % 2));
            int index = i;
            d.submit(() -> logins.run(index, plan, false));
        }
        d.finish();
        double seconds = (System.nanoTime() - t0) / 1e9;
        List<ClusterLogins.Outcome> out = logins.outcomes();
        long failed = out.stream().filter(o -> !o.ok()).count();
        out.stream().filter(o -> !o.ok()).limit(5).forEach(o -> System.out.println("[cluster] failed: " + o.plan() + ": " + o.error()));
        System.out.printf("[cluster] alternating: %d logins, %d failures, %.1f s, %.1f logins/s, p50 %d ms, p95 %d ms, p99 %d ms%n",
                out.size(), failed, seconds, out.size() / seconds, percentile(out, 50), percentile(out, 95), percentile(out, 99));
        assertEquals(LOGINS, out.size());
        assertEquals(0, failed, "failed logins alternating between the nodes");
    }

    /**
     * Logins alternating with failover; b is stopped (SIGTERM) at the first fifth, started again; once it is back
     * in the cluster and a few logins went through it, a is killed (SIGKILL); AFTER_KILL more logins follow.
     */
    private static void failover(ClusterLogins logins, List<BenchBroker> brokers, ClusterNode a, ClusterNode b) throws Exception {
        logins.clear();
        List<ClusterNode> ab = List.of(a, b);
        AtomicLong stopAt = new AtomicLong();
        AtomicLong backAt = new AtomicLong();
        AtomicLong killAt = new AtomicLong();
        int stopIndex = Math.max(20, LOGINS / 5);
        Thread chaos = null;
        Dispatcher d = new Dispatcher(CONCURRENCY);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        int i = 0;
        int killIndex = -1;
        while (killIndex < 0 || i < killIndex + AFTER_KILL) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the failover run did not complete within 10 minutes (b back: " + (backAt.get() != 0) + ")");
            }
            if (i == stopIndex) {
                chaos = new Thread(() -> {
                    stopAt.set(System.nanoTime());
                    b.stop();
                    System.out.printf("[cluster] node b stopped (SIGTERM) in %.1f s%n", (System.nanoTime() - stopAt.get()) / 1e9);
                    b.start();
                    b.awaitView(2, VIEW_TIMEOUT);
                    backAt.set(System.nanoTime());
                }, "cluster-chaos");
                chaos.start();
            }
            if (killIndex < 0 && backAt.get() != 0 && i >= stopIndex + 40) {
                killIndex = i;
                killAt.set(System.nanoTime());
                a.kill();
                System.out.printf("[cluster] node a killed (SIGKILL) before login %d%n", i);
            }
            ClusterNode start = ab.get(i % 2);
            ClusterLogins.Plan plan = new ClusterLogins.Plan(brokers.get((i / 2) % 2), start, start == a ? b : a, ab.get((i / 4) % 2));
            int index = i;
            d.submit(() -> logins.run(index, plan, true));
            i++;
        }
        d.finish();
        if (chaos != null) {
            chaos.join();
        }
        List<ClusterLogins.Outcome> out = logins.outcomes();
        String aPort = ":" + a.httpPort + "/";
        long kill = killAt.get();
        List<ClusterLogins.Outcome> failed = out.stream().filter(o -> !o.ok()).toList();
        List<ClusterLogins.Outcome> inFlightOnKilled = failed.stream()
                .filter(o -> o.startNanos() < kill && o.endNanos() >= kill && o.error().contains(aPort)).toList();
        failed.forEach(o -> System.out.println("[cluster] failed login " + o.index() + " " + o.plan() + ": "
                + (o.error().length() > 400 ? o.error().substring(0, 150) + " ... " + o.error().substring(o.error().length() - 250) : o.error())));
        long afterKillOk = out.stream().filter(o -> o.startNanos() > kill && o.ok()).count();
        System.out.printf("[cluster] failover: %d logins, %d failures (%d in flight on node a when it was killed), "
                        + "stall after SIGTERM of b %d ms, stall after SIGKILL of a %d ms (p50 login %d ms), "
                        + "b back in the cluster %.1f s after its stop, %d logins served by b alone after the kill%n",
                out.size(), failed.size(), inFlightOnKilled.size(), stall(out, stopAt.get()), stall(out, kill),
                percentile(out, 50), (backAt.get() - stopAt.get()) / 1e9, afterKillOk);
        assertEquals(inFlightOnKilled.size(), failed.size(), "failed logins beyond the ones in flight on the killed node");
        assertTrue(inFlightOnKilled.size() <= CONCURRENCY, "more failures than logins in flight");
        assertEquals(out.stream().filter(o -> o.startNanos() > kill).count(), afterKillOk, "logins started after the kill");
        assertTrue(afterKillOk >= AFTER_KILL - CONCURRENCY, "the surviving node did not keep serving");
    }

    /** The longest wait, after {@code event}, for the next successful login to complete (within 60 s). */
    static long stall(List<ClusterLogins.Outcome> out, long event) {
        List<Long> ends = new ArrayList<>(out.stream().filter(ClusterLogins.Outcome::ok).map(ClusterLogins.Outcome::endNanos)
                .filter(e -> e >= event && e <= event + TimeUnit.SECONDS.toNanos(60)).sorted().toList());
        long previous = event;
        long longest = 0;
        for (long e : ends) {
            longest = Math.max(longest, e - previous);
            previous = e;
        }
        return longest / 1_000_000;
    }

    static long percentile(List<ClusterLogins.Outcome> out, int p) {
        List<Long> ms = out.stream().map(ClusterLogins.Outcome::millis).sorted().toList();
        return ms.isEmpty() ? 0 : ms.get(Math.min(ms.size() - 1, (int) Math.ceil(p / 100.0 * ms.size()) - 1));
    }

    /** A realm with the itsme and IDEMIA brokers of the benchmark, events off (as in the benchmark). */
    private static TestRealm realm(ClusterTarget target, Simulator sim) {
        TestRealm realm = TestRealm.create(target, "cluster");
        realm.prepareForLoadRuns();
        BenchBroker.ALL.stream().filter(x -> List.of("itsme", "idemia").contains(x.name())).forEach(x -> x.install(realm, sim));
        return realm;
    }

    private static Map<String, String> database() {
        String url = System.getenv("CLUSTER_DB_URL");
        if (url == null || url.isBlank()) {
            throw new IllegalStateException("No database: run the cluster test with ./cluster-test.sh (it starts PostgreSQL "
                    + "and sets CLUSTER_DB_URL, CLUSTER_DB_USERNAME, CLUSTER_DB_PASSWORD)");
        }
        return Map.of("KC_DB_URL", url, "KC_DB_USERNAME", System.getenv("CLUSTER_DB_USERNAME"),
                "KC_DB_PASSWORD", System.getenv("CLUSTER_DB_PASSWORD"));
    }

    /** Two copies of the rig's distribution (with the extension in providers/), built once for PostgreSQL. */
    private static void prepare(Path kcHome, Path dir) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        sh("rm", "-rf", dir.toString());
        Files.createDirectories(dir);
        sh("cp", "-a", kcHome.toString(), dir.resolve("a").toString());
        Path buildLog = dir.resolve("build.log");
        Process build = new ProcessBuilder("bash", dir.resolve("a/bin/kc.sh").toString(), "build", "--db=postgres",
                "--health-enabled=true", "--metrics-enabled=true")
                .redirectErrorStream(true).redirectOutput(buildLog.toFile()).start();
        build.getOutputStream().close();
        if (build.waitFor() != 0) {
            throw new IllegalStateException("kc.sh build failed; see " + buildLog);
        }
        sh("cp", "-a", dir.resolve("a").toString(), dir.resolve("b").toString());
        System.out.printf("[cluster] distribution built for PostgreSQL and copied in %.1f s (%s)%n", (System.nanoTime() - t0) / 1e9, dir);
    }

    private static void sh(String... cmd) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        if (p.waitFor() != 0) {
            throw new IllegalStateException("failed: " + String.join(" ", cmd));
        }
    }

    /** Runs tasks with at most {@code n} in flight, in submission order. */
    private static final class Dispatcher {
        private final int n;
        private final Semaphore slots;
        private final ExecutorService pool;

        Dispatcher(int n) {
            this.n = n;
            this.slots = new Semaphore(n);
            this.pool = Executors.newFixedThreadPool(n);
        }

        void submit(Runnable task) throws InterruptedException {
            slots.acquire();
            pool.submit(() -> {
                try {
                    task.run();
                } finally {
                    slots.release();
                }
            });
        }

        void finish() throws InterruptedException {
            slots.acquire(n);
            slots.release(n);
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
        }
    }
}
