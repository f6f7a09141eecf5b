package io.eidhub.it.loa;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.Page;
import io.eidhub.it.TestRealm;
import io.eidhub.it.Tokens;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import io.eidhub.simulator.Simulator;
import org.keycloak.representations.idm.EventRepresentation;

import java.util.List;
import java.util.Map;

import static io.eidhub.it.EidTestConstants.ITSME_CLAIM_PREFIX;
import static io.eidhub.it.EidTestConstants.ITSME_ACR_BASIC;
import static io.eidhub.it.EidTestConstants.ITSME_ACR_ADVANCED;
import static io.eidhub.it.loa.LoaHub.ITSME;
import static io.eidhub.it.loa.LoaHub.claimsAcrMember;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Levels of assurance through the itsme broker ({@code loaMapping = acr_basic:2 acr_advanced:3}) in a realm whose ACR to
 * LoA mapping is {@code substantial:2, high:3, very-high:4}: the application's request reaches itsme as one acr, the
 * acr itsme returns becomes the {@code acr} of the hub's tokens, SSO re-uses it, a higher request steps up at itsme,
 * and an essential level that is not met ends at the application as {@code unmet_authentication_requirements}.
 */
@WithKeycloak
class LoaItsmeIT {

    private static final String ESSENTIAL_HIGH = "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"high\"]}}}";
    private static final String ESSENTIAL_VERY_HIGH = "{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"very-high\"]}}}";

    @ParameterizedTest(name = "acr_values={0} -> itsme {1} -> acr {2}")
    @CsvSource({
            "substantial, acr_basic,    substantial",
            "high,        acr_advanced, high",
            "very-high,   acr_advanced, high",      // not essential: the best itsme can do
    })
    void freshLoginAtEachLevel(String requested, String upstream, String acr, TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withItsme();
        Browser browser = new Browser();
        AuthRequest request = realm.authRequest().idpHint(ITSME).acrValues(requested);
        Page phone = hub.phone(browser, request);
        Map<String, Object> query = hub.recordedQuery("itsme", phone);
        assertEquals(ITSME_CLAIM_PREFIX + upstream, query.get("acr_values"), "one acr value: " + query);
        assertNull(claimsAcrMember(query), "the level goes as acr_values only: " + query);

        Tokens tokens = request.finish(hub.approve(browser, phone, "alice"));
        assertEquals(acr, tokens.idClaim("acr"));
        assertEquals(acr, tokens.accessTokenClaims().get("acr"));
        assertEquals(ITSME_CLAIM_PREFIX + upstream, tokens.idClaim("upstream_acr"));
        assertEquals(ITSME_CLAIM_PREFIX + upstream, tokens.accessTokenClaims().get("upstream_acr"));
    }

    @Test
    void withoutARequestTheMinimumIsAskedAndTheTokenNamesItsLevel(TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withItsme();
        Browser browser = new Browser();
        AuthRequest request = realm.authRequest().idpHint(ITSME);
        Page phone = hub.phone(browser, request);
        assertEquals(ITSME_ACR_BASIC, hub.recordedQuery("itsme", phone).get("acr_values"));
        assertEquals("substantial", request.finish(hub.approve(browser, phone, "alice")).idClaim("acr"));
    }

    @Test
    void ssoReusesTheLevelWithoutAskingItsmeAgain(TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withItsme();
        Browser browser = new Browser();
        AuthRequest first = realm.authRequest().idpHint(ITSME).acrValues("high");
        Tokens tokens = first.finish(hub.login(browser, first, "alice"));
        assertEquals("high", tokens.idClaim("acr"));

        browser.clearHistory();
        AuthRequest same = realm.authRequest().idpHint(ITSME).acrValues("high");
        Tokens again = same.finish(same.start(browser));
        assertFalse(browser.visited(hub.sim.baseUrl()), "SSO must not visit itsme: " + browser.history());
        assertEquals("high", again.idClaim("acr"));
        assertEquals(ITSME_ACR_ADVANCED, again.idClaim("upstream_acr"));
        assertEquals(tokens.idClaim("sub"), again.idClaim("sub"));

        AuthRequest lower = realm.authRequest().acrValues("substantial");
        assertEquals("substantial", lower.finish(lower.start(browser)).idClaim("acr"), "a lower request is named as asked");
        AuthRequest higherAgain = realm.authRequest().acrValues("high");
        assertEquals("high", higherAgain.finish(higherAgain.start(browser)).idClaim("acr"));
        assertFalse(browser.visited(hub.sim.baseUrl()), browser.history().toString());
    }

