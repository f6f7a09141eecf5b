package io.eidhub.simulator;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.PrintStream;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Placeholders (shared with Keycloak's realm import), the hub's client file, and the --wait-for probe. */
class HubConfigTest {

    @Test
    void placeholdersFollowKeycloaksImportRules() {
        Map<String, String> env = Map.of("A", "1", "URL", "http://kc:8080", "EMPTY", "");
        assertEquals("1", Placeholders.resolve("${A}", env));
        assertEquals("1", Placeholders.resolve("${A:2}", env));
        assertEquals("http://localhost:8099/x", Placeholders.resolve("${B:http://localhost:8099}/x", env),
                "the default is everything after the first colon");
        assertEquals("http://kc:8080/realms/hub", Placeholders.resolve("${URL:http://localhost:8080}/realms/hub", env));
        assertEquals("", Placeholders.resolve("${EMPTY:x}", env));
        assertEquals("${ALIAS}.${CLAIM.sub}", Placeholders.resolve("${ALIAS}.${CLAIM.sub}", env),
                "unset variables without a default stay as they are (username templates, ${vault.x})");
        assertEquals("a ${ unterminated", Placeholders.resolve("a ${ unterminated", env));
        assertEquals("no placeholder", Placeholders.resolve("no placeholder", env));
    }

    @Test
    void theHubClientFileResolvesItsPlaceholders() {
        Path file = Path.of("../hub/simulator-clients.json");
        List<ClientRegistration> defaults = SimulatorOptions.loadClients(file, name -> null);
        assertEquals(2, defaults.size());
        ClientRegistration itsme = defaults.stream().filter(c -> c.provider().equals("itsme")).findFirst().orElseThrow();
        assertEquals("http://localhost:8080/realms/hub/protocol/openid-connect/certs", itsme.jwksUri());
        assertEquals(List.of("http://localhost:8080/realms/hub/broker/itsme/endpoint"), itsme.redirectUris());
        assertEquals(List.of("EIDHUB_DEMO"), itsme.serviceCodes());
        assertEquals("private_key_jwt", itsme.authMethod());

        Map<String, String> env = Map.of("HUB_KC_URL", "http://localhost:1234", "HUB_IDEMIA_CLIENT_SECRET", "s3");
        ClientRegistration idemia = SimulatorOptions.loadClients(file, env::get).stream()
                .filter(c -> c.provider().equals("idemia")).findFirst().orElseThrow();
        assertEquals("s3", idemia.clientSecret());
        assertEquals("client_secret_basic", idemia.authMethod());
        assertEquals(List.of("http://localhost:1234/realms/hub/broker/idemia/endpoint/logout_response"),
                idemia.postLogoutRedirectUris());
    }

    @Test
    void waitForAnswersReadyTimedOutOrWatchedProcessExited() throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ready", ex -> {
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
        PrintStream err = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            assertEquals(WaitFor.READY, WaitFor.run(url + "/ready", Duration.ofSeconds(10), List.of(), err));
            assertEquals(WaitFor.TIMED_OUT, WaitFor.run(url + "/missing", Duration.ofSeconds(1), List.of(), err),
                    "a 404 is not ready");
            assertEquals(WaitFor.TIMED_OUT, WaitFor.run("http://127.0.0.1:" + freePort() + "/", Duration.ofSeconds(1),
                    List.of(), err));
            Process exited = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-version").redirectErrorStream(true).start();
            exited.getInputStream().readAllBytes();
            exited.waitFor();
            assertEquals(WaitFor.WATCHED_PROCESS_EXITED, WaitFor.run(url + "/missing", Duration.ofSeconds(30),
                    List.of(ProcessHandle.current().pid(), exited.pid()), err));
        } finally {
            server.stop(0);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
