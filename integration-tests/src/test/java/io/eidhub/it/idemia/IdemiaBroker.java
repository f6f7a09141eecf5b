package io.eidhub.it.idemia;

import io.eidhub.it.AbstractEidBroker;
import io.eidhub.it.Jwt;
import io.eidhub.it.TestRealm;
import io.eidhub.simulator.ClientRegistration;
import io.eidhub.simulator.Simulator;
import org.keycloak.representations.userprofile.config.UPAttribute;

import java.util.List;
import java.util.Map;

import static io.eidhub.it.EidTestConstants.IDEMIA_TEST_SECRET;

/**
 * An {@code idemia} broker in a test realm, pointed at one tenant of the simulator, with the matching client
 * registered at the simulator (client secret, redirect URI = the broker endpoint, post-logout URI = its
 * {@code logout_response}). {@link #createBroker(Map)} also makes the realm's user profile stop requiring an e-mail:
 * IDEMIA sends none.
 */
public final class IdemiaBroker extends AbstractEidBroker {

    public static final String ALIAS = "idemia";

    private IdemiaBroker(TestRealm realm, Simulator sim, String tenant) {
        super(realm, sim, ALIAS, "IDEMIA Mobile ID", tenant, "kc-" + realm.name());
    }

    /** A client at the classic tenant (IDEMIA's documented answer: {@code form_post}). */
    public static IdemiaBroker classic(TestRealm realm, Simulator sim) {
        return at(realm, sim, Simulator.IDEMIA);
    }

    /** A client at the given tenant, e.g. {@link Simulator#IDEMIA_DC} (claims in the ID token). */
    public static IdemiaBroker at(TestRealm realm, Simulator sim, String tenant) {
        IdemiaBroker broker = new IdemiaBroker(realm, sim, tenant);
        sim.registerClient(ClientRegistration.fromJson(Jwt.toJson(Map.of(
                "provider", "idemia",
                "clientId", broker.clientId,
                "authMethod", "client_secret_basic",
                "clientSecret", IDEMIA_TEST_SECRET,
                "redirectUris", List.of(realm.brokerEndpoint(ALIAS)),
                "postLogoutRedirectUris", List.of(realm.brokerLogoutEndpoint(ALIAS))))));
        return broker;
    }

    /** The same realm's client at another tenant, e.g. {@link Simulator#IDEMIA_DC}, registered there too. */
    public IdemiaBroker tenant(String tenant) {
        return at(realm, sim, tenant);
    }

    @Override
    public Map<String, String> config() {
        Map<String, String> config = simulatorConfig();
        config.put("clientSecret", IDEMIA_TEST_SECRET);
        return config;
    }

    @Override
    public IdemiaBroker createBroker(Map<String, String> extra) {
        realm.updateUserProfile(up -> {
            UPAttribute email = up.getAttribute("email");
            if (email != null) {
                email.setRequired(null);
            }
        });
        addBroker(extra);
        return this;
    }

    @Override
    public String clientSecret() {
        return IDEMIA_TEST_SECRET;
    }

    @Override
    public String existingPerson() {
        return "dana";
    }

    @Override
    public String newPerson() {
        return "frank";
    }

    @Override
    public String lastNameClaim() {
        return "lastName1";
    }

    @Override
    public boolean formPost() {
        return true;
    }

    /** The effective authorization parameters the simulator read (acrValues, responseMode, scope, ...). */
    Map<String, Object> lastEffectiveRequest() {
        return lastAuthorizationRequest().effective();
    }

    /** The raw query of the last authorization request (a repeated parameter as a list of values). */
    Map<String, Object> lastQuery() {
        return lastAuthorizationRequest().query();
    }

    /** The end_session calls for this broker that the simulator received ({@code GET /sim/api/logouts}), read once. */
    List<Map<String, Object>> logouts() {
        return control().logouts().stream().filter(l -> clientId.equals(l.get("idTokenHintAudience"))
                || realm.brokerLogoutEndpoint(ALIAS).equals(l.get("postLogoutRedirectUri"))).toList();
    }

    /** The simulator's last token request for this tenant: {@code GET /sim/api/token-requests/last}. */
    io.eidhub.it.SimulatorControl.TokenRequestRecord lastTokenRequest() {
        return control().lastTokenRequest(tenant);
    }
}
