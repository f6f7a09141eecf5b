package io.eidhub.simulator;

import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What an {@link IdTokenFault} may need to know about the token it changes: the tenant's issuer, the client, the
 * provider's idea of one level below an acr, and which other faults are armed (some faults give way to others).
 */
record IdTokenScene(String issuer, String clientId, UnaryOperator<String> lowerAcrRule, Set<Fault> armedFaults) {

    /** One level below {@code acr}, as the provider would answer (see {@link OidcProvider#lowerAcr}). */
    String lowerAcr(String acr) {
        return lowerAcrRule.apply(acr);
    }

    boolean armed(Fault fault) {
        return armedFaults.contains(fault);
    }
}
