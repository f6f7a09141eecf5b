package io.eidhub.it.itsme;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.TestRealm;
import io.eidhub.it.Tokens;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.ClientRegistration;
import io.eidhub.simulator.Simulator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Map;

import static io.eidhub.it.itsme.ItsmeFixture.ALIAS;
import static io.eidhub.it.itsme.ItsmeFixture.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Logins through a legacy itsme client-secret client (csapi endpoints, ID token encrypted with alg=dir). */
@WithKeycloak
class ItsmeClientSecretIT {

    @ParameterizedTest
    @ValueSource(strings = {ClientRegistration.CLIENT_SECRET_POST, ClientRegistration.CLIENT_SECRET_BASIC})
    void csapiLoginWithDirEncryptedIdToken(String authMethod, TestRealm realm) {
        ItsmeFixture itsme = ItsmeFixture.clientSecret(realm, authMethod)
                .createBroker(Map.of("clientAuthMethod", authMethod, "scopes", "profile email"));

        AuthRequest request = realm.authRequest().idpHint(ALIAS);
        Tokens tokens = request.finish(itsme.login(new Browser(), request, "bob"));

        Map<String, Object> sent = itsme.lastAuthorizationRequest();
        assertEquals(Simulator.ITSME_CSAPI, sent.get("tenant"));
        Map<String, Object> query = object(sent.get("query"));
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
