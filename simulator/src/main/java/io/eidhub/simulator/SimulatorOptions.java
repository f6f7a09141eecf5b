package io.eidhub.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Start options of a {@link Simulator} (fluent, mutable). */
public final class SimulatorOptions {

    /** The command-line default port. */
    public static final int DEFAULT_PORT = 8099;

    /** The default listening address: loopback only. */
    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    private int port = 0;
    private String bindAddress = DEFAULT_BIND_ADDRESS;
    private String baseUrl;
    private final List<ClientRegistration> clients = new ArrayList<>();
    private boolean quiet;
    private Duration clientJwksCacheTtl = Duration.ofSeconds(30);
    private Path keysFile;

    /** Port 0 (a free port), no clients, logging on. */
    public static SimulatorOptions defaults() {
        return new SimulatorOptions();
    }

    /** TCP port on 127.0.0.1; 0 picks a free port. */
    public SimulatorOptions port(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        this.port = port;
        return this;
    }

    /**
     * The address to listen on; default {@value #DEFAULT_BIND_ADDRESS}. {@code 0.0.0.0} is only meant for a container,
     * whose published port must reach the simulator (the simulator has no authentication of its control API).
     */
    public SimulatorOptions bindAddress(String bindAddress) {
        this.bindAddress = bindAddress == null || bindAddress.isBlank() ? DEFAULT_BIND_ADDRESS : bindAddress.trim();
        return this;
    }

    /** Public base URL used in issuers and endpoint URLs; default {@code http://127.0.0.1:<port>}. */
    public SimulatorOptions baseUrl(String baseUrl) {
        this.baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl.replaceAll("/+$", "");
        return this;
    }

    public SimulatorOptions client(ClientRegistration client) {
        this.clients.add(client);
        return this;
    }

    public SimulatorOptions clients(Collection<ClientRegistration> clients) {
        this.clients.addAll(clients);
        return this;
    }

    /**
     * Adds the clients of a JSON config file {@code {"clients":[...]}} (a bare array is accepted too).
     * {@code ${NAME}} and {@code ${NAME:default}} placeholders are resolved from the environment first
     * (see {@link Placeholders}).
     */
    public SimulatorOptions configFile(Path file) {
        return clients(loadClients(file));
    }

    /** No per-request logging (the start banner is still printed). */
    public SimulatorOptions quiet(boolean quiet) {
        this.quiet = quiet;
        return this;
    }

    /** How long a client JWKS is cached (default 30 s); a kid miss always refetches. */
    public SimulatorOptions clientJwksCacheTtl(Duration ttl) {
        this.clientJwksCacheTtl = ttl;
        return this;
    }

    /**
     * A private JWKS file holding the simulator's keys (created when missing), so that keys and kids survive
     * process restarts. Without it keys are generated once per JVM.
     */
    public SimulatorOptions keysFile(Path keysFile) {
        this.keysFile = keysFile;
        return this;
    }

    public int port() {
        return port;
    }

    public String bindAddress() {
        return bindAddress;
    }

    public String baseUrl() {
        return baseUrl;
    }

    public List<ClientRegistration> clients() {
        return List.copyOf(clients);
    }

    public boolean quiet() {
        return quiet;
    }

    public Duration clientJwksCacheTtl() {
        return clientJwksCacheTtl;
    }

    public Path keysFile() {
        return keysFile;
    }

    /**
     * Parses a config file: {@code {"clients":[{...}, ...]}} or {@code [{...}, ...]}, after resolving its
     * placeholders from the environment.
     */
    public static List<ClientRegistration> loadClients(Path file) {
        return loadClients(file, System::getenv);
    }

    /** Parses a config file after resolving its placeholders with {@code variables} (null = unset). */
    public static List<ClientRegistration> loadClients(Path file, Function<String, String> variables) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        try {
            return parseClients(Placeholders.resolve(text, variables));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** Parses the JSON text of a config file (no placeholder resolution). */
    public static List<ClientRegistration> parseClients(String text) {
        String json = text.trim();
        try {
            Object list = json.startsWith("[") ? Json.parseObject("{\"clients\":" + json + "}").get("clients")
                    : Json.parseObject(json).get("clients");
            List<ClientRegistration> out = new ArrayList<>();
            if (list instanceof List<?> items) {
                for (Object item : items) {
                    Map<String, Object> m = Json.asObject(item);
                    if (m == null) {
                        throw new IllegalArgumentException("each client must be a JSON object");
                    }
                    out.add(ClientRegistration.fromMap(m));
                }
            } else if (list != null) {
                throw new IllegalArgumentException("'clients' must be an array");
            }
            return out;
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid JSON: " + e.getMessage(), e);
        }
    }
}
