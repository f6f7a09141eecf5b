package io.eidhub.it.hostile;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.Callback;
import io.eidhub.it.EidBroker;
import io.eidhub.it.KeycloakTarget;
import io.eidhub.it.SimulatorControl;
import io.eidhub.it.Page;
import io.eidhub.it.TestRealm;
import io.eidhub.simulator.Fault;
import io.eidhub.simulator.Simulator;
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
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Hostile providers: every broken answer of itsme or IDEMIA is refused, and nothing is created or changed.
 *
 * <p>One realm holds both brokers (itsme with a key-pair client, IDEMIA with {@code form_post}); a baseline login of
 * one person per provider creates an account and loads each provider's JWKS. Then every scenario arms a simulator
 * fault, or replays / tampers with an authorization response, and asserts:
 * <ul>
 *   <li>the browser ends on Keycloak's error page (4xx/5xx, no stack trace) with the expected translated message,
 *       never back at the application with a code;</li>
 *   <li>an error event names the reason ({@code details.reason}, plus {@code details.check} for an ID token that fails
 *       a check) and the identity provider; no login event;</li>
 *   <li>no user, federated link or attribute was created or changed;</li>
 *   <li>no log line, of Keycloak (at the rig's level, {@code io.eidhub} at debug) or of the simulator, holds the client
 *       secret, an authorization code, an access or ID token (or any 40+ character segment of one), a client assertion
 *       or a PKCE verifier of this client, as the simulator recorded them.</li>
 * </ul>
 * The same scenarios run on two kinds of Keycloak: the rig's distribution ({@link HostileProvidersIT}) and the official
 * image through testcontainers-keycloak ({@link HostileProvidersContainerIT}, skipped without Docker). A subclass says
 * how to reach its Keycloak ({@link KeycloakTarget}) and which simulator that Keycloak can reach.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class HostileProviderScenarios {

    /**
     * Keycloak's {@code --spi-public-key-storage--infinispan--min-time-between-requests} (default 10 s): a key miss
     * refetches the JWKS only when the last fetch is older than this. Set it here too when the server runs with another.
     */
    static final long JWKS_MIN_SECONDS = Long.getLong("eidhub.it.jwksMinTimeBetweenRequests", 10);

    private static final String INVALID = "eidhubInvalidResponse";
    private static final String ACR_NOT_MET = "eidhubAcrNotMet";
    private static final String PROVIDER_ERROR = "eidhubProviderError";

    /** The Keycloak under test (started on first call). */
    protected abstract KeycloakTarget target();

    /**
     * The server log since {@code mark}, once it shows {@code expected} or after 10 s (Keycloak logs asynchronously);
     * the caller asserts on what it got.
     */
    private String serverLogOnceItShows(long mark, String expected) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        String log = target().serverLogSince(mark);
        while (!log.contains(expected) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            log = target().serverLogSince(mark);
        }
        return log;
    }

    /** A simulator the Keycloak under test reaches through the URLs in the simulator's discovery documents. */
    protected abstract Simulator simulator();

    /** The simulator's base URL as THIS JVM reaches it. */
    protected abstract String simulatorLocalUrl();

    /** A new browser able to reach the simulator's pages. */
    protected Browser newBrowser() {
        return new Browser();
    }

    /** Changes to the realm before the brokers are added (e.g. TLS requirements of a container). */
    protected void prepareRealm(RealmRepresentation realm) {
    }

    /** Called last, after the realm is deleted. */
    protected void afterScenarios() {
    }

    protected TestRealm realm;
    private EidBroker itsme;
    private EidBroker idemia;
    private SimulatorControl control;
    private StdoutTap simulatorOutput;
    private long classLogMark;

    // ------------------------------------------------------------------ setup

    @BeforeAll
    void createRealmWithBothBrokersAndLogInOnce() {
        simulatorOutput = StdoutTap.install();
        classLogMark = target().logMark();
        realm = TestRealm.create(target(), "hostile");
        RealmRepresentation rep = realm.resource().toRepresentation();
        rep.setInternationalizationEnabled(true);
        rep.setSupportedLocales(Set.of("en", "fr", "nl", "de"));
        rep.setDefaultLocale("en");
        prepareRealm(rep);
        realm.resource().update(rep);
        control = new SimulatorControl(simulatorLocalUrl());
        control.clearFaults();
        control.clearClaimOverrides();
        List<EidBroker> brokers = HostileBrokers.create(realm, simulator());
        itsme = brokers.get(0);
        idemia = brokers.get(1);
        for (EidBroker up : upstreams()) {
            AuthRequest request = realm.authRequest();
            request.finish(up.login(browser("en"), request, up.existingPerson()));
            assertNotNull(realm.user(up.username(up.existingPerson())));
            assertTrue(control.jwksCount(up.tenant()) > 0, "the baseline login loaded the " + up + " JWKS");
        }
    }

    @AfterAll
    void deleteRealm() {
        try {
            if (control != null) {
                control.clearFaults();
                control.clearClaimOverrides();
            }
            if (realm != null) {
                realm.close();
            }
        } finally {
            if (simulatorOutput != null) {
                simulatorOutput.uninstall();
            }
            afterScenarios();
        }
    }

    List<EidBroker> upstreams() {
        return List.of(itsme, idemia);
    }

    // ------------------------------------------------------------------ the broken token answers

    /** A simulator fault and how Keycloak must refuse it. */
    enum BrokenAnswer {
        WRONG_ISS(Fault.WRONG_ISS, "invalid_id_token", "iss", INVALID, "fr"),
        WRONG_AUD(Fault.WRONG_AUD, "invalid_id_token", "aud", INVALID, "en"),
        EXPIRED(Fault.EXPIRED, "invalid_id_token", "exp", INVALID, "en"),
        IAT_FUTURE(Fault.IAT_FUTURE, "iat_in_future", "iat", INVALID, "en"),
        BAD_SIGNATURE(Fault.BAD_SIGNATURE, "invalid_id_token", "signature", INVALID, "en"),
        ALG_NONE(Fault.ALG_NONE, "invalid_id_token", "alg", INVALID, "en"),
        NONCE_MISMATCH(Fault.NONCE_MISMATCH, "nonce_mismatch", null, INVALID, "en"),
        MISSING_ACR(Fault.MISSING_ACR, "acr_missing", null, ACR_NOT_MET, "en"),
        LOWER_ACR(Fault.LOWER_ACR, "acr_too_low", null, ACR_NOT_MET, "nl"),
        USERINFO_SUB_MISMATCH(Fault.USERINFO_SUB_MISMATCH, "userinfo_sub_mismatch", null, INVALID, "en"),
        UNENCRYPTED_ID_TOKEN(Fault.UNENCRYPTED_ID_TOKEN, "id_token_not_encrypted", null, INVALID, "de"),
        TOKEN_ERROR(Fault.TOKEN_ERROR, "token_error:invalid_grant", null, PROVIDER_ERROR, "de"),
        MULTI_AUD_NO_AZP(Fault.MULTI_AUD_NO_AZP, "invalid_id_token", "azp", INVALID, "en"),
        /** itsme's key-pair broker holds the placeholder secret an admin types in the console's form. */
        DIR_FOR_KEY_PAIR(Fault.DIR_FOR_KEY_PAIR, "id_token_not_encrypted", null, INVALID, "fr"),
        /** Run last, see {@link #unknownKidIsRefusedAfterTheJwksIsRefetched}. */
        UNKNOWN_KID(Fault.UNKNOWN_KID, "invalid_id_token", "kid", INVALID, "en");

        final Fault fault;
        final String reason;
        final String check;
        final String message;
        final String locale;

        BrokenAnswer(Fault fault, String reason, String check, String message, String locale) {
            this.fault = fault;
            this.reason = reason;
            this.check = check;
            this.message = message;
            this.locale = locale;
        }

        boolean appliesTo(EidBroker up) {
            return (this != UNENCRYPTED_ID_TOKEN && this != DIR_FOR_KEY_PAIR) || "itsme".equals(up.providerId());
        }

        @Override
        public String toString() {
            return fault.id();
        }
    }

    Stream<Arguments> brokenAnswers() {
        List<Arguments> out = new ArrayList<>();
        for (EidBroker up : upstreams()) {
            for (BrokenAnswer answer : BrokenAnswer.values()) {
                if (answer != BrokenAnswer.UNKNOWN_KID && answer.appliesTo(up)) {
                    out.add(Arguments.of(up, answer));
                }
            }
        }
        return out.stream();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("brokenAnswers")
    void brokenTokenAnswerIsRefused(EidBroker up, BrokenAnswer answer) {
        refuseBrokenAnswer(up, answer);
    }

    private void refuseBrokenAnswer(EidBroker up, BrokenAnswer answer) {
        Scene scene = new Scene(up);
        control.arm(up.providerId(), answer.fault);
        Page page = up.login(browser(answer.locale), realm.authRequest().uiLocales(answer.locale), up.newPerson());
        scene.assertRefused(page, Expected.eidhub(answer.reason, answer.check, answer.message, answer.locale, 502));
        assertTrue(scene.reachedTokenEndpoint(), "the simulator issued a code and " + up + " redeemed it");
        // what the log check looked for includes this attempt's secrets
        Map<String, Object> redeemed = scene.lastTokenRequest();
        List<String> expected = new ArrayList<>(List.of("code", "codeVerifier"));
        if (up.clientSecret() == null) {
            expected.add("clientAssertion");
        }
        if (answer != BrokenAnswer.TOKEN_ERROR) {
            expected.addAll(List.of("accessToken", "idToken", "idTokenJws"));
        }
        for (String key : expected) {
            assertNotNull(redeemed.get(key), key + " recorded for the log check: " + redeemed.keySet());
        }
    }

    // ------------------------------------------------------------------ broken authorization responses

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreams")
    void errorWithoutStateIsRefused(EidBroker up) {
        Scene scene = new Scene(up);
        control.arm(up.providerId(), Fault.ERROR_WITHOUT_STATE);
        Page page = up.login(browser("en"), realm.authRequest(), up.newPerson());
        EventRepresentation event = scene.assertRefused(page, Expected.eidhub("state_missing", null, INVALID, "en", 400));
        assertEquals("access_denied", event.getDetails().get("provider_error"), realm.describeEvents());
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreams")
    void tamperedOrMissingStateIsRefused(EidBroker up) {
        Browser browser = browser("en");
        Callback genuine = up.approveAndCapture(browser, up.openPhone(browser, realm.authRequest()), up.newPerson());
        assertNotNull(genuine.state());
        assertNotNull(genuine.code());

        Scene tampered = new Scene(up);
        Page page = genuine.with("state", tamper(genuine.state())).deliver(browser);
        tampered.assertRefused(page, Expected.eidhub("state_invalid", null, INVALID, "en", 400));
        assertFalse(tampered.reachedTokenEndpoint(), "the code was not redeemed for a tampered state");

        Scene missing = new Scene(up);
        page = genuine.with("state", null).deliver(browser);
        missing.assertRefused(page, Expected.eidhub("state_missing", null, INVALID, "en", 400));
        assertFalse(missing.reachedTokenEndpoint(), "the code was not redeemed without a state");
    }

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreams")
    void replayedResponseAndReusedCodeAreRefused(EidBroker up) {
        String person = up.existingPerson();
        Browser browser = browser("en");
        AuthRequest request = realm.authRequest();
        Callback callback = up.approveAndCapture(browser, up.openPhone(browser, request), person);
        request.finish(callback.deliver(browser));

        // the very same response again, in the browser that just logged in
        Scene replay = new Scene(up);
        Page page = callback.deliver(browser);
        replay.assertRefused(page, Expected.eidhub("state_invalid", null, INVALID, "en", 400));
        assertFalse(replay.reachedTokenEndpoint(), "a replayed response does not redeem its code again");

        // ... and in another browser
        Scene elsewhere = new Scene(up);
        page = callback.deliver(browser("en"));
        elsewhere.assertRefused(page, Expected.keycloak("state_invalid", NO_LOGIN_IN_THIS_BROWSER, 400));
        assertFalse(elsewhere.reachedTokenEndpoint(), "a replayed response does not redeem its code again");

        // the code once more, now under the state of a new login: Keycloak redeems it, the provider refuses
        Browser other = browser("en");
        Page phone = up.openPhone(other, realm.authRequest());
        String newState = up.approveAndCapture(other, phone, person).state();
        Scene reuse = new Scene(up);
        page = callback.with("state", newState).deliver(other);
        reuse.assertRefused(page, Expected.eidhub("token_error:invalid_grant", null, PROVIDER_ERROR, "en", 502));
        SimulatorControl.TokenRequestRecord tokenRequest = control.lastTokenRequest(up.tenant());
        assertEquals("error: invalid_grant", tokenRequest.outcome(), tokenRequest.toString());
        assertEquals("authorization code already used", tokenRequest.errorDescription(), tokenRequest.toString());
    }

    /**
     * {@code login_required} (what a provider answers a {@code prompt=none} request without a session of its own) is
     * sent on to the application as that OpenID Connect error, as Keycloak's own broker does, so that an
     * application's silent login learns it must show a login; nothing is created.
     */
    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreams")
    void loginRequiredReachesTheApplication(EidBroker up) {
        Scene scene = new Scene(up);
        control.arm(up.providerId(), Fault.LOGIN_REQUIRED);
        AuthRequest request = realm.authRequest();
        Page page = up.login(browser("en"), request, up.newPerson());
        request.assertCallback(page);
        assertEquals("login_required", page.queryParam("error"), page.describe());
        assertEquals(null, page.queryParam("code"), page.describe());
        scene.assertNothingChanged("provider_error:login_required");
    }

    // ------------------------------------------------------------------ an existing account

    @Order(5)
    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreams")
    void refusedLoginOfAnExistingUserChangesNothing(EidBroker up) {
        String person = up.existingPerson();
        String username = up.username(person);
        String lastName = realm.user(username).getLastName();
        String changed = "Changed-" + up.providerId();
        control.overrideClaims(up.providerId(), person, Map.of(up.lastNameClaim(), changed));
        try {
            Scene scene = new Scene(up);
            control.arm(up.providerId(), Fault.WRONG_ISS);
            Page page = up.login(browser("en"), realm.authRequest(), person);
            scene.assertRefused(page, Expected.eidhub("invalid_id_token", "iss", INVALID, "en", 502));
            assertEquals(lastName, realm.user(username).getLastName(), "the refused login left the profile as it was");

            // the same login without the fault: the simulator's new claims DO reach the account (sync mode FORCE)
            AuthRequest request = realm.authRequest();
            request.finish(up.login(browser("en"), request, person));
            assertEquals(changed, realm.user(username).getLastName(), "a valid login applies the provider's claims");
        } finally {
            control.clearClaimOverrides();
        }
        AuthRequest request = realm.authRequest();
        request.finish(up.login(browser("en"), request, person));
        assertEquals(lastName, realm.user(username).getLastName());
    }

    // ------------------------------------------------------------------ discovery

    /**
     * A discovery document whose token endpoint is plain {@code http} on a host the realm requires TLS for
     * ({@code http_endpoint}), or whose {@code issuer} is on another host than its URL ({@code foreign_issuer}), is
     * refused before the browser is sent to the provider. Each runs on a broker of its own (Keycloak's brokers share one
     * cached document per discovery URL).
     */
    @Order(7)
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"http_endpoint", "foreign_issuer"})
    void anUntrustworthyDiscoveryDocumentIsRefused(String variant) {
        org.keycloak.representations.idm.IdentityProviderRepresentation rep =
                realm.resource().identityProviders().get(idemia.alias()).toRepresentation();
        String alias = "idemia-" + variant.replace('_', '-');
        rep.setAlias(alias);
        rep.setInternalId(null);
        rep.getConfig().put("metadataUrl", rep.getConfig().get("metadataUrl") + "?variant=" + variant);
        try (jakarta.ws.rs.core.Response created = realm.resource().identityProviders().create(rep)) {
            assertEquals(201, created.getStatus(), "broker " + alias + " created");
        }
        try {
            long mark = target().logMark();
            int authorizationsBefore = control.credentials(idemia.clientId()).size();
            Browser browser = browser("en");
            Page page = realm.authRequest().idpHint(alias).start(browser);
            assertFalse(page.stopped(), "no code for the application: " + page.describe());
            assertNotEquals(java.net.URI.create(simulatorLocalUrl()).getPort(), page.url().getPort(),
                    "the browser was not sent to the provider: " + page.describe());
            assertTrue(page.status() >= 400, page.describe());
            assertEquals(authorizationsBefore, control.credentials(idemia.clientId()).size(), "nothing issued");
            String expected = "http_endpoint".equals(variant) ? "token_endpoint is plain http" : "issuer is not on the host of the discovery URL";
            String log = serverLogOnceItShows(mark, expected);
            assertTrue(log.contains("Identity provider " + alias + ": refusing the discovery document: " + expected),
                    "the server log names the problem");
        } finally {
            realm.resource().identityProviders().get(alias).remove();
        }
    }

    // ------------------------------------------------------------------ logout

    /**
     * IDEMIA's {@code end_session} fails while the broker was saved with {@code backchannelSupported=true}: Keycloak's
     * back-channel logout would log the logout URL with the ID token in {@code id_token_hint}. The brokers keep
     * back-channel logout off (the browser is sent to {@code end_session} instead), so no log line holds the token.
     */
    @Order(6)
    @Test
    void backchannelLogoutFailsWithoutLoggingTheIdToken() {
        EidBroker up = idemia;
        org.keycloak.admin.client.resource.IdentityProviderResource broker = realm.resource().identityProviders().get(up.alias());
        org.keycloak.representations.idm.IdentityProviderRepresentation rep = broker.toRepresentation();
        rep.getConfig().put("backchannelSupported", "true");
        broker.update(rep);
        try {
            Browser browser = browser("en");
            AuthRequest request = realm.authRequest();
            io.eidhub.it.Tokens tokens = request.finish(up.login(browser, request, up.existingPerson()));
            Scene scene = new Scene(up);
            int logoutsBefore = control.logouts().size();
            control.arm(up.providerId(), Fault.END_SESSION_ERROR);
            realm.logout(browser, tokens);
            List<Map<String, Object>> logouts = awaitLogouts(logoutsBefore + 1);
            assertEquals("server_error (fault)", logouts.get(logouts.size() - 1).get("outcome"), logouts.toString());
            String log = scene.serverLog();
            assertFalse(log.contains("id_token_hint="), "no logout URL with the ID token in the server log");
            scene.assertNoSecretLogged(log, up + " / backchannel_logout_fails");
        } finally {
            rep.getConfig().remove("backchannelSupported");
            broker.update(rep);
        }
    }

    private List<Map<String, Object>> awaitLogouts(int count) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        List<Map<String, Object>> logouts = control.logouts();
        while (logouts.size() < count && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            logouts = control.logouts();
        }
        assertEquals(count, logouts.size(), "end_session calls: " + logouts);
        return logouts;
    }

    // ------------------------------------------------------------------ unknown kid, last

    /**
     * Keycloak refetches a provider's JWKS when it meets an unknown {@code kid}, but not within
     * {@value #JWKS_MIN_SECONDS} s (by default) of the last fetch. This runs last, so that the time since the baseline
     * login's fetch has usually passed already; otherwise it waits for the rest.
     */
    @Order(100)
    @ParameterizedTest(name = "{0}")
    @MethodSource("upstreams")
    void unknownKidIsRefusedAfterTheJwksIsRefetched(EidBroker up) throws InterruptedException {
        int fetches = control.jwksCount(up.tenant());
        assertTrue(fetches > 0, "the baseline login loaded the JWKS");
        long wait = control.lastJwksRequestMillis(up.tenant()) + (JWKS_MIN_SECONDS + 1) * 1000 + 250 - System.currentTimeMillis();
        if (wait > 0) {
            System.out.printf("[hostile] %s: waiting %d ms until Keycloak may refetch the JWKS%n", up, wait);
            Thread.sleep(wait);
        }
        refuseBrokenAnswer(up, BrokenAnswer.UNKNOWN_KID);
        assertEquals(fetches + 1, control.jwksCount(up.tenant()),
                "Keycloak refetched the " + up + " JWKS once on the unknown kid, and still refused the token");
    }

    /** The successful logins too (baseline, replay, existing user): no secret in any line logged by this class. */
    @Order(200)
    @Test
    void noSecretOfEitherClientInAnyLogLineOfTheWholeRun() {
        String log = target().serverLogSince(classLogMark);
        String output = simulatorOutput.since(0);
        List<String> leaked = new ArrayList<>();
        for (EidBroker up : upstreams()) {
            Secrets secrets = Secrets.of(up.clientSecret(), control.credentials(up.clientId()));
            assertTrue(secrets.kinds().keySet().containsAll(List.of("authorization code", "PKCE verifier", "access token", "ID token")),
                    up + ": " + secrets.kinds());
            secrets.foundIn(log).forEach(l -> leaked.add(up + ", server log: " + l));
            secrets.foundIn(output).forEach(l -> leaked.add(up + ", simulator output: " + l));
        }
        assertTrue(log.contains("Refused login through identity provider"), "the server log of this class was read");
        assertTrue(leaked.isEmpty(), String.join("\n", leaked));
    }

    // ------------------------------------------------------------------ expectations

    /** Keycloak's own message for an answer that reaches a browser without the login's cookies. */
    static final String NO_LOGIN_IN_THIS_BROWSER = "cookieNotFoundMessage";

    /** How a refusal must look. {@code keycloakMessage}: a key of Keycloak's login theme instead of an eID hub key. */
    record Expected(String reason, String check, String message, boolean keycloakMessage, String locale, int status) {

        static Expected eidhub(String reason, String check, String message, String locale, int status) {
            return new Expected(reason, check, message, false, locale, status);
        }

        static Expected keycloak(String reason, String message, int status) {
            return new Expected(reason, null, message, true, "en", status);
        }

        String text() {
            return keycloakMessage ? ExpectedText.keycloak(message) : ExpectedText.eidhub(message, locale);
        }
    }

    /** The state before one refused attempt, and the checks after it. */
    final class Scene {
        private final EidBroker up;
        private final String accountsBefore;
        private final long logMark;
        private final int outputMark;
        private final int credentialsBefore;

        Scene(EidBroker up) {
            this.up = up;
            control.clearFaults();
            realm.clearEvents();
            this.accountsBefore = accounts();
            this.credentialsBefore = tokenRequests();
            this.logMark = target().logMark();
            this.outputMark = simulatorOutput.mark();
        }

        /** True when the simulator received a token request of this client since the scene began. */
        boolean reachedTokenEndpoint() {
            return tokenRequests() > credentialsBefore;
        }

        /** The simulator's record (with its secrets) of this client's last token request. */
        Map<String, Object> lastTokenRequest() {
            List<Map<String, Object>> requests = control.credentials(up.clientId()).stream()
                    .filter(c -> "token_request".equals(c.get("kind"))).toList();
            assertFalse(requests.isEmpty(), "no token request recorded");
            return requests.get(requests.size() - 1);
        }

        private int tokenRequests() {
            return (int) control.credentials(up.clientId()).stream()
                    .filter(c -> "token_request".equals(c.get("kind"))).count();
        }

        EventRepresentation assertRefused(Page page, Expected expected) {
            String where = up + " / " + expected.reason() + ": " + page.describe();

            // the browser: an error page, never the application with a code
            if (page.stopped()) {
                throw new AssertionError("the browser was sent on to " + page.url().getHost() + page.url().getPath()
                        + " instead of an error page (" + where + ")");
            }
            assertEquals(expected.status(), page.status(), where);
            assertFalse(page.body().contains("Exception"), "no stack trace on the page: " + where);
            assertFalse(page.body().matches("(?s).*\\bat (org|io|java|jdk|sun)\\.[a-zA-Z].*"), "no stack trace on the page: " + where);
            assertTrue(page.isKeycloakErrorPage(), "Keycloak's error page: " + where);
            assertEquals(expected.text(), ExpectedText.normalized(page.feedbackText().orElse("")), where);

            // the event
            List<EventRepresentation> events = realm.events();
            for (EventRepresentation e : events) {
                assertFalse(Set.of("LOGIN", "IDENTITY_PROVIDER_LOGIN", "CODE_TO_TOKEN", "REGISTER",
                                "IDENTITY_PROVIDER_FIRST_LOGIN", "FEDERATED_IDENTITY_LINK").contains(e.getType()),
                        "no login event: " + realm.describeEvents());
            }
            EventRepresentation event = events.stream()
                    .filter(e -> e.getType().endsWith("_ERROR") && e.getDetails() != null
                            && expected.reason().equals(e.getDetails().get("reason")))
                    .findFirst().orElseThrow(() -> new AssertionError("no error event with reason " + expected.reason()
                            + " (" + where + "):\n" + realm.describeEvents()));
            assertEquals(up.alias(), event.getDetails().get("identity_provider"), realm.describeEvents());
            if (expected.check() != null) {
                assertEquals(expected.check(), event.getDetails().get("check"), realm.describeEvents());
            }

            // the accounts
            assertEquals(accountsBefore, accounts(), "no user, link or attribute created or changed: " + where);

            // the logs
            String log = awaitServerLog("reason=\"" + expected.reason() + "\"");
            if (!expected.keycloakMessage()) {
                assertTrue(log.contains("Refused login through identity provider " + up.alias() + ": " + expected.reason()),
                        "our debug line is in the server log (io.eidhub at debug): " + where);
            }
            Secrets secrets = Secrets.of(up.clientSecret(), control.credentials(up.clientId()));
            assertTrue(secrets.size() > 0, "secrets to look for");
            List<String> leaked = new ArrayList<>(secrets.foundIn(log));
            secrets.foundIn(simulatorOutput.since(outputMark)).forEach(l -> leaked.add("simulator output: " + l));
            assertTrue(leaked.isEmpty(), "secrets in log lines (" + where + "):\n" + String.join("\n", leaked));
            return event;
        }

        /**
         * For an attempt that ends at the application rather than on an error page: the error event with {@code reason},
         * no login event, accounts unchanged, no secret in any log line.
         */
        void assertNothingChanged(String reason) {
            List<EventRepresentation> events = realm.events();
            for (EventRepresentation e : events) {
                assertFalse(Set.of("LOGIN", "IDENTITY_PROVIDER_LOGIN", "CODE_TO_TOKEN", "REGISTER",
                                "IDENTITY_PROVIDER_FIRST_LOGIN", "FEDERATED_IDENTITY_LINK").contains(e.getType()),
                        "no login event: " + realm.describeEvents());
            }
            assertTrue(events.stream().anyMatch(e -> e.getType().endsWith("_ERROR") && e.getDetails() != null
                    && reason.equals(e.getDetails().get("reason")) && up.alias().equals(e.getDetails().get("identity_provider"))),
                    "an error event with reason " + reason + ":\n" + realm.describeEvents());
            assertEquals(accountsBefore, accounts(), "no user, link or attribute created or changed");
            assertNoSecretLogged(awaitServerLog("reason=\"" + reason + "\""), up + " / " + reason);
        }

        /** No secret of this client in {@code log} nor in what the simulator printed since the scene began. */
        void assertNoSecretLogged(String log, String where) {
            Secrets secrets = Secrets.of(up.clientSecret(), control.credentials(up.clientId()));
            List<String> leaked = new ArrayList<>(secrets.foundIn(log));
            secrets.foundIn(simulatorOutput.since(outputMark)).forEach(l -> leaked.add("simulator output: " + l));
            assertTrue(leaked.isEmpty(), "secrets in log lines (" + where + "):\n" + String.join("\n", leaked));
        }

        /** The server log since the scene began. */
        String serverLog() {
            return target().serverLogSince(logMark);
        }

        /** The server log since the scene began, once it shows {@code expected} (Keycloak logs asynchronously). */
        private String awaitServerLog(String expected) {
            String log = serverLogOnceItShows(logMark, expected);
            assertTrue(log.contains(expected), "the server log shows the error event (" + expected + ")");
            return log;
        }
    }

    // ------------------------------------------------------------------ helpers

    private Browser browser(String locale) {
        return newBrowser().header("Accept-Language", locale);
    }

    /** Users (sorted by username) with profile, attributes and federated links, as one comparable text. */
    private String accounts() {
        StringBuilder out = new StringBuilder();
        List<UserRepresentation> users = new ArrayList<>(realm.users());
        users.sort(Comparator.comparing(UserRepresentation::getUsername));
        for (UserRepresentation u : users) {
            out.append(u.getUsername()).append(" id=").append(u.getId())
                    .append(" first=").append(u.getFirstName()).append(" last=").append(u.getLastName())
                    .append(" email=").append(u.getEmail()).append(" verified=").append(u.isEmailVerified())
                    .append(" enabled=").append(u.isEnabled())
                    .append(" attributes=").append(u.getAttributes() == null ? "{}" : new TreeMap<>(u.getAttributes()));
            List<FederatedIdentityRepresentation> links = new ArrayList<>(realm.resource().users().get(u.getId()).getFederatedIdentity());
            links.sort(Comparator.comparing(FederatedIdentityRepresentation::getIdentityProvider));
            for (FederatedIdentityRepresentation l : links) {
                out.append(" link=").append(l.getIdentityProvider()).append(':').append(l.getUserId()).append(':').append(l.getUserName());
            }
            out.append('\n');
        }
        return out.toString();
    }

    /** The state with one character of its first part (the authentication session code) changed. */
    private static String tamper(String state) {
        int dot = state.indexOf('.');
        int i = (dot > 0 ? dot : state.length()) - 1;
        char c = state.charAt(i);
        String tampered = state.substring(0, i) + (c == 'A' ? 'B' : 'A') + state.substring(i + 1);
        assertNotEquals(state, tampered);
        return tampered;
    }
}
