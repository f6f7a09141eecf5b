package io.eidhub.keycloak.idemia;

import jakarta.ws.rs.core.UriBuilder;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdemiaIdentityProviderTest {

    private static IdemiaIdentityProvider provider(String responseMode) {
        IdemiaIdentityProviderConfig config = IdemiaIdentityProviderConfig.withDefaults();
        config.getConfig().put(IdemiaIdentityProviderConfig.RESPONSE_MODE, responseMode);
        return new IdemiaIdentityProvider(null, config);
    }

    private static String authorizationQuery(IdemiaIdentityProvider provider) {
        UriBuilder uri = UriBuilder.fromUri("https://idp.tenant.example/oxauth/restv1/authorize")
                .queryParam("scope", provider.getConfig().getDefaultScope())
                .queryParam("response_mode", "fragment");
        provider.customizeAuthorizationRequest(uri, null);
        return uri.build().getRawQuery();
    }

    @Test
    void formPostIsRequestedAndAccepted() {
        IdemiaIdentityProvider provider = provider("form_post");
        assertTrue(provider.acceptsFormPost());
        assertTrue(authorizationQuery(provider).contains("response_mode=form_post"));
        assertFalse(authorizationQuery(provider).contains("fragment"));
    }

    @Test
    void queryModeSendsNoResponseModeAndRefusesPosts() {
        IdemiaIdentityProvider provider = provider("query");
        assertFalse(provider.acceptsFormPost());
        assertFalse(authorizationQuery(provider).contains("response_mode"));
    }

    @Test
    void scopeAlwaysStartsWithOpenid() {
        IdemiaIdentityProviderConfig config = IdemiaIdentityProviderConfig.withDefaults();
        config.getConfig().put(IdemiaIdentityProviderConfig.SCOPES, "id_basic");
        IdemiaIdentityProvider provider = new IdemiaIdentityProvider(null, config);
        assertEquals("openid id_basic", provider.getConfig().getDefaultScope());
    }
}
