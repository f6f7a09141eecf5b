package io.eidhub.it.idemia;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.Page;
import io.eidhub.it.TestRealm;
import io.eidhub.it.Tokens;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.Simulator;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Keycloak's logout of a user who came through the {@code idemia} broker. */
@WithKeycloak
class IdemiaLogoutIT {


    @Test
    void logoutGoesThroughIdemiaEndSession(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.createBroker(Map.of());
        AuthRequest request = realm.authRequest();
        Tokens tokens = request.finish(broker.login(browser, request, "dana"));
        assertTrue(broker.logouts().isEmpty());

        browser.clearHistory();
        Page end = realm.logout(browser, tokens);

        assertTrue(end.stopped() && end.isAt(realm.redirectUri()), "back at the application: " + end.describe()
                + "\n" + browser.history());
        String endSession = broker.sim.issuer(Simulator.IDEMIA) + "/restv1/end_session";
        assertTrue(browser.visited(endSession), browser.history().toString());
        assertTrue(browser.visited(realm.brokerLogoutEndpoint(IdemiaBroker.ALIAS)), browser.history().toString());

        List<Map<String, Object>> logouts = broker.logouts();
        assertEquals(1, logouts.size(), logouts.toString());
        Map<String, Object> logout = logouts.get(0);
        assertEquals(true, logout.get("idTokenHintPresent"));
        assertEquals(broker.clientId, logout.get("idTokenHintAudience"));
        assertEquals(realm.brokerLogoutEndpoint(IdemiaBroker.ALIAS), logout.get("postLogoutRedirectUri"));
        assertEquals("redirect", logout.get("outcome"));

        // the Keycloak session is gone: a new login asks again
        Page login = realm.authRequest().start(browser);
        assertFalse(login.stopped(), "no SSO after logout: " + login.describe());
    }

    @Test
    void digitalCredentialTenantHasNoUpstreamLogout(TestRealm realm, IdemiaBroker idemia, Browser browser) {
        IdemiaBroker broker = idemia.tenant(Simulator.IDEMIA_DC).createBroker(Map.of());
        AuthRequest request = realm.authRequest();
        Tokens tokens = request.finish(broker.login(browser, request, "dana"));

        browser.clearHistory();
        Page end = realm.logout(browser, tokens);

        assertTrue(end.stopped() && end.isAt(realm.redirectUri()), end.describe() + "\n" + browser.history());
        assertFalse(browser.visited(broker.sim.baseUrl()), browser.history().toString());
        assertTrue(broker.logouts().isEmpty());
        Page login = realm.authRequest().start(browser);
        assertFalse(login.stopped(), "no SSO after logout: " + login.describe());
    }
}
