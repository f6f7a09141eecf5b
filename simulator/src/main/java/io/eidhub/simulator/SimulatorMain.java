package io.eidhub.simulator;

import io.eidhub.simulator.demo.DemoApp;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code java -jar eidhub-simulator.jar [--port 8099] [--bind ADDRESS] [--config clients.json]
 * [--base-url URL] [--keys keys.json] [--quiet] [--demo-app-issuer URL [--demo-app-client-id ID]
 * [--demo-app-secret SECRET]]}, or the readiness probe {@code --wait-for URL [--timeout SECONDS] [--watch-pid PID]...}.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults().port(SimulatorOptions.DEFAULT_PORT);
        String demoIssuer = null;
        String demoClientId = "demo-app";
        String demoSecret = null;
        String waitFor = null;
        Duration timeout = Duration.ofSeconds(300);
        List<Long> watchedPids = new ArrayList<>();
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> options.port(Integer.parseInt(value(args, ++i, "--port")));
                    case "--bind" -> options.bindAddress(value(args, ++i, "--bind"));
                    case "--config" -> options.configFile(Path.of(value(args, ++i, "--config")));
                    case "--base-url" -> options.baseUrl(value(args, ++i, "--base-url"));
                    case "--keys" -> options.keysFile(Path.of(value(args, ++i, "--keys")));
                    case "--quiet" -> options.quiet(true);
                    case "--demo-app-issuer" -> demoIssuer = value(args, ++i, "--demo-app-issuer");
                    case "--demo-app-client-id" -> demoClientId = value(args, ++i, "--demo-app-client-id");
                    case "--demo-app-secret" -> demoSecret = value(args, ++i, "--demo-app-secret");
                    case "--wait-for" -> waitFor = value(args, ++i, "--wait-for");
                    case "--timeout" -> timeout = Duration.ofSeconds(Long.parseLong(value(args, ++i, "--timeout")));
                    case "--watch-pid" -> watchedPids.add(Long.parseLong(value(args, ++i, "--watch-pid")));
                    case "-h", "--help" -> {
                        usage();
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
            if (demoIssuer != null && demoSecret == null) {
                demoSecret = System.getenv("DEMO_APP_SECRET");
                if (demoSecret == null || demoSecret.isEmpty()) {
                    throw new IllegalArgumentException("--demo-app-issuer needs --demo-app-secret (or DEMO_APP_SECRET)");
                }
            }
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            usage();
            System.exit(2);
            return;
        }

        if (waitFor != null) {
            System.exit(WaitFor.run(waitFor, timeout, watchedPids, System.err));
            return;
        }

        Simulator sim = Simulator.start(options);
        System.out.print(sim.describe());
        System.out.println("  clients: " + (sim.clients().isEmpty() ? "(none; POST them to /sim/api/clients)"
                : sim.clients().stream().map(c -> c.provider() + ":" + c.clientId()).toList()));
        if (demoIssuer != null) {
            DemoApp demo = new DemoApp(demoIssuer, demoClientId, demoSecret, sim.baseUrl() + DemoApp.PATH);
            sim.mount(DemoApp.PATH, demo);
            System.out.println("  demo app: " + demo.homeUrl() + " (client " + demoClientId + " of " + demoIssuer
                    + "; redirect URI " + demo.redirectUri() + ")");
        }
        System.out.flush();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            sim.close();
            stopped.countDown();
        }, "eid-sim-shutdown"));
        stopped.await();
    }

    private static String value(String[] args, int i, String name) {
        if (i >= args.length) {
            throw new IllegalArgumentException(name + " needs a value");
        }
        return args[i];
    }

    private static void usage() {
        System.err.println("""
                usage: java -jar eidhub-simulator.jar [options]
                  --port N          TCP port (default 8099, 0 = any free port)
                  --bind ADDRESS    listening address (default 127.0.0.1; 0.0.0.0 only inside a container)
                  --config FILE     JSON {"clients":[...]} registered at start; ${VAR} and ${VAR:default}
                                    placeholders are read from the environment
                  --base-url URL    public base URL used in issuers/endpoints (default http://127.0.0.1:PORT)
                  --keys FILE       keep the signing/encryption keys in this private JWKS file (created if missing)
                  --quiet           no per-request logging
                demo app (the jwt.ms stand-in, served under /demo/):
                  --demo-app-issuer URL     Keycloak realm URL, e.g. http://localhost:8080/realms/hub
                  --demo-app-client-id ID   confidential client (default demo-app)
                  --demo-app-secret SECRET  its secret (default: the DEMO_APP_SECRET environment variable)
                readiness probe (exits 0 when URL answers 2xx, 1 on timeout, 3 if a watched process exited):
                  --wait-for URL [--timeout SECONDS (default 300)] [--watch-pid PID]...""");
    }
}
