package io.eidhub.it.itsme;

import io.eidhub.it.AbstractEidBroker;
import io.eidhub.it.SharedSimulator;
import io.eidhub.it.TestRealm;
import io.eidhub.simulator.ClientRegistration;
import io.eidhub.simulator.Simulator;

import java.util.List;
import java.util.Map;

import static io.eidhub.it.EidTestConstants.ITSME_SERVICE_CODE;
import static io.eidhub.it.EidTestConstants.ITSME_TEST_SECRET;

/**
 * An itsme broker in a test realm, pointed at the simulator: the factories register the realm as a client at the
 * simulator (its broker endpoint as redirect URI, its JWKS for private_key_jwt and ID token encryption, or a client
 * secret at the legacy csapi tenant); {@link #createBroker(Map)} adds the {@code itsme} identity provider.
 */
public final class ItsmeBroker extends AbstractEidBroker {

    public static final String ALIAS = "itsme";

    private ItsmeBroker(TestRealm realm, Simulator sim, String tenant) {
        super(realm, sim, ALIAS, "itsme", tenant, "partner-" + realm.name());
    }

    /** A key-pair client (private_key_jwt, ID token encrypted to the realm's enc key) at the itsme v2 tenant. */
    static ItsmeBroker keyPair(TestRealm realm) {
        return keyPair(realm, SharedSimulator.get());
    }

    /** {@link #keyPair(TestRealm)} at the given simulator (e.g. one a Keycloak container reaches). */
    public static ItsmeBroker keyPair(TestRealm realm, Simulator sim) {
        return keyPair(realm, sim, new String[0]);
    }

    /** {@link #keyPair(TestRealm)} whose itsme client also has these service codes (one service per user flow). */
    static ItsmeBroker keyPair(TestRealm realm, Simulator sim, String... otherServiceCodes) {
        ItsmeBroker broker = new ItsmeBroker(realm, sim, Simulator.ITSME_V2);
        sim.registerClient(ClientRegistration.builder(ClientRegistration.ITSME, broker.clientId)
                .authMethod(ClientRegistration.PRIVATE_KEY_JWT)
                .jwksUri(realm.jwksUrl())
                .redirectUri(realm.brokerEndpoint(ALIAS))
                .serviceCode(ITSME_SERVICE_CODE)
                .serviceCode(otherServiceCodes)
                .build());
        return broker;
    }

    /** A client-secret client (ID token encrypted with alg=dir) at the legacy csapi tenant. */
    static ItsmeBroker clientSecret(TestRealm realm, String authMethod) {
        Simulator sim = SharedSimulator.get();
        ItsmeBroker broker = new ItsmeBroker(realm, sim, Simulator.ITSME_CSAPI);
        sim.registerClient(ClientRegistration.builder(ClientRegistration.ITSME, broker.clientId)
                .authMethod(authMethod)
                .clientSecret(ITSME_TEST_SECRET)
                .redirectUri(realm.brokerEndpoint(ALIAS))
                .serviceCode(ITSME_SERVICE_CODE)
                .idTokenEncryption(ClientRegistration.ENCRYPTION_DIR)
                .build());
        return broker;
    }

    @Override
    public Map<String, String> config() {
        Map<String, String> config = simulatorConfig();
        config.put("serviceCode", ITSME_SERVICE_CODE);
        if (Simulator.ITSME_CSAPI.equals(tenant)) {
            config.put("api", "csapi");
            config.put("clientSecret", ITSME_TEST_SECRET);
        }
        return config;
    }

    @Override
    public ItsmeBroker createBroker(Map<String, String> extra) {
        addBroker(extra);
        return this;
    }

    ItsmeBroker createBroker() {
        return createBroker(Map.of());
    }

    @Override
    public String clientSecret() {
        return Simulator.ITSME_CSAPI.equals(tenant) ? ITSME_TEST_SECRET : null;
    }

    @Override
    public String existingPerson() {
        return "alice";
    }

    @Override
    public String newPerson() {
        return "bob";
    }

    @Override
    public String lastNameClaim() {
        return "family_name";
    }

    @Override
    public boolean formPost() {
        return false;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
