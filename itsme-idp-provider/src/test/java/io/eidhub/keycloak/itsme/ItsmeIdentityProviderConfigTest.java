package io.eidhub.keycloak.itsme;

import io.eidhub.keycloak.broker.MissingAcr;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItsmeIdentityProviderConfigTest {

    /** What Keycloak does on create: the factory's config, then the admin's keys merged in, then validate. */
    private static ItsmeIdentityProviderConfig configured(Map<String, String> adminConfig) {
        ItsmeIdentityProviderConfig config = new ItsmeIdentityProviderFactory().createConfig();
        config.setAlias("itsme");
        config.getConfig().putAll(adminConfig);
        return config;
    }

    private static Map<String, String> minimal() {
        Map<String, String> config = new HashMap<>();
        config.put("clientId", "partner1");
        config.put("serviceCode", "TEST_code");
        return config;
    }

    private static Map<String, String> with(String key, String value) {
        Map<String, String> config = minimal();
        if (value == null) {
            config.remove(key);
        } else {
            config.put(key, value);
        }
        return config;
    }

    private static String rejection(Map<String, String> adminConfig) {
        return assertThrows(IllegalArgumentException.class, () -> configured(adminConfig).validate(null)).getMessage();
    }

    @Test
    void minimalConfigWithDefaultsPasses() {
        ItsmeIdentityProviderConfig config = configured(minimal());
        assertDoesNotThrow(() -> config.validate(null));
        assertEquals("private_key_jwt", config.getClientAuthMethod());
        assertFalse(config.usesClientSecret());
        assertEquals("e2e", config.getEnvironment());
        assertEquals("v2", config.getApi());
        assertEquals(List.of("profile", "email"), config.getScopes());
        assertEquals(ItsmeIdentityProviderConfig.ACR_BASIC, config.getMinimumAcr());
        assertEquals(MissingAcr.LOWEST, config.getMissingAcr(), "itsme's examples show no acr: basic stands in");
        assertEquals("id_token", config.getClaimsDelivery());
        assertFalse(config.readsUserInfo());
        assertEquals("none", config.getRequestObjectMode());
        assertTrue(config.isPkceEnabled());
        assertEquals("S256", config.getPkceMethod());
    }

    @Test
    void freshFactoryConfigOnlyMissesWhatTheAdminMustSet() {
        String message = rejection(Map.of());
        assertTrue(message.contains("'clientId'"), message);
        assertTrue(rejection(Map.of("clientId", "partner1")).contains("'serviceCode'"));
    }

    @Test
    void fullConfigsPass() {
        Map<String, String> full = minimal();
        full.put("environment", "prd");
        full.put("api", "csapi");
        full.put("metadataUrl", "https://proxy.example/itsme/.well-known/openid-configuration");
        full.put("clientAuthMethod", "client_secret_post");
        full.put("clientSecret", "${vault.itsme_secret}");
        full.put("scopes", "profile##email##phone##address##eid##idDocument");
        full.put("claims", "BENationalNumber, claim_citizenship, place_of_birth, birthdate, http://itsme.services/v2/claim/BEeidSn");
        full.put("minimumAcr", "advanced");
        full.put("missingAcr", "refuse");
        full.put("claimsDelivery", "userinfo");
        full.put("requestObject", "signed-encrypted");
        full.put("loaMapping", "acr_basic:2 acr_advanced:3");
        assertDoesNotThrow(() -> configured(full).validate(null));
        assertDoesNotThrow(() -> configured(with("loaMapping", "{\"acr_basic\":2,\"acr_advanced\":3}")).validate(null));
        assertDoesNotThrow(() -> configured(with("loaMapping",
                "http://itsme.services/v2/claim/acr_basic=2, http://itsme.services/v2/claim/acr_advanced=2")).validate(null));

        assertDoesNotThrow(() -> configured(with("scopes", "profile email eid")).validate(null));
        assertDoesNotThrow(() -> configured(with("minimumAcr", "http://itsme.services/v2/claim/acr_advanced")).validate(null));
        assertDoesNotThrow(() -> configured(with("acrLevel", "advanced")).validate(null), "the deprecated key is still accepted");
        for (String value : List.of("refuse", "lowest", "requested")) {
            assertDoesNotThrow(() -> configured(with("missingAcr", value)).validate(null), value);
        }
    }

    @ParameterizedTest(name = "{0}={1} is rejected")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "serviceCode      | NULL",
            "serviceCode      | '  '",
            "serviceCode      | TEST code",
            "clientId         | NULL",
            "environment      | acc",
            "api              | v1",
            "metadataUrl      | not a url",
            "metadataUrl      | ftp://idp.example/x",
            "clientAuthMethod | client_secret_jwt",
            "clientAuthMethod | client_secret_basic",
            "scopes           | profile##openid2",
            "scopes           | profile email address2",
            "claims           | BENationalNumber, shoeSize",
            "acrLevel         | substantial",
            "minimumAcr       | substantial",
            "missingAcr       | accept",
            "claimsDelivery   | both",
            "requestObject    | signed",
            "loaMapping       | acr_basic:2",
            "loaMapping       | acr_basic:3 acr_advanced:2",
            "loaMapping       | acr_basic:2 acr_advanced:high",
            "loaMapping       | acr_basic:2 acr_advanced:3 acr_expert:4",
            "requestObject    | encrypted",
    })
    void badFieldIsRejectedByName(String key, String value) {
        String message = rejection(with(key, value));
        assertTrue(message.startsWith("Invalid itsme configuration: '" + key + "'"), message);
    }

    @Test
    void loaMappingDefaultsToLevelsOneAndTwo() {
        ItsmeIdentityProviderConfig config = configured(minimal());
        assertEquals(1, config.getLoaMapping().levelOf(ItsmeIdentityProviderConfig.ACR_BASIC));
        assertEquals(2, config.getLoaMapping().levelOf(ItsmeIdentityProviderConfig.ACR_ADVANCED));
        config.getConfig().put("loaMapping", "acr_basic:2 acr_advanced:3");
        assertEquals(3, config.getLoaMapping().levelOf(ItsmeIdentityProviderConfig.ACR_ADVANCED));
        assertTrue(rejection(with("loaMapping", "acr_basic:2 acr_expert:3")).contains("acr_expert"));
    }

    @Test
    void secretPostNeedsASecret() {
        String message = rejection(with("clientAuthMethod", "client_secret_post"));
        assertTrue(message.contains("'clientSecret'"), message);
    }

    @Test
    void basicAndSignedOnlyAreRefusedWithTheReason() {
        Map<String, String> basic = with("clientAuthMethod", "client_secret_basic");
        basic.put("clientSecret", "s3cret");
        String message = rejection(basic);
        assertTrue(message.contains("POST body") && message.contains("client_secret_post"), message);
        message = rejection(with("requestObject", "signed"));
        assertTrue(message.contains("signed-encrypted"), message);
    }

    @Test
    void aStoredSignedRequestObjectIsSentSignedAndEncrypted() {
        ItsmeIdentityProviderConfig config = configured(with("requestObject", "signed"));
        assertTrue(config.usesRequestObject());
    }

    @Test
    void rejectionNamesTheUnknownClaim() {
        assertTrue(rejection(with("claims", "BENationalNumber,shoeSize")).contains("shoeSize"));
    }

    @ParameterizedTest
    @CsvSource({
            "e2e, v2,    https://idp.e2e.itsme.services/v2/.well-known/openid-configuration",
            "prd, v2,    https://idp.prd.itsme.services/v2/.well-known/openid-configuration",
            "e2e, csapi, https://oidc.e2e.itsme.services/clientsecret-oidc/csapi/v0.1/.well-known/openid-configuration",
            "prd, csapi, https://oidc.prd.itsme.services/clientsecret-oidc/csapi/v0.1/.well-known/openid-configuration",
    })
    void discoveryUrlPerEnvironmentAndApi(String environment, String api, String expected) {
        Map<String, String> config = minimal();
        config.put("environment", environment);
        config.put("api", api);
        assertEquals(expected, configured(config).getDiscoveryUrl());
    }

    @Test
    void discoveryUrlDefaultsAndOverride() {
        assertEquals("https://idp.e2e.itsme.services/v2/.well-known/openid-configuration", configured(minimal()).getDiscoveryUrl());
        Map<String, String> config = with("metadataUrl", " http://127.0.0.1:8099/v2/.well-known/openid-configuration ");
        config.put("environment", "prd");
        assertEquals("http://127.0.0.1:8099/v2/.well-known/openid-configuration", configured(config).getDiscoveryUrl());
    }

    @Test
    void idTokenDeliverySendsOnlyOpenidAndTheServiceAndAsksForEveryClaimInTheIdToken() {
        ItsmeIdentityProviderConfig config = configured(with("scopes", "profile##eid"));
        config.getConfig().put("claims", "claim_citizenship, BENationalNumber");
        assertEquals("openid service:TEST_code", config.getDefaultScope());
        List<String> names = config.getIdTokenClaims().stream().map(ItsmeClaims.Claim::name).toList();
        assertTrue(names.containsAll(List.of("given_name", "family_name", "birthdate",
                "http://itsme.services/v2/claim/BENationalNumber", "http://itsme.services/v2/claim/BEeidSn",
                "http://itsme.services/v2/claim/claim_citizenship")), names.toString());
        assertEquals(names.size(), names.stream().distinct().count(), "each claim once: " + names);
    }

    @Test
    void userinfoDeliverySendsTheScopesAndAsksOnlyForTheClaimsSetting() {
        Map<String, String> config = with("claimsDelivery", "userinfo");
        assertEquals("openid service:TEST_code profile email", configured(config).getDefaultScope());
        config.put("scopes", "eid##address");
        assertEquals("openid service:TEST_code eid address", configured(config).getDefaultScope());
        config.put("scopes", "profile, eid profile");
        config.put("claims", "claim_citizenship");
        assertEquals("openid service:TEST_code profile eid", configured(config).getDefaultScope());
        assertEquals(List.of("http://itsme.services/v2/claim/claim_citizenship"),
                configured(config).getIdTokenClaims().stream().map(ItsmeClaims.Claim::name).toList());
        assertTrue(configured(config).readsUserInfo());
    }

    /** A login narrowed to its application's needs ({@link ItsmeClaimSelection}): the two deliveries. */
    @Test
    void aNarrowedLoginAsksOnlyForItsSelectionWithEitherDelivery() {
        Map<String, String> settings = with("scopes", "profile##email##eid");
        settings.put("claims", "claim_citizenship_as_iso");
        // the application asked for the names and the nationality (verified_claims narrowed by its claims parameter)
        Optional<List<ItsmeClaims.Claim>> selection = ItsmeClaimSelection.select("openid verified_claims",
                "{\"id_token\":{\"verified_claims\":{\"claims\":{\"given_name\":null,\"nationalities\":null}}}}",
                configured(settings).getScopes(), configured(settings).getRequestedClaims());
        assertEquals(List.of("given_name", "http://itsme.services/v2/claim/claim_citizenship_as_iso"),
                selection.orElseThrow().stream().map(ItsmeClaims.Claim::name).toList());

        // id_token: no optional scope, every selected claim one by one in the ID token
        ItsmeIdentityProviderConfig idToken = configured(settings);
        assertEquals(List.of(), idToken.getSentScopes(selection));
        assertEquals(selection.get(), idToken.getIdTokenClaims(selection));

        // userinfo: the configured scope that returns a selected claim, and the others one by one in the ID token
        settings.put("claimsDelivery", "userinfo");
        ItsmeIdentityProviderConfig userinfo = configured(settings);
        assertEquals(List.of("profile"), userinfo.getSentScopes(selection));
        assertEquals(List.of("http://itsme.services/v2/claim/claim_citizenship_as_iso"),
                userinfo.getIdTokenClaims(selection).stream().map(ItsmeClaims.Claim::name).toList());

        // age only: no scope at all with either delivery, age_gte_18 alone
        Optional<List<ItsmeClaims.Claim>> age = ItsmeClaimSelection.select("openid age", null,
                userinfo.getScopes(), userinfo.getRequestedClaims());
        assertEquals(List.of(), userinfo.getSentScopes(age));
        assertEquals(List.of("age_gte_18"), userinfo.getIdTokenClaims(age).stream().map(ItsmeClaims.Claim::name).toList());
        assertEquals(List.of("age_gte_18"), idToken.getIdTokenClaims(age).stream().map(ItsmeClaims.Claim::name).toList());

        // not narrowed: the broker's configuration as before
        assertEquals(userinfo.getScopes(), userinfo.getSentScopes(Optional.empty()));
        assertEquals(idToken.getIdTokenClaims(), idToken.getIdTokenClaims(Optional.empty()));
    }

    @Test
    void minimumAcrFollowsTheLevelUnderTheNewOrTheDeprecatedKey() {
        assertEquals("http://itsme.services/v2/claim/acr_basic", configured(minimal()).getMinimumAcr());
        assertEquals("http://itsme.services/v2/claim/acr_advanced", configured(with("minimumAcr", "advanced")).getMinimumAcr());
        assertEquals("http://itsme.services/v2/claim/acr_advanced",
                configured(with("minimumAcr", "http://itsme.services/V2/claim/acr_advanced")).getMinimumAcr());
        assertEquals("http://itsme.services/v2/claim/acr_advanced", configured(with("acrLevel", "advanced")).getMinimumAcr());
        Map<String, String> both = with("acrLevel", "advanced");
        both.put("minimumAcr", "basic");
        assertEquals("http://itsme.services/v2/claim/acr_advanced", configured(both).getMinimumAcr(),
                "the form's default minimumAcr (basic) does not lower the stored acrLevel: the stricter applies");
        both.put("minimumAcr", "advanced");
        both.put("acrLevel", "basic");
        assertEquals("http://itsme.services/v2/claim/acr_advanced", configured(both).getMinimumAcr(), "the stricter applies");
        assertTrue(rejection(with("acrLevel", "high")).contains("'acrLevel'"), "a bad deprecated value is named by its key");
        Map<String, String> badDeprecated = with("acrLevel", "high");
        badDeprecated.put("minimumAcr", "basic");
        assertTrue(rejection(badDeprecated).contains("'acrLevel'"), "a bad acrLevel is refused beside a good minimumAcr");
    }

    @Test
    void missingAcrDefaultsToLowestAndReadsTheStoredValue() {
        assertEquals(MissingAcr.REQUESTED, configured(with("missingAcr", "requested")).getMissingAcr());
        assertEquals(MissingAcr.REFUSE, configured(with("missingAcr", " Refuse ")).getMissingAcr());
    }

    @Test
    void keyPairClientsSignWithRs256() {
        assertEquals("RS256", configured(minimal()).getClientAssertionSigningAlg());
        assertTrue(configured(minimal()).isJWTAuthentication());
        assertFalse(configured(with("clientAuthMethod", "client_secret_post")).isBasicAuthentication());
    }

    @Test
    void parametersItsmeIgnoresAreOff() {
        ItsmeIdentityProviderConfig config = configured(minimal());
        assertFalse(config.isLoginHint());
        assertFalse(config.isPassMaxAge());
        assertFalse(config.isUiLocales(), "the base sends ui_locales itself, mapped to itsme's languages");
        assertEquals("", config.getForwardParameters());
    }

    @Test
    void iconClassForTheLoginButton() {
        assertEquals("eidhub-idp-itsme", configured(minimal()).getDisplayIconClasses());
    }

    @Test
    void configReadsAStoredModel() {
        IdentityProviderModel model = new IdentityProviderModel();
        model.setAlias("itsme-prd");
        model.setConfig(new HashMap<>(with("environment", "prd")));
        ItsmeIdentityProviderConfig config = new ItsmeIdentityProviderConfig(model);
        assertEquals("https://idp.prd.itsme.services/v2/.well-known/openid-configuration", config.getDiscoveryUrl());
    }

    @Test
    void defaultMappersForProfileAndEmail() {
        List<IdentityProviderMapperModel> mappers = configured(minimal()).defaultMappers();
        assertEquals(Map.of("given_name", "firstName", "family_name", "lastName", "email", "email"), claimToAttribute(mappers));
        mappers.forEach(mapper -> assertEquals(ItsmeClaimMapper.PROVIDER_ID, mapper.getIdentityProviderMapper()));
    }

    @Test
    void defaultMappersImportEveryRequestedItsmeClaim() {
        Map<String, String> config = with("scopes", "profile##email##eid");
        config.put("claims", "claim_citizenship, place_of_birth, birthdate, BENationalNumber");
        Map<String, String> mapped = claimToAttribute(configured(config).defaultMappers());
        assertEquals("firstName", mapped.get("given_name"));
        assertEquals("lastName", mapped.get("family_name"));
        assertEquals("email", mapped.get("email"));
        assertEquals("itsme_national_number", mapped.get("http://itsme.services/v2/claim/BENationalNumber"));
        assertEquals("itsme_eid_card_number", mapped.get("http://itsme.services/v2/claim/BEeidSn"));
        assertEquals("itsme_citizenship", mapped.get("http://itsme.services/v2/claim/claim_citizenship"));
        assertEquals("itsme_place_of_birth", mapped.get("http://itsme.services/v2/claim/place_of_birth"));
        assertEquals("itsme_birthdate", mapped.get("birthdate"));
        assertEquals(8, mapped.size());
    }

    @Test
    void defaultMapperNamesAreUnique() {
        Map<String, String> config = with("scopes", "eid idDocument");
        config.put("claims", "BENationalNumber, BEeidSn, given_name, email");
        List<IdentityProviderMapperModel> mappers = configured(config).defaultMappers();
        assertEquals(mappers.size(), mappers.stream().map(IdentityProviderMapperModel::getName).distinct().count());
    }

    @Test
    void bothSlovenianSpellingsMapToOneAttribute() {
        Map<String, String> config = with("claims", "SINationalNumber, SVNationalNumber");
        List<IdentityProviderMapperModel> mappers = configured(config).defaultMappers();
        assertEquals(1, mappers.stream().filter(m -> "itsme_si_national_number".equals(m.getConfig().get(ItsmeClaimMapper.USER_ATTRIBUTE))).count());
    }

    private static Map<String, String> claimToAttribute(List<IdentityProviderMapperModel> mappers) {
        Map<String, String> mapped = new HashMap<>();
        for (IdentityProviderMapperModel mapper : mappers) {
            mapped.put(mapper.getConfig().get(ItsmeClaimMapper.CLAIM), mapper.getConfig().get(ItsmeClaimMapper.USER_ATTRIBUTE));
        }
        return mapped;
    }

    @Test
    void serviceCodeOfAnApplicationMustBeTheBrokersOrAllowed() {
        ItsmeIdentityProviderConfig config = configured(with("allowedServiceCodes", "SHOP_AGE, BANK_KYC"));
        assertDoesNotThrow(() -> config.validate(null));
        assertEquals("TEST_code", config.serviceCodeFor(null));
        assertEquals("TEST_code", config.serviceCodeFor(" "));
        assertEquals("TEST_code", config.serviceCodeFor("TEST_code"));
        assertEquals("SHOP_AGE", config.serviceCodeFor("SHOP_AGE"));
        assertEquals("BANK_KYC", config.serviceCodeFor(" BANK_KYC "));
        assertEquals(null, config.serviceCodeFor("OTHER"));
        assertEquals(null, configured(minimal()).serviceCodeFor("SHOP_AGE"), "nothing allowed by default");
        assertTrue(rejection(with("allowedServiceCodes", "A\"B")).contains("allowedServiceCodes"));
    }

    @Test
    void verifiedClaimsDefaultsAndStoreClaims() {
        ItsmeIdentityProviderConfig defaults = configured(minimal());
        assertEquals("eidas", defaults.getTrustFramework());
        assertEquals("high", defaults.getAssuranceLevel());
        assertEquals("user", defaults.getStoreClaims());
        assertFalse(defaults.storesClaimsInSessionOnly());
        Map<String, String> custom = with("trustFramework", "be_custom");
        custom.put("assuranceLevel", "none");
        custom.put("storeClaims", "session");
        ItsmeIdentityProviderConfig configured = configured(custom);
        assertDoesNotThrow(() -> configured.validate(null));
        assertEquals("be_custom", configured.getTrustFramework());
        assertEquals(null, configured.getAssuranceLevel());
        assertTrue(configured.storesClaimsInSessionOnly());
        assertTrue(rejection(with("storeClaims", "database")).contains("storeClaims"));
    }
}
