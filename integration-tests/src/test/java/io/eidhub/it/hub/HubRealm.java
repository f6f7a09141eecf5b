package io.eidhub.it.hub;

import io.eidhub.it.KeycloakServer;
import io.eidhub.simulator.ClientRegistration;
import io.eidhub.simulator.Placeholders;
import io.eidhub.simulator.Simulator;
import io.eidhub.simulator.SimulatorOptions;
import io.eidhub.simulator.demo.DemoApp;
import org.keycloak.admin.client.resource.RealmResource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The run command's demo realm on the test Keycloak: {@code hub/realm-hub.json} and {@code hub/simulator-clients.json}
 * (the very files {@code run-hub.sh} and {@code docker-compose.yml} use), with their {@code ${HUB_*}} placeholders
 * resolved to this test's ports by {@link Placeholders} (the rules Keycloak's {@code --import-realm} applies), the
 * realm imported as one JSON document through the admin REST API (as a realm import would), the simulator clients
 * registered at the shared simulator, and the demo app mounted on it under {@code /demo}.
 */
final class HubRealm implements AutoCloseable {

    static final String REALM = "hub";
    static final String DEMO_CLIENT = "demo-app";
    /** The simulator client id of both brokers in hub/*.json. */
    static final String UPSTREAM_CLIENT = "eidhub-demo";

    final KeycloakServer server;
    final Simulator sim;
    final Map<String, String> variables;
    final DemoApp demoApp;

    private HubRealm(KeycloakServer server, Simulator sim, Map<String, String> variables, DemoApp demoApp) {
        this.server = server;
        this.sim = sim;
        this.variables = variables;
        this.demoApp = demoApp;
    }

    static HubRealm start(KeycloakServer server, Simulator sim) {
        Path dir = hubDir();
        Map<String, String> variables = Map.of(
                "HUB_KC_URL", server.baseUrl(),
                "HUB_SIM_URL", sim.baseUrl(),
                "HUB_DEMO_APP_SECRET", "it-" + UUID.randomUUID(),
                "HUB_IDEMIA_CLIENT_SECRET", "it-" + UUID.randomUUID());

        String realmJson = Placeholders.resolve(read(dir.resolve("realm-hub.json")), variables);
        deleteRealmIfPresent(server);
        importRealm(server, realmJson);

        List<ClientRegistration> clients = SimulatorOptions.loadClients(dir.resolve("simulator-clients.json"), variables::get);
        clients.forEach(sim::registerClient);

        DemoApp demo = new DemoApp(server.realmUrl(REALM), DEMO_CLIENT, variables.get("HUB_DEMO_APP_SECRET"),
                sim.baseUrl() + DemoApp.PATH);
        sim.unmount(DemoApp.PATH);
        sim.mount(DemoApp.PATH, demo);
        return new HubRealm(server, sim, variables, demo);
    }

    /** {@code <repo>/hub}: system property {@code hub.dir} (set by failsafe), else {@code ../hub}. */
    static Path hubDir() {
        Path dir = Path.of(System.getProperty("hub.dir", "../hub")).toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve("realm-hub.json"))) {
            throw new IllegalStateException("No realm-hub.json in " + dir + " (system property hub.dir)");
        }
        return dir;
    }

    RealmResource realm() {
        return server.adminClient().realm(REALM);
    }

    String demoHome() {
        return demoApp.homeUrl();
    }

    /** The upstream {@code sub} the simulator gives a test person for the hub's client. */
    static String upstreamSub(String provider, String person) {
        return Simulator.subject(provider, UPSTREAM_CLIENT, person);
    }

    @Override
    public void close() {
        sim.unmount(DemoApp.PATH);
        if (!Boolean.getBoolean("eidhub.keepRealms")) {
            deleteRealmIfPresent(server);
        }
    }

    // ------------------------------------------------------------------ admin REST

    private static void importRealm(KeycloakServer server, String realmJson) {
        HttpResponse<String> r = send(server, HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/realms"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(realmJson, StandardCharsets.UTF_8)));
        if (r.statusCode() != 201) {
            throw new AssertionError("Importing hub/realm-hub.json failed: HTTP " + r.statusCode() + " " + r.body()
                    + "\nKeycloak log tail:\n" + server.logTail(40));
        }
    }

    private static void deleteRealmIfPresent(KeycloakServer server) {
        send(server, HttpRequest.newBuilder(URI.create(server.baseUrl() + "/admin/realms/" + REALM)).DELETE());
    }

    private static HttpResponse<String> send(KeycloakServer server, HttpRequest.Builder request) {
        String token = server.adminClient().tokenManager().getAccessTokenString();
        try {
            return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build()
                    .send(request.header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build(),
                            HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
