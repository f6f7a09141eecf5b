package io.eidhub.keycloak.idemia;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class IdemiaScopeSelectionTest {

    private static final String CONFIGURED = "openid id_basic mt_scope";

    @Test
    void withoutApplicationScopeTheConfiguredScopesAreSent() {
        assertEquals(CONFIGURED, IdemiaScopeSelection.select("openid", null, CONFIGURED));
        assertEquals(CONFIGURED, IdemiaScopeSelection.select(null, null, CONFIGURED));
    }

    @Test
    void theAgeOrTheProfileNeedIdBasicOnly() {
        assertEquals("openid id_basic", IdemiaScopeSelection.select("openid age", null, CONFIGURED));
        assertEquals("openid id_basic", IdemiaScopeSelection.select("openid profile email", null, CONFIGURED));
    }

    @Test
    void documentAndAddressNeedMtScopeAndNothingIsAddedBeyondTheConfiguration() {
        assertEquals("openid id_basic mt_scope", IdemiaScopeSelection.select("openid verified_claims", null, CONFIGURED));
        assertEquals("openid mt_scope", IdemiaScopeSelection.select("address", null, CONFIGURED));
        assertEquals("openid", IdemiaScopeSelection.select("address", null, "openid id_basic"));
        assertEquals("openid", IdemiaScopeSelection.select("email", null, CONFIGURED), "IDEMIA has no e-mail");
    }

    @Test
    void anAgeLoginKeepsOnlyTheAgeFlagOfWhatIdBasicReleases() {
        assertEquals(java.util.Set.of("ageOver18"), IdemiaScopeSelection.claimsOf(
                io.eidhub.keycloak.broker.claims.ClaimNeeds.of("openid age", null).needs()));
    }
}
