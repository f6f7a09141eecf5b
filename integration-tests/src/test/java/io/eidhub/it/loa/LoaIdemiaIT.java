package io.eidhub.it.loa;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.Page;
import io.eidhub.it.TestRealm;
import io.eidhub.it.Tokens;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.Fault;
import io.eidhub.simulator.Simulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.eidhub.it.EidTestConstants.IDEMIA_LOA_4;
import static io.eidhub.it.EidTestConstants.IDEMIA_LOA_3;
import static io.eidhub.it.EidTestConstants.IDEMIA_LOA_2;
import static io.eidhub.it.loa.LoaHub.IDEMIA;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Levels of assurance through the IDEMIA broker ({@code loaMapping = loa-2:2 loa-3:3 loa-4:4}) in a realm whose ACR to
 * LoA mapping is {@code substantial:2, high:3, very-high:4}.
 */
@WithKeycloak
class LoaIdemiaIT {

    @ParameterizedTest(name = "acr_values={0} -> IDEMIA {1}")
    @CsvSource({
            "substantial, loa-2",
            "high,        loa-3",
            "very-high,   loa-4",
    })
    void freshLoginAtEachLevel(String requested, String loa, TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withIdemia();
        Browser browser = new Browser();
        AuthRequest request = realm.authRequest().idpHint(IDEMIA).acrValues(requested);
        Page phone = hub.phone(browser, request);
        assertEquals(loa, hub.recordedQuery(Simulator.IDEMIA, phone).get("acr_values"));
        Tokens tokens = request.finish(hub.approve(browser, phone, "dana"));
        assertEquals(requested, tokens.idClaim("acr"));
        assertEquals(requested, tokens.accessTokenClaims().get("acr"));
        assertEquals(loa, tokens.idClaim("upstream_acr"));
    }

    @Test
    void essentialClaimIsTranslatedToo(TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withIdemia();
        Browser browser = new Browser();
        AuthRequest request = realm.authRequest().idpHint(IDEMIA)
                .claims("{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"high\"]}}}");
        Page phone = hub.phone(browser, request);
        assertEquals(IDEMIA_LOA_3, hub.recordedQuery(Simulator.IDEMIA, phone).get("acr_values"));
        assertEquals("high", request.finish(hub.approve(browser, phone, "dana")).idClaim("acr"));
    }

    @Test
    void ssoReusesTheSameLevelWithoutIdemia(TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withIdemia();
        Browser browser = new Browser();
        AuthRequest first = realm.authRequest().idpHint(IDEMIA).acrValues("high");
        assertEquals("high", first.finish(hub.login(browser, first, "dana")).idClaim("acr"));

        browser.clearHistory();
        AuthRequest again = realm.authRequest().idpHint(IDEMIA).acrValues("high");
        Tokens tokens = again.finish(again.start(browser));
        assertFalse(browser.visited(hub.sim.baseUrl()), "SSO must not visit IDEMIA: " + browser.history());
        assertEquals("high", tokens.idClaim("acr"));
        assertEquals(IDEMIA_LOA_3, tokens.idClaim("upstream_acr"));
    }

    @Test
    void stepUpFromLoa2ToLoa4LogsInAgainAtIdemia(TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withIdemia();
        Browser browser = new Browser();
        AuthRequest first = realm.authRequest().idpHint(IDEMIA).acrValues("substantial");
        Page firstPhone = hub.phone(browser, first);
        assertEquals(IDEMIA_LOA_2, hub.recordedQuery(Simulator.IDEMIA, firstPhone).get("acr_values"));
        Tokens low = first.finish(hub.approve(browser, firstPhone, "dana"));
        assertEquals("substantial", low.idClaim("acr"));

        AuthRequest stepUp = realm.authRequest().acrValues("very-high");
        Page secondPhone = hub.phone(browser, stepUp);
        assertEquals(IDEMIA_LOA_4, hub.recordedQuery(Simulator.IDEMIA, secondPhone).get("acr_values"));
        Tokens high = stepUp.finish(hub.approve(browser, secondPhone, "dana"));
        assertEquals("very-high", high.idClaim("acr"));
        assertEquals(IDEMIA_LOA_4, high.idClaim("upstream_acr"));
        assertEquals(low.idClaim("sub"), high.idClaim("sub"));
        assertEquals(low.idClaim("sid"), high.idClaim("sid"), "same SSO session");

        browser.clearHistory();
        AuthRequest again = realm.authRequest().acrValues("very-high");
        assertEquals("very-high", again.finish(again.start(browser)).idClaim("acr"), "the session is now at level 4");
        assertFalse(browser.visited(hub.sim.baseUrl()), browser.history().toString());
    }

    @Test
    void essentialLoa4AnsweredWithLoa3IsUnmet(TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withIdemia();
        Browser browser = new Browser();
        AuthRequest request = realm.authRequest().idpHint(IDEMIA)
                .claims("{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"very-high\"]}}}");
        Page phone = hub.phone(browser, request);
        assertEquals(IDEMIA_LOA_4, hub.recordedQuery(Simulator.IDEMIA, phone).get("acr_values"));
        hub.control().arm("idemia", Fault.LOWER_ACR);
        Page callback = hub.approve(browser, phone, "dana");
        hub.assertUnmet(request, callback);
        assertTrue(realm.users().isEmpty(), realm.users().toString());
        assertEquals("acr_unmet", realm.events("IDENTITY_PROVIDER_LOGIN_ERROR").get(0).getDetails().get("reason"),
                realm.describeEvents());
    }

    @Test
    void stepUpNotMetKeepsTheSessionAtItsLevel(TestRealm realm) {
        LoaHub hub = LoaHub.setUp(realm).withIdemia();
        Browser browser = new Browser();
        AuthRequest first = realm.authRequest().idpHint(IDEMIA).acrValues("substantial");
        first.finish(hub.login(browser, first, "dana"));

        AuthRequest stepUp = realm.authRequest()
                .claims("{\"id_token\":{\"acr\":{\"essential\":true,\"values\":[\"very-high\"]}}}");
        Page phone = hub.phone(browser, stepUp);
        hub.control().arm("idemia", Fault.LOWER_ACR);
        hub.assertUnmet(stepUp, hub.approve(browser, phone, "dana"));

        browser.clearHistory();
        AuthRequest same = realm.authRequest().acrValues("substantial");
        assertEquals("substantial", same.finish(same.start(browser)).idClaim("acr"));
        assertFalse(browser.visited(hub.sim.baseUrl()), browser.history().toString());
        // the session stayed at level 2: high still needs IDEMIA
        AuthRequest high = realm.authRequest().acrValues("high");
        assertEquals(IDEMIA_LOA_3, hub.recordedQuery(Simulator.IDEMIA, hub.phone(browser, high)).get("acr_values"));
    }
}
