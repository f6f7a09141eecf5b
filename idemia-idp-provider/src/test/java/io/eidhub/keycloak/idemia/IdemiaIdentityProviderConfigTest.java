package io.eidhub.keycloak.idemia;

import org.junit.jupiter.api.Test;

import static io.eidhub.keycloak.idemia.IdemiaIdentityProviderConfig.*;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdemiaIdentityProviderConfigTest {

    private static final String DISCOVERY = "https://idp.tenant.example/oxauth/.well-known/openid-configuration";

    /** A complete configuration, as the admin console would submit it, merged into the factory's defaults. */
    private static IdemiaIdentityProviderConfig valid() {
        IdemiaIdentityProviderConfig config = new IdemiaIdentityProviderFactory().createConfig();
        config.setAlias("idemia");
        config.getConfig().put(METADATA_URL, DISCOVERY);
        config.getConfig().put(CLIENT_ID, "rp-client");
        config.getConfig().put(CLIENT_SECRET, "${vault.idemia_secret}");
        return config;
    }

    private static String rejection(IdemiaIdentityProviderConfig config) {
        return assertThrows(IllegalArgumentException.class, () -> config.validate(null)).getMessage();
    }

    @Test
    void completeConfigurationIsAccepted() {
        assertDoesNotThrow(() -> valid().validate(null));
    }

    @Test
    void loaMappingIsValidated() {
        IdemiaIdentityProviderConfig config = valid();
        assertEquals(4, config.getLoaMapping().levelOf(LOA_4), "default: loa-n is level n");
        config.getConfig().put(LOA_MAPPING, "loa-2:2 loa-3:3 loa-4:3");
        assertDoesNotThrow(() -> config.validate(null));
        assertEquals(3, config.getLoaMapping().levelOf(LOA_4));
        config.getConfig().put(LOA_MAPPING, "loa-2:2 loa-3:3");
        String message = rejection(config);
        assertTrue(message.startsWith("Invalid IDEMIA configuration: 'loaMapping' has no level for 'loa-4'"), message);
        config.getConfig().put(LOA_MAPPING, "loa-2:3 loa-3:2 loa-4:4");
        assertTrue(rejection(config).contains("'loaMapping' gives the stronger 'loa-3' a lower level"), rejection(config));
    }

    @Test
    void defaultsOfTheFactory() {
        IdemiaIdentityProviderConfig config = new IdemiaIdentityProviderFactory().createConfig();
        assertEquals(CLIENT_SECRET_BASIC, config.getClientAuthMethod());
        assertEquals("openid id_basic mt_scope", config.getScopes());
        assertEquals(LOA_2, config.getMinimumAcr());
        assertEquals(FORM_POST, config.getResponseMode());
        assertTrue(config.isFormPost());
        assertTrue(config.isSendIdTokenOnLogout());
        assertTrue(config.isPkceEnabled());
        assertEquals("eidhub-idp-idemia", config.getDisplayIconClasses());
        assertEquals(null, config.getMetadataUrl(), "the discovery URL has no default");
    }

    @Test
    void defaultsWhenKeysAreAbsent() {
        IdemiaIdentityProviderConfig config = new IdemiaIdentityProviderConfig();
        assertEquals(CLIENT_SECRET_BASIC, config.getClientAuthMethod());
        assertEquals(DEFAULT_SCOPES, config.getDefaultScope());
        assertEquals(LOA_2, config.getMinimumAcr());
        assertEquals(FORM_POST, config.getResponseMode());
    }

    @Test
    void defaultMappersAreOnUnlessTurnedOffAndTheValueIsABoolean() {
        IdemiaIdentityProviderConfig config = valid();
        assertTrue(config.isDefaultMappersEnabled(), "absent: on");
        config.getConfig().put(DEFAULT_MAPPERS, "false");
        assertFalse(config.isDefaultMappersEnabled());
        assertDoesNotThrow(() -> config.validate(null));
        config.getConfig().put(DEFAULT_MAPPERS, "TRUE");
        assertTrue(config.isDefaultMappersEnabled());
        assertDoesNotThrow(() -> config.validate(null));
        config.getConfig().put(DEFAULT_MAPPERS, "no");
        assertTrue(rejection(config).contains("'defaultMappers' must be one of true, false"), rejection(config));
    }

    @Test
    void missingMetadataUrlIsNamed() {
        IdemiaIdentityProviderConfig config = valid();
        config.getConfig().remove(METADATA_URL);
        assertTrue(rejection(config).contains("'metadataUrl' is required"), rejection(config));
        config.getConfig().put(METADATA_URL, "  ");
        assertTrue(rejection(config).contains("'metadataUrl'"));
    }

    @Test
    void badMetadataUrlIsNamed() {
        for (String bad : new String[]{"idp.tenant.example/oxauth", "ftp://idp.tenant.example/x", "https://"}) {
            IdemiaIdentityProviderConfig config = valid();
            config.getConfig().put(METADATA_URL, bad);
            assertTrue(rejection(config).contains("'metadataUrl'"), bad);
        }
    }

    @Test
    void unknownLoaIsNamedByTheKeyThatHoldsIt() {
        IdemiaIdentityProviderConfig config = valid();
        config.getConfig().put(MINIMUM_ACR, "loa-5");
        String message = rejection(config);
        assertTrue(message.contains("'minimumAcr'") && message.contains("loa-2, loa-3, loa-4"), message);
        config.getConfig().remove(MINIMUM_ACR);
        config.getConfig().put(LOA, "loa-5");
        message = rejection(config);
        assertTrue(message.contains("'loa'"), "the deprecated key is still read: " + message);
    }

    @Test
    void minimumAcrReplacesLoaWhichIsStillRead() {
        IdemiaIdentityProviderConfig config = valid();
        config.getConfig().remove(MINIMUM_ACR);
        config.getConfig().put(LOA, "loa-3");
        assertEquals(LOA_3, config.getMinimumAcr());
        config.getConfig().put(MINIMUM_ACR, "loa-4");
        assertEquals(LOA_4, config.getMinimumAcr(), "minimumAcr wins over loa");
    }

    @Test
    void missingAcrDefaultsToRefuse() {
        IdemiaIdentityProviderConfig config = valid();
        assertEquals(io.eidhub.keycloak.broker.MissingAcr.REFUSE, config.getMissingAcr());
        config.getConfig().put(MISSING_ACR, "lowest");
        assertEquals(io.eidhub.keycloak.broker.MissingAcr.LOWEST, config.getMissingAcr());
        config.getConfig().put(MISSING_ACR, "sometimes");
        assertTrue(rejection(config).contains("'missingAcr'"));
    }

    @Test
    void scopesMayBeSeparatedLikeItsmes() {
        assertEquals("openid id_basic mt_scope", IdemiaIdentityProviderConfig.withOpenid("id_basic,mt_scope"));
        assertEquals("openid id_basic mt_scope", IdemiaIdentityProviderConfig.withOpenid("id_basic##mt_scope openid"));
    }

    @Test
    void unknownResponseModeIsNamed() {
        IdemiaIdentityProviderConfig config = valid();
        config.getConfig().put(RESPONSE_MODE, "fragment");
        assertTrue(rejection(config).contains("'responseMode'"));
    }

    @Test
    void unknownClientAuthMethodIsNamed() {
        IdemiaIdentityProviderConfig config = valid();
        config.getConfig().put(CLIENT_AUTH_METHOD, "client_secret_jwt");
        String message = rejection(config);
        assertTrue(message.contains("'clientAuthMethod'") && message.contains("client_secret_basic, client_secret_post, private_key_jwt"), message);
    }

    @Test
    void secretMethodsNeedASecret() {
        for (String method : new String[]{CLIENT_SECRET_BASIC, CLIENT_SECRET_POST}) {
            IdemiaIdentityProviderConfig config = valid();
            config.getConfig().put(CLIENT_AUTH_METHOD, method);
            config.getConfig().remove(CLIENT_SECRET);
            assertTrue(rejection(config).contains("'clientSecret'"), method);
        }
    }

    @Test
    void privateKeyJwtNeedsNoSecret() {
        IdemiaIdentityProviderConfig config = valid();
        config.getConfig().put(CLIENT_AUTH_METHOD, PRIVATE_KEY_JWT);
        config.getConfig().remove(CLIENT_SECRET);
        assertDoesNotThrow(() -> config.validate(null));
        assertFalse(config.usesClientSecret());
    }

    @Test
    void missingClientIdIsNamed() {
        IdemiaIdentityProviderConfig config = valid();
        config.getConfig().remove(CLIENT_ID);
        assertTrue(rejection(config).contains("'clientId'"));
    }

    @Test
    void scopesWithoutOpenidAreFineAndGetOpenid() {
        IdemiaIdentityProviderConfig config = valid();
        config.getConfig().put(SCOPES, "id_basic  mt_scope");
        assertDoesNotThrow(() -> config.validate(null));
        assertEquals("openid id_basic mt_scope", config.getDefaultScope());
        config.getConfig().put(SCOPES, "mt_scope openid mt_scope");
        assertEquals("openid mt_scope", config.getDefaultScope());
        config.getConfig().put(SCOPES, "");
        assertEquals(DEFAULT_SCOPES, config.getDefaultScope());
    }

    @Test
    void queryResponseMode() {
        IdemiaIdentityProviderConfig config = valid();
        config.getConfig().put(RESPONSE_MODE, QUERY);
        assertDoesNotThrow(() -> config.validate(null));
        assertFalse(config.isFormPost());
    }

    @Test
    void theFactoryConfigurationAloneIsRefusedForItsMissingFields() {
        // Keycloak validates the submitted configuration merged into createConfig(); nothing submitted, nothing works
        IdemiaIdentityProviderConfig config = new IdemiaIdentityProviderFactory().createConfig();
        config.getConfig().put(CLIENT_ID, "rp-client");
        config.getConfig().put(CLIENT_SECRET, "secret");
        assertTrue(rejection(config).contains("'metadataUrl'"));
    }

    @Test
    void inheritedEntryPointsCannotBeSwitchedOn() {
        IdemiaIdentityProviderConfig grant = valid();
        grant.getConfig().put("jwtAuthorizationGrantEnabled", "true");
        assertTrue(rejection(grant).contains("'jwtAuthorizationGrantEnabled' is not supported"), rejection(grant));
        IdemiaIdentityProviderConfig assertions = valid();
        assertions.getConfig().put("supportsClientAssertions", "true");
        assertTrue(rejection(assertions).contains("'supportsClientAssertions' is not supported"), rejection(assertions));
    }

    @Test
    void keycloaksOwnChecksRunToo() {
        IdemiaIdentityProviderConfig config = valid();
        config.getConfig().put("tokenUrl", "http://idp.tenant.example/oxauth/restv1/token");
        assertThrows(IllegalArgumentException.class, () -> config.validate(realm(org.keycloak.common.enums.SslRequired.EXTERNAL)));
        assertDoesNotThrow(() -> valid().validate(realm(org.keycloak.common.enums.SslRequired.EXTERNAL)));
    }

    @Test
    void backChannelLogoutIsOffWhateverIsStored() {
        IdemiaIdentityProviderConfig config = valid();
        config.getConfig().put("backchannelSupported", "true");
        assertFalse(config.isBackchannelSupported());
    }

    private static org.keycloak.models.RealmModel realm(org.keycloak.common.enums.SslRequired sslRequired) {
        return (org.keycloak.models.RealmModel) java.lang.reflect.Proxy.newProxyInstance(IdemiaIdentityProviderConfigTest.class.getClassLoader(),
                new Class<?>[]{org.keycloak.models.RealmModel.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getSslRequired")) {
                        return sslRequired;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void maxAgeIsSentOnToIdemia() {
        assertTrue(valid().isPassMaxAge(), "oxAuth keeps a session: the application's max_age and auth_time matter");
    }
}
