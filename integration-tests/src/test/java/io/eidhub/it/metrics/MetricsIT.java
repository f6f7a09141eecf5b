package io.eidhub.it.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eidhub.it.SimulatorControl;
import io.eidhub.simulator.Fault;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.eidhub.it.Browser;
import io.eidhub.it.KeycloakServer;
import io.eidhub.it.Page;
import io.eidhub.it.TestRealm;
import io.eidhub.it.WithKeycloak;
import io.eidhub.it.idemia.IdemiaBroker;
import io.eidhub.simulator.Simulator;
import org.junit.jupiter.api.Test;

/**
 * What an operator sees on Keycloak's management {@code /metrics} (the rig starts Keycloak as README "Operating it"
 * says: {@code --metrics-enabled=true}, feature {@code user-event-metrics}, {@code --event-metrics-user-enabled=true},
 * {@code --event-metrics-user-tags=realm,idp}): user events per realm and idp, and the brokers' upstream timers.
 * Counters are cumulative over the shared server, so the test compares before and after its own logins.
 */
@WithKeycloak
class MetricsIT {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)\\{([^}]*)}\\s+(\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

    @Test
    void loginsRefusalsAndUpstreamCallsPerProvider(KeycloakServer server, TestRealm realm, Simulator sim) throws Exception {
        IdemiaBroker broker = IdemiaBroker.classic(realm, sim).createBroker(Map.of());
        String metricsBefore = metrics(server);

        // two logins (the first creates the user), then one the token endpoint refuses
        for (int i = 0; i < 2; i++) {
            Page done = broker.login(new Browser(), realm.authRequest(), "dana");
            assertTrue(done.stopped(), done.describe());
        }
        SimulatorControl.of(sim).arm("idemia", Fault.TOKEN_ERROR);
        Page refused = broker.login(new Browser(), realm.authRequest(), "eli");
        assertFalse(refused.stopped(), refused.describe());
        assertTrue(realm.findUser(broker.username("eli")).isEmpty(), "nothing created on a refused login");

        String metricsAfter = metrics(server);
        Map<String, String> realmAndIdp = Map.of("realm", realm.name(), "idp", IdemiaBroker.ALIAS);

        // Keycloak's user-event metrics: logins and the broker's refusal, per idp, the refusal with its error
        assertEquals(2, delta(metricsBefore, metricsAfter, "keycloak_user_events_total",
                with(realmAndIdp, "event", "login", "error", "")), metricsAfter);
        assertEquals(1, delta(metricsBefore, metricsAfter, "keycloak_user_events_total",
                with(realmAndIdp, "event", "identity_provider_login", "error", "identity_provider_login_failure")),
                userEventLines(metricsAfter));

        // the brokers' upstream timers: three token calls (two ok, one refused), userinfo for the two good ones,
        // the JWKS of this new broker once; discovery is cached per URL across realms (fetched by some idemia broker)
        Map<String, String> idemia = Map.of("idp", IdemiaBroker.ALIAS);
        assertEquals(2, delta(metricsBefore, metricsAfter, "eidhub_upstream_seconds_count",
                with(idemia, "endpoint", "token", "outcome", "ok")), upstreamLines(metricsAfter));
        assertEquals(1, delta(metricsBefore, metricsAfter, "eidhub_upstream_seconds_count",
                with(idemia, "endpoint", "token", "outcome", "http_error")), upstreamLines(metricsAfter));
        assertEquals(2, delta(metricsBefore, metricsAfter, "eidhub_upstream_seconds_count",
                with(idemia, "endpoint", "userinfo", "outcome", "ok")), upstreamLines(metricsAfter));
        assertEquals(1, delta(metricsBefore, metricsAfter, "eidhub_upstream_seconds_count",
                with(idemia, "endpoint", "jwks", "outcome", "ok")), upstreamLines(metricsAfter));
        assertTrue(value(metricsAfter, "eidhub_upstream_seconds_count", with(idemia, "endpoint", "discovery", "outcome", "ok")) >= 1,
                upstreamLines(metricsAfter));
        // latency buckets for histogram_quantile (token-endpoint p95 in README "Operating it")
        assertEquals(2, delta(metricsBefore, metricsAfter, "eidhub_upstream_seconds_bucket",
                with(idemia, "endpoint", "token", "outcome", "ok", "le", "+Inf")), lines(metricsAfter, "eidhub_upstream_seconds_bucket"));
    }

    @Test
    void anUnreachableProviderIsCountedAsSuch(KeycloakServer server, TestRealm realm, Simulator sim) throws Exception {
        // a broker whose discovery URL points at a closed port of this machine
        String closed = "http://127.0.0.1:" + closedPort() + "/oxauth/.well-known/openid-configuration";
        IdemiaBroker.classic(realm, sim).createBroker(Map.of("metadataUrl", closed));
        String before = metrics(server);
        Page page = realm.authRequest().idpHint(IdemiaBroker.ALIAS).start(new Browser());
        assertFalse(page.stopped(), page.describe());
        String after = metrics(server);
        assertEquals(1, delta(before, after, "eidhub_upstream_seconds_count",
                Map.of("idp", IdemiaBroker.ALIAS, "endpoint", "discovery", "outcome", "unreachable")), upstreamLines(after));
    }

    /** A port nothing listens on: bound, read, released. */
    private static int closedPort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    // ------------------------------------------------------------------ Prometheus text

    private static String metrics(KeycloakServer server) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(URI.create(server.managementUrl() + "/metrics")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), "management /metrics: " + response.body());
        return response.body();
    }

    private static Map<String, String> with(Map<String, String> base, String... pairs) {
        Map<String, String> labels = new LinkedHashMap<>(base);
        for (int i = 0; i < pairs.length; i += 2) {
            labels.put(pairs[i], pairs[i + 1]);
        }
        return labels;
    }

    private static double delta(String before, String after, String name, Map<String, String> labels) {
        return value(after, name, labels) - value(before, name, labels);
    }

    /** The sum of the samples of {@code name} whose labels include {@code labels}; 0 when there is none. */
    private static double value(String text, String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            Matcher sample = SAMPLE.matcher(line);
            if (!sample.find() || !sample.group(1).equals(name)) {
                continue;
            }
            Map<String, String> found = new LinkedHashMap<>();
            Matcher label = LABEL.matcher(sample.group(2));
            while (label.find()) {
                found.put(label.group(1), label.group(2));
            }
            if (found.entrySet().containsAll(labels.entrySet())) {
                sum += Double.parseDouble(sample.group(3));
            }
        }
        return sum;
    }

    private static String userEventLines(String text) {
        return lines(text, "keycloak_user_events_total");
    }

    private static String upstreamLines(String text) {
        return lines(text, "eidhub_upstream_seconds_count");
    }

    private static String lines(String text, String name) {
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            if (line.startsWith(name)) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }
}
