package io.eidhub.simulator;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * Command line: {@code java -jar eidhub-simulator.jar [--port 8099] [--config clients.json] [--base-url URL]
 * [--keys keys.json] [--quiet]}.
 */
public final class SimulatorMain {

    private SimulatorMain() {
    }

    public static void main(String[] args) throws Exception {
        SimulatorOptions options = SimulatorOptions.defaults().port(SimulatorOptions.DEFAULT_PORT);
        try {
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--port" -> options.port(Integer.parseInt(value(args, ++i, "--port")));
                    case "--config" -> options.configFile(Path.of(value(args, ++i, "--config")));
                    case "--base-url" -> options.baseUrl(value(args, ++i, "--base-url"));
                    case "--keys" -> options.keysFile(Path.of(value(args, ++i, "--keys")));
                    case "--quiet" -> options.quiet(true);
                    case "-h", "--help" -> {
                        usage();
                        return;
                    }
                    default -> throw new IllegalArgumentException("unknown argument " + args[i]);
                }
            }
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println("error: " + e.getMessage());
            usage();
            System.exit(2);
            return;
        }

        Simulator sim = Simulator.start(options);
        System.out.print(sim.describe());
        System.out.println("  clients: " + (sim.clients().isEmpty() ? "(none; POST them to /sim/api/clients)"
                : sim.clients().stream().map(c -> c.provider() + ":" + c.clientId()).toList()));
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
                  --port N          TCP port on 127.0.0.1 (default 8099, 0 = any free port)
                  --config FILE     JSON {"clients":[...]} registered at start
                  --base-url URL    public base URL used in issuers/endpoints (default http://127.0.0.1:PORT)
                  --keys FILE       keep the signing/encryption keys in this private JWKS file (created if missing)
                  --quiet           no per-request logging""");
    }
}
