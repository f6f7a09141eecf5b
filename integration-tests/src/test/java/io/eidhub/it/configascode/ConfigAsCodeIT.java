package io.eidhub.it.configascode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;

import io.eidhub.it.TestRealm;
import io.eidhub.it.WithKeycloak;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

/**
 * Brokers managed as code: the REST calls of the Keycloak Terraform provider ({@code keycloak_oidc_identity_provider}
 * with {@code provider_id} and {@code extra_config}, then {@code keycloak_custom_identity_provider_mapper}), and a
 * realm export imported again.
 */
@WithKeycloak
class ConfigAsCodeIT {

    private static final String IDEMIA_DISCOVERY = "https://idp.tenant.example/oxauth/.well-known/openid-configuration";

    /**
     * The broker as {@code keycloak_oidc_identity_provider} sends it: its own top-level fields (the required dummies
     * authorization_url, token_url, client_id, client_secret and the defaults it always writes), then
     * {@code extra_config} merged into the same config map.
     */
    private static IdentityProviderRepresentation terraformBroker(String alias, String providerId, Map<String, String> extraConfig) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId(providerId);
        idp.setDisplayName(alias);
        idp.setEnabled(true);
        idp.setStoreToken(true);
        idp.setTrustEmail(false);
        idp.setLinkOnly(false);
        idp.setFirstBrokerLoginFlowAlias("first broker login");
        idp.setPostBrokerLoginFlowAlias("");
        Map<String, String> config = new LinkedHashMap<>();
        config.put("authorizationUrl", "https://unused.example/authorize");
        config.put("tokenUrl", "https://unused.example/token");
        config.put("clientId", "rp-" + alias);
        config.put("clientSecret", "unused-for-private-key-jwt");
        config.put("backchannelSupported", "true");
        config.put("validateSignature", "false");
        config.put("useJwksUrl", "true");
        config.put("disableUserInfo", "false");
        config.put("hideOnLoginPage", "false");
        config.put("loginHint", "false");
        config.put("uiLocales", "false");
        config.put("syncMode", "IMPORT");
        config.put("defaultScope", "openid");
        config.putAll(extraConfig);
        idp.setConfig(config);
        return idp;
    }

    /** {@code keycloak_custom_identity_provider_mapper}: one mapper of the broker's own type. */
    private static IdentityProviderMapperRepresentation terraformMapper(String alias, String type, String claim, String attribute) {
        IdentityProviderMapperRepresentation mapper = new IdentityProviderMapperRepresentation();
        mapper.setName(attribute);
        mapper.setIdentityProviderAlias(alias);
        mapper.setIdentityProviderMapper(type);
        mapper.setConfig(new HashMap<>(Map.of("claim", claim, "user.attribute", attribute, "syncMode", "INHERIT")));
        return mapper;
    }

    private static void create(TestRealm realm, IdentityProviderRepresentation idp) {
        try (Response response = realm.resource().identityProviders().create(idp)) {
            assertEquals(201, response.getStatus(), response.hasEntity() ? response.readEntity(String.class) : "");
        }
    }

    private static void create(TestRealm realm, IdentityProviderMapperRepresentation mapper) {
        try (Response response = realm.identityProvider(mapper.getIdentityProviderAlias()).addMapper(mapper)) {
            assertEquals(201, response.getStatus(), response.hasEntity() ? response.readEntity(String.class) : "");
        }
    }

    private static Map<String, String> itsmeExtraConfig() {
        return Map.of("environment", "e2e", "clientAuthMethod", "private_key_jwt", "serviceCode", "SVC", "defaultMappers", "false");
    }

    private static Map<String, String> idemiaExtraConfig() {
        return Map.of("metadataUrl", IDEMIA_DISCOVERY, "clientAuthMethod", "client_secret_basic", "defaultMappers", "false");
    }

    @Test
    void terraformOrderLeavesExactlyItsOwnMapper(TestRealm realm) {
        create(realm, terraformBroker("itsme", "itsme", itsmeExtraConfig()));
        create(realm, terraformMapper("itsme", "itsme-claim-mapper", "given_name", "firstName"));
        create(realm, terraformBroker("idemia", "idemia", idemiaExtraConfig()));
        create(realm, terraformMapper("idemia", "idemia-claim-mapper", "firstName1", "firstName"));

        for (String alias : List.of("itsme", "idemia")) {
            List<IdentityProviderMapperRepresentation> mappers = realm.identityProvider(alias).getMappers();
            assertEquals(List.of("firstName"), mappers.stream().map(IdentityProviderMapperRepresentation::getName).toList(),
                    alias + ": the tool's mapper only");
            assertEquals("false", realm.identityProvider(alias).toRepresentation().getConfig().get("defaultMappers"));
        }
    }

    @Test
    void withoutTheKeyTheDefaultsStillCome(TestRealm realm) {
        Map<String, String> itsme = new HashMap<>(itsmeExtraConfig());
        itsme.remove("defaultMappers");
        create(realm, terraformBroker("itsme", "itsme", itsme));
        Map<String, String> idemia = new HashMap<>(idemiaExtraConfig());
        idemia.put("defaultMappers", "true");
        create(realm, terraformBroker("idemia", "idemia", idemia));
        assertTrue(realm.identityProvider("itsme").getMappers().size() > 1, "itsme defaults");
        assertTrue(realm.identityProvider("idemia").getMappers().size() > 1, "idemia defaults");
    }

    @Test
    void aBadValueIsRefusedNamingTheKey(TestRealm realm) {
        Map<String, String> idemia = new HashMap<>(idemiaExtraConfig());
        idemia.put("defaultMappers", "yes please");
        try (Response response = realm.resource().identityProviders().create(terraformBroker("idemia", "idemia", idemia))) {
            assertEquals(400, response.getStatus());
            assertTrue(response.readEntity(String.class).contains("defaultMappers"));
        }
        assertTrue(realm.resource().identityProviders().findAll().isEmpty());
    }

    @Test
    void aRealmExportImportedAgainHasTheSameBrokersAndMappers(Keycloak admin, TestRealm realm) {
        // itsme managed as code (no defaults, one mapper of the tool), IDEMIA with its default mappers
        create(realm, terraformBroker("itsme", "itsme", itsmeExtraConfig()));
        create(realm, terraformMapper("itsme", "itsme-claim-mapper", "given_name", "firstName"));
        Map<String, String> idemia = new HashMap<>(idemiaExtraConfig());
        idemia.remove("defaultMappers");
        create(realm, terraformBroker("idemia", "idemia", idemia));

        RealmRepresentation export = realm.resource().partialExport(false, false);
        RealmRepresentation copy = new RealmRepresentation();
        copy.setRealm(realm.name() + "-copy-" + UUID.randomUUID().toString().substring(0, 4));
        copy.setEnabled(true);
        copy.setIdentityProviders(export.getIdentityProviders());
        copy.setIdentityProviderMappers(export.getIdentityProviderMappers());
        copy.getIdentityProviders().forEach(idp -> idp.setInternalId(null));
        copy.getIdentityProviderMappers().forEach(mapper -> mapper.setId(null));
        admin.realms().create(copy);
        try {
            for (String alias : List.of("itsme", "idemia")) {
                IdentityProviderRepresentation before = realm.identityProvider(alias).toRepresentation();
                IdentityProviderRepresentation after = admin.realm(copy.getRealm()).identityProviders().get(alias).toRepresentation();
                assertEquals(before.getProviderId(), after.getProviderId());
                assertEquals(withoutSecret(before.getConfig()), withoutSecret(after.getConfig()), alias);
                assertEquals(mappers(realm.identityProvider(alias).getMappers()),
                        mappers(admin.realm(copy.getRealm()).identityProviders().get(alias).getMappers()), alias);
            }
            assertEquals(1, admin.realm(copy.getRealm()).identityProviders().get("itsme").getMappers().size());
            assertTrue(admin.realm(copy.getRealm()).identityProviders().get("idemia").getMappers().size() > 1);
        } finally {
            admin.realm(copy.getRealm()).remove();
        }
    }

    /** Mappers by name: type and config (ids differ between realms). */
    private static Map<String, String> mappers(List<IdentityProviderMapperRepresentation> mappers) {
        return mappers.stream().collect(Collectors.toMap(IdentityProviderMapperRepresentation::getName,
                m -> m.getIdentityProviderMapper() + " " + new TreeMap<>(m.getConfig()), (a, b) -> a + " | " + b, TreeMap::new));
    }

    /** The export masks the client secret; everything else must survive. */
    private static Map<String, String> withoutSecret(Map<String, String> config) {
        Map<String, String> copy = new TreeMap<>(config);
        copy.remove("clientSecret");
        return copy;
    }
}
