package io.eidhub.it.itsme;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.SimulatorControl;
import io.eidhub.it.TestRealm;
import io.eidhub.it.Tokens;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.ClientRegistration;
import io.eidhub.simulator.Simulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.eidhub.it.itsme.ItsmeBroker.ALIAS;
import static io.eidhub.it.itsme.ItsmeBroker.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Logins through a legacy itsme client-secret client (csapi endpoints, ID token encrypted with alg=dir). */
@WithKeycloak
class ItsmeClientSecretIT {

    /** With and without acr in the ID token (itsme's examples show none; missingAcr lowest lets basic pass). */
    @ParameterizedTest(name = "omitAcr={0}")
    @ValueSource(booleans = {false, true})
    void csapiLoginWithDirEncryptedIdToken(boolean omitAcr, TestRealm realm) {
        String authMethod = ClientRegistration.CLIENT_SECRET_POST;
        ItsmeBroker itsme = ItsmeBroker.clientSecret(realm, authMethod)
                .createBroker(Map.of("clientAuthMethod", authMethod, "scopes", "profile email", "claimsDelivery", "userinfo"));

        AuthRequest request = realm.authRequest().idpHint(ALIAS);
        itsme.control().setSwitch(Simulator.ITSME_CSAPI, "omitAcr", omitAcr);
        Tokens tokens;
        try {
            tokens = request.finish(itsme.login(new Browser(), request, "bob"));
        } finally {
            itsme.control().setSwitch(Simulator.ITSME_CSAPI, "omitAcr", false);
        }

        SimulatorControl.AuthorizationRecord sent = itsme.lastAuthorizationRequest();
        assertEquals(Simulator.ITSME_CSAPI, sent.tenant());
        Map<String, Object> query = sent.query();
        assertEquals("openid service:EIDHUB_TEST profile email", query.get("scope"));
        assertEquals("S256", query.get("code_challenge_method"));
        assertFalse(query.containsKey("request"));

        String username = itsme.username("bob");
        assertEquals("Bob", realm.user(username).getFirstName());
        assertEquals("Peeters", realm.user(username).getLastName());
        assertEquals(itsme.sub("bob"), realm.federatedIdentities(username).get(0).getUserId());
        assertNotNull(tokens.accessToken());
    }
}