    @Test
    void stepUpFromBasicToAdvancedLogsInAgainAtItsme(TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withItsme();
        Browser browser = new Browser();
        AuthRequest first = realm.authRequest().idpHint(ITSME).acrValues("substantial");
        Page firstPhone = hub.phone(browser, first);
        assertEquals(ITSME_ACR_BASIC, hub.recordedQuery("itsme", firstPhone).get("acr_values"));
        Tokens basic = first.finish(hub.approve(browser, firstPhone, "alice"));
        assertEquals("substantial", basic.idClaim("acr"));

        // same browser, no kc_idp_hint: the eID step-up redirector sends the user back to itsme
        AuthRequest stepUp = realm.authRequest().acrValues("high");
        Page secondPhone = hub.phone(browser, stepUp);
        Map<String, Object> query = hub.recordedQuery("itsme", secondPhone);
        assertEquals(ITSME_ACR_ADVANCED, query.get("acr_values"), query.toString());
        assertNull(claimsAcrMember(query), query.toString());
        Tokens advanced = stepUp.finish(hub.approve(browser, secondPhone, "alice"));
        assertEquals("high", advanced.idClaim("acr"));
        assertEquals("high", advanced.accessTokenClaims().get("acr"));
        assertEquals(ITSME_ACR_ADVANCED, advanced.idClaim("upstream_acr"));
        assertEquals(basic.idClaim("sub"), advanced.idClaim("sub"), "same user");
        assertEquals(basic.idClaim("sid"), advanced.idClaim("sid"), "same SSO session");
        assertEquals(1, realm.users().size());

        // and the higher level is now re-used
        browser.clearHistory();
        AuthRequest again = realm.authRequest().acrValues("high");
        assertEquals("high", again.finish(again.start(browser)).idClaim("acr"));
        assertFalse(browser.visited(hub.sim.baseUrl()), browser.history().toString());
    }

    @Test
    void essentialLevelNotReturnedEndsAtTheApplicationAsUnmet(TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withItsme();
        Browser browser = new Browser();
        AuthRequest request = realm.authRequest().idpHint(ITSME).claims(ESSENTIAL_HIGH);
        Page phone = hub.phone(browser, request);
        assertEquals(ITSME_ACR_ADVANCED, hub.recordedQuery("itsme", phone).get("acr_values"));
        hub.control().arm("itsme", Fault.LOWER_ACR);

        Page callback = hub.approve(browser, phone, "alice");
        hub.assertUnmet(request, callback);
        assertTrue(realm.users().isEmpty(), "no user for an unmet login: " + realm.users());
        EventRepresentation error = realm.events("IDENTITY_PROVIDER_LOGIN_ERROR").get(0);
        assertEquals("acr_unmet", error.getDetails().get("reason"), realm.describeEvents());
        assertEquals("3", error.getDetails().get("requested_loa"));
        assertEquals("2", error.getDetails().get("achieved_loa"));
    }

    @Test
    void essentialLevelMetGivesThatLevel(TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withItsme();
        AuthRequest request = realm.authRequest().idpHint(ITSME).claims(ESSENTIAL_HIGH);
        Tokens tokens = request.finish(hub.login(new Browser(), request, "bob"));
        assertEquals("high", tokens.idClaim("acr"));
    }

    @Test
    void essentialLevelAboveItsmeIsAnsweredWithoutAskingItsme(TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withItsme();
        Browser browser = new Browser();
        AuthRequest request = realm.authRequest().idpHint(ITSME).claims(ESSENTIAL_VERY_HIGH);
        Page callback = request.start(browser);
        hub.assertUnmet(request, callback);
        assertFalse(browser.visited(hub.sim.baseUrl()), browser.history().toString());
        assertEquals("acr_unreachable", realm.events("IDENTITY_PROVIDER_LOGIN_ERROR").get(0).getDetails().get("reason"),
                realm.describeEvents());
    }

