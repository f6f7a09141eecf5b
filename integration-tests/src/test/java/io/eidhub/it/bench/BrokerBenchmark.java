package io.eidhub.it.bench;

import io.eidhub.it.KeycloakServer;
import io.eidhub.it.SimulatorControl;
import io.eidhub.it.TestRealm;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.Simulator;
import io.eidhub.simulator.SimulatorOptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The broker benchmark: complete logins (no browser engine: the rig's cookie-jar {@code Browser}), through to the
 * application's code exchange, against the rig's Keycloak 26.7.3 and an in-JVM simulator, for the five brokers of
 * {@link BenchBroker} (its own quiet simulator on a free port), interleaved in ABBA rounds after a warm-up. Not part of {@code mvn verify} (its name does not
 * end in IT); run it with the README's command:
 *
 * <pre>
 * mvn -B verify -pl integration-tests -am -Dit.test=BrokerBenchmark -Dtest=None -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dbench.logins=200 -Dbench.concurrency=4 -Dbench.report=target/benchmark/benchmark.json
 * </pre>
 *
 * <p>{@code bench.logins} measured logins per broker (default 100), {@code bench.warmup} per broker (default 20),
 * {@code bench.rounds} (default 10; each round runs every broker's block once, in one order, the next round in the
 * reverse order), {@code bench.concurrency} logins in flight (default 4), {@code bench.report} the JSON file,
 * {@code bench.svg} the chart (default next to the report). Throughput is a broker's successful logins over the wall
 * time of its blocks; the upstream requests per login are the simulator's per-endpoint counts over the same blocks.
 */
@WithKeycloak
class BrokerBenchmark {

    @Test
    void run() throws Exception {
        int logins = Integer.getInteger("bench.logins", 100);
        int warmup = Integer.getInteger("bench.warmup", 20);
        int rounds = Math.max(1, Math.min(Integer.getInteger("bench.rounds", 10), logins));
        int concurrency = Integer.getInteger("bench.concurrency", 4);
        Path report = Path.of(System.getProperty("bench.report", "target/benchmark/benchmark.json"));
        Path svg = Path.of(System.getProperty("bench.svg", report.toString().replaceAll("\\.json$", "") + ".svg"));

        KeycloakServer server = KeycloakServer.shared();
        // a simulator of its own, quiet: the shared one prints a line per request
        try (Simulator sim = Simulator.start(SimulatorOptions.defaults().quiet(true));
             TestRealm realm = TestRealm.create(server, "bench")) {
            SimulatorControl control = new SimulatorControl(sim.baseUrl());
            // the stock broker reads a userinfo JWT only when it is labelled application/jwt (itsme labels it
            // application/json, which the hub brokers accept): the same label for all three itsme brokers
            sim.setSwitch(Simulator.ITSME_V2, "userinfoApplicationJwt", true);
            realm.prepareForLoadRuns();
            Map<String, Object> mappers = new LinkedHashMap<>();
            for (BenchBroker b : BenchBroker.ALL) {
                b.install(realm, sim);
                mappers.put(b.name(), b.mapperCount(realm));
            }
            // a fair comparison: each stock broker has as many mappers (the same claims into the same attributes)
            // as the hub broker it is compared with
            assertEquals(mappers.get("itsme"), mappers.get("oidc-itsme"), "mappers per broker " + mappers);
            assertEquals(mappers.get("itsme"), mappers.get("itsme-userinfo"), "mappers per broker " + mappers);
            assertEquals(mappers.get("idemia"), mappers.get("oidc-idemia"), "mappers per broker " + mappers);
            Map<String, Object> jars = installedJars(server.home().resolve("providers"));
            assertEquals(2, jars.size(), "exactly one jar in providers/: " + jars);
            assertTrue(jars.keySet().iterator().next().startsWith("eidhub-keycloak"), "the one jar: " + jars);

            Map<String, BenchResult> results = new LinkedHashMap<>();
            BenchBroker.ALL.forEach(b -> results.put(b.name(), new BenchResult(b.name())));
            ExecutorService pool = Executors.newFixedThreadPool(concurrency);
            try {
                // warm-up: the first login creates each broker's account and loads discovery and JWKS
                for (BenchBroker b : BenchBroker.ALL) {
                    b.login(realm);
                    block(pool, realm, b, Math.max(0, warmup - 1), null, control);
                }
                for (int round = 0; round < rounds; round++) {
                    List<BenchBroker> order = new ArrayList<>(BenchBroker.ALL);
                    if (round % 2 == 1) {
                        java.util.Collections.reverse(order);
                    }
                    int n = logins / rounds + (round < logins % rounds ? 1 : 0);
                    for (BenchBroker b : order) {
                        block(pool, realm, b, n, results.get(b.name()), control);
                    }
                }
            } finally {
                pool.shutdownNow();
            }

            Map<String, Object> run = new LinkedHashMap<>();
            run.put("loginsPerBroker", logins);
            run.put("warmupPerBroker", warmup);
            run.put("rounds", rounds);
            run.put("concurrency", concurrency);
            run.put("keycloak", "26.7.3 (start-dev, dev-mem database, local cache, child process of the test JVM)");
            run.put("keycloakStartSeconds", server.startupTime() == null ? null : server.startupTime().toMillis() / 1000.0);
            run.put("installedJars", jars);
            run.put("mappersPerBroker", mappers);
            BenchReport out = new BenchReport(results, run, machine());
            System.out.println("\n[benchmark]\n" + out.table());
            out.writeJson(report);
            out.writeSvg(svg);
            System.out.println("[benchmark] report " + report.toAbsolutePath() + ", chart " + svg.toAbsolutePath());
            for (BenchResult r : results.values()) {
                assertEquals(0, r.errors(), r.name + ": failed logins (see the table above)");
            }
        }
    }

    /** {@code n} logins of one broker, {@code concurrency} in flight; measured when {@code into} is not null. */
    private static void block(ExecutorService pool, TestRealm realm, BenchBroker broker, int n, BenchResult into,
                              SimulatorControl control) throws Exception {
        Map<String, Long> before = into == null ? null : counts(control, broker.tenant());
        long t0 = System.nanoTime();
        List<Future<?>> running = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            running.add(pool.submit(() -> {
                long start = System.nanoTime();
                boolean ok = false;
                try {
                    broker.login(realm);
                    ok = true;
                } catch (RuntimeException | AssertionError e) {
                    System.out.println("[benchmark] " + broker + " login failed: " + firstLine(e));
                }
                if (into != null) {
                    into.login(System.nanoTime() - start, ok);
                }
            }));
        }
        for (Future<?> f : running) {
            f.get();
        }
        if (into != null) {
            long wall = System.nanoTime() - t0;
            Map<String, Long> after = counts(control, broker.tenant());
            Map<String, Long> delta = new LinkedHashMap<>();
            BenchResult.ENDPOINTS.forEach(e -> delta.put(e, after.getOrDefault(e, 0L) - before.getOrDefault(e, 0L)));
            into.block(wall, delta);
        }
    }

    private static Map<String, Long> counts(SimulatorControl control, String tenant) {
        Map<String, Long> out = new LinkedHashMap<>();
        Map<String, Integer> c = control.counts().get(tenant);
        if (c != null) {
            c.forEach((k, v) -> out.put(k, v.longValue()));
        }
        return out;
    }

    private static String firstLine(Throwable e) {
        String m = String.valueOf(e.getMessage());
        int nl = m.indexOf('\n');
        return e.getClass().getSimpleName() + ": " + (nl < 0 ? m : m.substring(0, nl));
    }

    /** The jars in Keycloak's {@code providers/} (what an admin installs), name to bytes, and their total. */
    static Map<String, Object> installedJars(Path providers) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        long total = 0;
        try (Stream<Path> files = Files.list(providers)) {
            for (Path jar : files.filter(p -> p.toString().endsWith(".jar")).sorted().toList()) {
                long size = Files.size(jar);
                out.put(jar.getFileName().toString(), size);
                total += size;
            }
        }
        out.put("totalBytes", total);
        return out;
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpu", cpuModel());
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.version"));
        m.put("memoryGiB", totalMemoryGiB());
        return m;
    }

    private static String cpuModel() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst().orElse(System.getProperty("os.arch"));
        } catch (IOException | RuntimeException e) {
            return System.getProperty("os.arch");
        }
    }

    private static Object totalMemoryGiB() {
        try (Stream<String> lines = Files.lines(Path.of("/proc/meminfo"))) {
            return lines.filter(l -> l.startsWith("MemTotal:")).map(l -> Math.round(Long.parseLong(l.replaceAll("\\D", "")) / 1048576.0))
                    .findFirst().orElse(null);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
