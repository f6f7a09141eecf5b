package io.eidhub.simulator;

import java.util.List;

/**
 * The fixed description of one tenant (issuer): its id, its title, its paths (relative to {@code basePath}; null for
 * an endpoint it does not have), the kids of the keys it starts with (null: no encryption key) and the client
 * authentication methods its discovery document offers.
 */
record TenantSpec(String id, String title, String basePath, String discoveryPath, String authorizePath,
                  String tokenPath, String userinfoPath, String jwksPath, String endSessionPath, String revocationPath,
                  String signingKid, String encryptionKid, List<String> authMethods) {

    TenantSpec {
        authMethods = List.copyOf(authMethods);
    }
}
