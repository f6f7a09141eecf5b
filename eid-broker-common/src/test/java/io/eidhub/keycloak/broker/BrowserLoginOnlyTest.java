package io.eidhub.keycloak.broker;

import org.junit.jupiter.api.Test;
import org.keycloak.models.IdentityProviderType;
import org.keycloak.representations.JsonWebToken;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BrowserLoginOnlyTest {

    @Test
    void onlyBrowserLoginsAreOffered() {
        assertTrue(BrowserLoginOnly.offers(IdentityProviderType.USER_AUTHENTICATION));
        assertTrue(BrowserLoginOnly.offers(IdentityProviderType.ANY));
        assertFalse(BrowserLoginOnly.offers(IdentityProviderType.EXCHANGE_EXTERNAL_TOKEN));
        assertFalse(BrowserLoginOnly.offers(IdentityProviderType.JWT_AUTHORIZATION_GRANT));
        assertFalse(BrowserLoginOnly.offers(IdentityProviderType.CLIENT_ASSERTION));
    }

    @Test
    void flagsThatOpenAnotherEntryPointAreNamed() {
        assertNull(BrowserLoginOnly.refusedFlag(Map.of()));
        assertNull(BrowserLoginOnly.refusedFlag(Map.of("jwtAuthorizationGrantEnabled", "false", "supportsClientAssertions", "false")));
        assertEquals("jwtAuthorizationGrantEnabled", BrowserLoginOnly.refusedFlag(Map.of("jwtAuthorizationGrantEnabled", "true")));
        assertEquals("supportsClientAssertions", BrowserLoginOnly.refusedFlag(Map.of("supportsClientAssertions", "TRUE")));
    }

    @Test
    void severalAudiencesNeedAnAuthorizedParty() {
        JsonWebToken one = new JsonWebToken().audience("eidhub-demo");
        assertTrue(IdTokenChecks.authorizedPartyPresentWhenNeeded(one));
        JsonWebToken none = new JsonWebToken();
        assertTrue(IdTokenChecks.authorizedPartyPresentWhenNeeded(none));
        JsonWebToken several = new JsonWebToken().audience("eidhub-demo", "other-rp");
        assertFalse(IdTokenChecks.authorizedPartyPresentWhenNeeded(several));
        several.issuedFor("eidhub-demo");
        assertTrue(IdTokenChecks.authorizedPartyPresentWhenNeeded(several));
    }
}