    /**
     * itsme's ID token without acr (the simulator's omitAcr switch), for each missingAcr and both minimums: what
     * passes, what is refused, and the level in the hub's token ({@code loaMapping acr_basic:2 acr_advanced:3}).
     */
    @ParameterizedTest(name = "missingAcr={0}, minimumAcr={1}, app asks {2} -> {3}")
    @CsvSource({
            "refuse,    basic,    substantial,    refused",
            "refuse,    advanced, NONE,           refused",
            "lowest,    basic,    substantial,    substantial",
            "lowest,    basic,    ESSENTIAL_HIGH, unmet",
            "lowest,    advanced, NONE,           refused",
            "requested, basic,    substantial,    substantial",
            "requested, basic,    high,           high",
            "requested, advanced, NONE,           high",
    })
    void idTokenWithoutAcr(String missingAcr, String minimum, String asked, String outcome, TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withItsme(Map.of("missingAcr", missingAcr, "minimumAcr", minimum));
        AuthRequest request = realm.authRequest().idpHint(ITSME);
        if ("ESSENTIAL_HIGH".equals(asked)) {
            request.claims(ESSENTIAL_HIGH);
        } else if (!"NONE".equals(asked)) {
            request.acrValues(asked);
        }
        hub.control().setSwitch(Simulator.ITSME_V2, "omitAcr", true);
        Page page;
        try {
            page = hub.login(new Browser(), request, "alice");
        } finally {
            hub.control().setSwitch(Simulator.ITSME_V2, "omitAcr", false);
        }
        switch (outcome) {
            case "refused" -> {
                assertTrue(page.isKeycloakErrorPage(), page.describe());
                assertEquals("acr_missing", realm.events("IDENTITY_PROVIDER_LOGIN_ERROR").get(0).getDetails().get("reason"),
                        realm.describeEvents());
                assertTrue(realm.users().isEmpty(), "no user for a refused login");
            }
            case "unmet" -> {
                hub.assertUnmet(request, page);
                assertTrue(realm.users().isEmpty(), "no user for an unmet login");
            }
            default -> {
                Tokens tokens = request.finish(page);
                assertEquals(outcome, tokens.idClaim("acr"), "the level in the hub's token");
                assertNull(tokens.idClaim("upstream_acr"), "itsme returned no acr");
            }
        }
    }

    /** When itsme does return acr, every missingAcr value lets the login through at the returned level. */
    @ParameterizedTest
    @ValueSource(strings = {"refuse", "lowest", "requested"})
    void idTokenWithAcr(String missingAcr, TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withItsme(Map.of("missingAcr", missingAcr));
        AuthRequest request = realm.authRequest().idpHint(ITSME).acrValues("high");
        Tokens tokens = request.finish(hub.login(new Browser(), request, "alice"));
        assertEquals("high", tokens.idClaim("acr"));
        assertEquals(ITSME_ACR_ADVANCED, tokens.idClaim("upstream_acr"));
    }

    @Test
    void theMinimumWinsOverALowerRequest(TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withItsme(Map.of("minimumAcr", "advanced"));
        Browser browser = new Browser();
        AuthRequest request = realm.authRequest().idpHint(ITSME).acrValues("substantial");
        Page phone = hub.phone(browser, request);
        assertEquals(ITSME_ACR_ADVANCED, hub.recordedQuery("itsme", phone).get("acr_values"));
        // itsme returned advanced (3) for a request of 2: Keycloak names the level the application asked for
        assertEquals("substantial", request.finish(hub.approve(browser, phone, "alice")).idClaim("acr"));
        // ... but the session is at 3: a request for high is met from SSO
        browser.clearHistory();
        AuthRequest high = realm.authRequest().acrValues("high");
        assertEquals("high", high.finish(high.start(browser)).idClaim("acr"));
        assertFalse(browser.visited(hub.sim.baseUrl()), browser.history().toString());
    }
}
