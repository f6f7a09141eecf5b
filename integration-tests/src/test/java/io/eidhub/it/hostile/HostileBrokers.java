package io.eidhub.it.hostile;

import io.eidhub.it.EidBroker;
import io.eidhub.it.TestRealm;
import io.eidhub.it.idemia.IdemiaBroker;
import io.eidhub.it.itsme.ItsmeBroker;
import io.eidhub.simulator.Fault;
import io.eidhub.simulator.Simulator;

import java.util.List;
import java.util.Map;

import static io.eidhub.it.EidTestConstants.IDEMIA_LOA_3;

/**
 * The two brokers of a hostile realm, made with the provider fixtures: itsme with a key-pair client (private_key_jwt,
 * encrypted ID token, answer by redirect) and IDEMIA (client_secret_basic, {@code form_post}), each configured so that
 * a spoiled answer meets a check and a login let through would show.
 */
final class HostileBrokers {

    private HostileBrokers() {
    }

    /** itsme, then IDEMIA, at the given simulator (the shared one, or one a Keycloak container reaches). */
    static List<EidBroker> create(TestRealm realm, Simulator sim) {
        EidBroker itsme = ItsmeBroker.keyPair(realm, sim).createBroker(Map.of(
                "minimumAcr", "advanced",        // so that a lower acr and a missing acr are both below the minimum
                "claimsDelivery", "userinfo",    // so that userinfo is read (and its faults apply)
                "syncMode", "FORCE",             // so that a successful login WOULD update the profile
                // what an admin types in the console's secret field for a key-pair client (keycloak#21891)
                "clientSecret", Fault.PLACEHOLDER_SECRET));
        EidBroker idemia = IdemiaBroker.classic(realm, sim).createBroker(Map.of("minimumAcr", IDEMIA_LOA_3, "syncMode", "FORCE"));
        return List.of(itsme, idemia);
    }
}
