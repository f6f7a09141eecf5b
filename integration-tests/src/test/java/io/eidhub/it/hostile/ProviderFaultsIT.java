package io.eidhub.it.hostile;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.Callback;
import io.eidhub.it.EidBroker;
import io.eidhub.it.KeycloakServer;
import io.eidhub.it.Page;
import io.eidhub.it.SimulatorControl;
import io.eidhub.it.TestRealm;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.ClientRegistration;
import io.eidhub.simulator.Fault;
import io.eidhub.simulator.Simulator;
import io.eidhub.simulator.SimulatorOptions;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.representations.idm.FederatedIdentityRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults at the provider, on the real Keycloak: malformed token answers (HTML instead of JSON, a truncated JWT, a wrong
 * content type, a 50 MB body), a token endpoint slower than Keycloak's upstream read timeout, the provider down and
 * back, and a signing-key rotation in the middle of a run of logins. Both brokers (itsme with a key pair, IDEMIA with
 * {@code form_post}) run against a simulator of their own on a fixed port, so that it can be stopped and started
 * again without disturbing the other test classes.
 *
 * <p>Every refused attempt must end on Keycloak's translated error page, with an error event naming the reason, and
 * create or change nothing; every login after a fault must succeed again without a restart of anything.
 */
@WithKeycloak
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProviderFaultsIT {

    /**
     * Keycloak's upstream read timeout: {@code --spi-connections-http-client--default--socket-timeout-millis}, 5000 by
     * default. Set it here too when the rig's server runs with another.
     */
    static final long READ_TIMEOUT_MILLIS = Long.getLong("eidhub.it.upstreamSocketTimeoutMillis", 5000);
    /** Slack for a loaded 2-core machine between Keycloak giving up and the browser holding the page. */
    static final long PAGE_SLACK_MILLIS = 3000;

    private static final String INVALID = "eidhubInvalidResponse";
    private static final String UNAVAILABLE = "eidhubProviderUnavailable";
    /** A frame of the request thread while it waits for the token endpoint. */
    private static final String EXCHANGE_FRAME = "EidCallbackEndpoint.exchangeCode";

    private int port;
    private Simulator sim;
    private SimulatorControl control;
    private TestRealm realm;
    private EidBroker itsme;
    private EidBroker idemia;

    @BeforeAll
    void startSimulatorAndRealm() {
        port = freePort();
        sim = startSimulator(List.of());
        control = SimulatorControl.of(sim);
        realm = TestRealm.create(KeycloakServer.shared(), "faults");
        List<EidBroker> brokers = HostileBrokers.create(realm, sim);
        itsme = brokers.get(0);
        idemia = brokers.get(1);
        for (EidBroker up : upstreams()) {
            assertLogsIn(up);
        }
    }

    @AfterAll
    void stopAll() {
        if (realm != null) {
            realm.close();
        }
        if (sim != null) {
            sim.close();
        }
    }

    List<EidBroker> upstreams() {
        return List.of(itsme, idemia);
    }

    // ------------------------------------------------------------------ malformed answers

    /** A spoiled token answer and how the broker must refuse it. */
    enum Malformed {
        HTML_INSTEAD_OF_JSON(Fault.TOKEN_HTML, "token_response_unreadable", null),
        /** check {@code format} for itsme's JWE cut short; IDEMIA's JWS cut short has no signature left: {@code alg}. */
        TRUNCATED_JWT(Fault.TOKEN_TRUNCATED_JWT, "invalid_id_token", "format|alg"),
        WRONG_CONTENT_TYPE(Fault.TOKEN_WRONG_CONTENT_TYPE, "token_response_not_json", null),
        /** Keycloak stops keeping the body at its max-consumed-response-size (10 MB by default). */
        FIFTY_MEGABYTES(Fault.TOKEN_HUGE_BODY, "token_response_unreadable", null);

        final Fault fault;
        final String reason;
        final String check;

        Malformed(Fault fault, String reason, String check) {
            this.fault = fault;
            this.reason = reason;
            this.check = check;
        }

        @Override
        public String toString() {
            return fault.id();
        }
    }

    Stream<Arguments> malformedAnswers() {
        List<Arguments> out = new ArrayList<>();
        for (EidBroker up : upstreams()) {
            for (Malformed m : Malformed.values()) {
                out.add(Arguments.of(up, m));
            }
        }
        return out.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("malformedAnswers")
    void malformedTokenAnswerIsRefused(EidBroker up, Malformed answer) {
        control.clearFaults();
        Attempt attempt = new Attempt(up);
        control.arm(up.providerId(), answer.fault);
        Page page = up.login(browser(), realm.authRequest(), up.newPerson());
        EventRepresentation event = attempt.assertRefused(page, answer.reason, INVALID);
        if (answer.check != null) {
            String check = event.getDetails().get("check");
            assertTrue(check != null && check.matches(answer.check), "check " + check + ": " + realm.describeEvents());
        }
        SimulatorControl.TokenRequestRecord tokenRequest = control.lastTokenRequest(up.tenant());
        assertEquals("tokens_issued", tokenRequest.outcome(), "the simulator redeemed the code: " + tokenRequest);
        assertTrue(tokenRequest.faults().contains(answer.fault.id()), tokenRequest.toString());
        assertLogsIn(up);
    }

    // ------------------------------------------------------------------ slow provider

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreams")
    void slowTokenEndpointGivesTheUnavailablePageWithinTheTimeoutAndFreesTheThread(EidBroker up) throws Exception {
        KeycloakServer server = KeycloakServer.shared();
        assertFalse(server.threadDump().contains(EXCHANGE_FRAME), "no request thread waits for a token endpoint yet");
        control.clearFaults();
        Attempt attempt = new Attempt(up);
        control.arm(up.providerId(), Fault.TOKEN_SLOW, Duration.ofMillis(READ_TIMEOUT_MILLIS + 5000));
        Browser browser = browser();
        Page phone = up.openPhone(browser, realm.authRequest());

        // while the browser waits, one Keycloak request thread waits for the token endpoint
        CompletableFuture<String> duringTheWait = CompletableFuture.supplyAsync(() -> {
            sleep(READ_TIMEOUT_MILLIS / 2);
            return server.threadDump();
        });
        long t0 = System.nanoTime();
        Page page = up.answer(browser, phone, up.newPerson(), "approve");
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

        assertTrue(duringTheWait.get(30, TimeUnit.SECONDS).contains(EXCHANGE_FRAME),
                "the thread dump shows the request thread waiting in " + EXCHANGE_FRAME);
        attempt.assertRefused(page, "token_endpoint_timeout", UNAVAILABLE);
        assertTrue(millis >= READ_TIMEOUT_MILLIS - 500, "Keycloak waited for the read timeout: " + millis + " ms");
        assertTrue(millis <= READ_TIMEOUT_MILLIS + PAGE_SLACK_MILLIS,
                "the page came within the timeout (" + READ_TIMEOUT_MILLIS + " ms + slack): " + millis + " ms");
        assertFalse(server.threadDump().contains(EXCHANGE_FRAME),
                "no Keycloak thread still waits for the token endpoint once the page is out");
        assertLogsIn(up);
    }

    // ------------------------------------------------------------------ provider down, then back

    @Order(3)
    @Test
    void providerDownGivesTheUnavailablePageAndLoginsWorkAgainWhenItIsBack() {
        List<Callback> approved = new ArrayList<>();
        List<Browser> browsers = new ArrayList<>();
        for (EidBroker up : upstreams()) {
            Browser browser = browser();
            browsers.add(browser);
            approved.add(up.approveAndCapture(browser, up.openPhone(browser, realm.authRequest()), up.newPerson()));
        }
        List<ClientRegistration> clients = sim.clients();
        sim.close();
        try {
            for (int i = 0; i < upstreams().size(); i++) {
                EidBroker up = upstreams().get(i);
                Attempt attempt = new Attempt(up);
                long t0 = System.nanoTime();
                Page page = approved.get(i).deliver(browsers.get(i));
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
                attempt.assertRefused(page, "token_endpoint_unreachable", UNAVAILABLE);
                assertTrue(millis < READ_TIMEOUT_MILLIS, "a refused connection is answered at once: " + millis + " ms");
            }
        } finally {
            sim = startSimulator(clients);
            assertEquals(clients.size(), sim.clients().size(), "the same clients are registered again");
        }
        for (EidBroker up : upstreams()) {
            assertLogsIn(up);
        }
    }

    // ------------------------------------------------------------------ key rotation

    @Order(4)
    @Test
    void signingKeyRotationMidRunFailsNoLoginAndRefetchesTheJwksOnce() {
        int rounds = 3;
        for (int i = 0; i < rounds; i++) {
            upstreams().forEach(this::assertLogsIn);
        }
        Map<String, Integer> fetchesBefore = new TreeMap<>();
        Map<String, String> oldKid = new TreeMap<>();
        long lastFetch = 0;
        for (EidBroker up : upstreams()) {
            fetchesBefore.put(up.tenant(), control.jwksCount(up.tenant()));
            lastFetch = Math.max(lastFetch, control.lastJwksRequestMillis(up.tenant()));
            oldKid.put(up.tenant(), sim.currentSigningKid(up.tenant()));
            Map<String, Object> state = control.rotateSigningKey(up.tenant());
            assertEquals(2, ((List<?>) state.get("published")).size(), "the overlap publishes both keys: " + state);
            assertNotEquals(oldKid.get(up.tenant()), sim.currentSigningKid(up.tenant()));
        }
        // Keycloak refetches a JWKS on an unknown kid, but not within min-time-between-requests of the last fetch
        long wait = lastFetch + (HostileProviderScenarios.JWKS_MIN_SECONDS + 1) * 1000 - System.currentTimeMillis();
        if (wait > 0) {
            System.out.printf("[faults] waiting %d ms until Keycloak may refetch the JWKS%n", wait);
            sleep(wait);
        }
        for (int i = 0; i < rounds; i++) {
            upstreams().forEach(this::assertLogsIn);
        }
        for (EidBroker up : upstreams()) {
            Map<String, Object> state = control.retireOldSigningKeys(up.tenant());
            assertFalse(((List<?>) state.get("published")).contains(oldKid.get(up.tenant())), "the old key is gone: " + state);
        }
        for (int i = 0; i < rounds; i++) {
            upstreams().forEach(this::assertLogsIn);
        }
        for (EidBroker up : upstreams()) {
            assertEquals(fetchesBefore.get(up.tenant()) + 1, control.jwksCount(up.tenant()),
                    up + ": the JWKS was fetched once for the new key, not per login");
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A complete login of the existing person, through to the application's code exchange. */
    private void assertLogsIn(EidBroker up) {
        AuthRequest request = realm.authRequest();
        request.finish(up.login(browser(), request, up.existingPerson()));
    }

    private Browser browser() {
        return new Browser().header("Accept-Language", "en");
    }

    private Simulator startSimulator(List<ClientRegistration> clients) {
        try {
            return Simulator.start(SimulatorOptions.defaults().port(port).quiet(true).clients(clients));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the simulator on port " + port, e);
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Users (sorted by username) with profile, attributes and federated links, as one comparable text. */
    private String accounts() {
        StringBuilder out = new StringBuilder();
        List<UserRepresentation> users = new ArrayList<>(realm.users());
        users.sort(Comparator.comparing(UserRepresentation::getUsername));
        for (UserRepresentation u : users) {
            out.append(u.getUsername()).append(" id=").append(u.getId()).append(" last=").append(u.getLastName())
                    .append(" attributes=").append(u.getAttributes() == null ? "{}" : new TreeMap<>(u.getAttributes()));
            for (FederatedIdentityRepresentation l : realm.resource().users().get(u.getId()).getFederatedIdentity()) {
                out.append(" link=").append(l.getIdentityProvider()).append(':').append(l.getUserId());
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The state before one refused attempt, and the checks after it. */
    private final class Attempt {
        private final EidBroker up;
        private final String accountsBefore;

        Attempt(EidBroker up) {
            this.up = up;
            realm.clearEvents();
            this.accountsBefore = accounts();
        }

        EventRepresentation assertRefused(Page page, String reason, String message) {
            String where = up + " / " + reason + ": " + page.describe();
            assertFalse(page.stopped(), "an error page, not the application: " + where);
            assertEquals(502, page.status(), where);
            assertTrue(page.isKeycloakErrorPage(), "Keycloak's error page: " + where);
            assertFalse(page.body().contains("Exception"), "no stack trace on the page: " + where);
            assertEquals(ExpectedText.eidhub(message, "en"), ExpectedText.normalized(page.feedbackText().orElse("")), where);

            List<EventRepresentation> events = realm.events();
            for (EventRepresentation e : events) {
                assertFalse(Set.of("LOGIN", "IDENTITY_PROVIDER_LOGIN", "CODE_TO_TOKEN", "REGISTER",
                        "IDENTITY_PROVIDER_FIRST_LOGIN", "FEDERATED_IDENTITY_LINK").contains(e.getType()),
                        "no login event: " + realm.describeEvents());
            }
            EventRepresentation event = events.stream()
                    .filter(e -> e.getType().endsWith("_ERROR") && e.getDetails() != null
                            && reason.equals(e.getDetails().get("reason")))
                    .findFirst().orElseThrow(() -> new AssertionError("no error event with reason " + reason
                            + " (" + where + "):\n" + realm.describeEvents()));
            assertEquals(up.alias(), event.getDetails().get("identity_provider"), realm.describeEvents());
            assertEquals(accountsBefore, accounts(), "no user, link or attribute created or changed: " + where);
            return event;
        }
    }
}
