package io.eidhub.it.idemia;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eidhub.it.Browser;
import io.eidhub.it.KeycloakServer;
import io.eidhub.it.Page;
import io.eidhub.it.SharedSimulator;
import io.eidhub.it.TestRealm;
import io.eidhub.it.WithKeycloak;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ComponentTypeRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.info.ServerInfoRepresentation;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.eidhub.it.EidTestConstants.IDEMIA_LOA_4;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code idemia} broker in Keycloak's admin API and console: registration, form, validation, default mappers. */
@WithKeycloak
class IdemiaAdminIT {

    private static final String DISCOVERY = "https://idp.tenant.example/oxauth/.well-known/openid-configuration";

    private static Map<String, String> validConfig() {
        Map<String, String> config = new HashMap<>();
        config.put("metadataUrl", DISCOVERY);
        config.put("clientId", "rp");
        config.put("clientSecret", "secret");
        return config;
    }

    /** Creates the broker through REST; returns the HTTP status and body. */
    private static String create(TestRealm realm, Map<String, String> config, int expectedStatus) {
        try (Response response = realm.resource().identityProviders().create(IdemiaBroker.classic(realm, SharedSimulator.get()).representation(config))) {
            String body = response.hasEntity() ? response.readEntity(String.class) : "";
            assertEquals(expectedStatus, response.getStatus(), body);
            return body;
        }
    }

    @Test
    void listedAsSocialProviderWithItsForm(Keycloak admin) {
        ServerInfoRepresentation info = admin.serverInfo().getInfo();
        assertTrue(info.getSocialProviders().stream().anyMatch(p -> "idemia".equals(p.get("id"))
                && "IDEMIA Mobile ID".equals(p.get("name"))), info.getSocialProviders().toString());
        ComponentTypeRepresentation form = info.getComponentTypes().get("org.keycloak.broker.social.SocialIdentityProvider")
                .stream().filter(c -> "idemia".equals(c.getId())).findFirst().orElseThrow();
        assertEquals(List.of("metadataUrl", "clientAuthMethod", "scopes", "minimumAcr", "missingAcr", "loaMapping", "responseMode", "defaultMappers",
                        "trustFramework", "assuranceLevel", "storeClaims"),
                form.getProperties().stream().map(p -> p.getName()).toList());
        assertTrue(form.getProperties().stream().allMatch(p -> p.getLabel().startsWith("idemia.")));
    }

    @Test
    void formLabelsAreTranslatedInTheAdminConsole(TestRealm realm) throws Exception {
        Map<String, String> fr = adminMessages(realm, "fr");
        assertEquals("Niveau de garantie minimal", fr.get("idemia.minimumAcr"));
        assertEquals("URL de d\u00e9couverte", fr.get("idemia.metadataUrl"));
        assertEquals("Minimum level of assurance", adminMessages(realm, "en").get("idemia.minimumAcr"));
        assertEquals("Minimaal betrouwbaarheidsniveau", adminMessages(realm, "nl").get("idemia.minimumAcr"));
        assertEquals("Mindest-Vertrauensniveau", adminMessages(realm, "de").get("idemia.minimumAcr"));
        assertEquals("Nivel de garant\u00eda m\u00ednimo", adminMessages(realm, "es").get("idemia.minimumAcr"));
        for (String locale : List.of("en", "fr", "nl", "de", "es")) {
            assertTrue(adminMessages(realm, locale).containsKey("idemia.missingAcr.help"), locale);
        }
    }

    @Test
    void creatingWithoutMetadataUrlIsRefusedNamingIt(TestRealm realm) {
        Map<String, String> config = validConfig();
        config.remove("metadataUrl");
        String body = create(realm, config, 400);
        assertTrue(body.contains("metadataUrl"), body);
        assertTrue(realm.resource().identityProviders().findAll().isEmpty());
    }

    @Test
    void badValuesAreRefusedNamingTheField(TestRealm realm) {
        Map<String, Map.Entry<String, String>> cases = Map.of(
                "metadataUrl", Map.entry("metadataUrl", "not a url"),
                "loa", Map.entry("loa", "loa-1"),
                "minimumAcr", Map.entry("minimumAcr", "loa-1"),
                "missingAcr", Map.entry("missingAcr", "accept"),
                "responseMode", Map.entry("responseMode", "fragment"),
                "clientAuthMethod", Map.entry("clientAuthMethod", "client_secret_jwt"));
        cases.forEach((field, value) -> {
            Map<String, String> config = validConfig();
            config.put(value.getKey(), value.getValue());
            String body = create(realm, config, 400);
            assertTrue(body.contains("'" + field + "'"), field + ": " + body);
        });
        Map<String, String> noSecret = validConfig();
        noSecret.remove("clientSecret");
        assertTrue(create(realm, noSecret, 400).contains("'clientSecret'"));
        Map<String, String> keyJwt = validConfig();
        keyJwt.remove("clientSecret");
        keyJwt.put("clientAuthMethod", "private_key_jwt");
        create(realm, keyJwt, 201);
    }

    @Test
    void createdWithDefaultsAndDefaultMappers(TestRealm realm) {
        Map<String, String> config = validConfig();
        config.put("scopes", "id_basic");
        create(realm, config, 201);

        IdentityProviderRepresentation stored = realm.identityProvider("idemia").toRepresentation();
        assertEquals(null, stored.getConfig().get("loa"), "nothing stored under the deprecated key");
        assertEquals("form_post", stored.getConfig().get("responseMode"));
        assertEquals("client_secret_basic", stored.getConfig().get("clientAuthMethod"));
        assertEquals("id_basic", stored.getConfig().get("scopes"));

        Map<String, IdentityProviderMapperRepresentation> mappers = realm.identityProvider("idemia").getMappers().stream()
                .collect(Collectors.toMap(IdentityProviderMapperRepresentation::getName, m -> m));
        assertEquals(5, mappers.size(), mappers.keySet().toString());
        Map<String, String> claimToAttribute = mappers.values().stream()
                .filter(m -> "idemia-claim-mapper".equals(m.getIdentityProviderMapper()))
                .collect(Collectors.toMap(m -> m.getConfig().get("claim"), m -> m.getConfig().get("user.attribute")));
        assertEquals(Map.of("firstName1", "firstName", "lastName1", "lastName",
                "documentId", "idemia_document_id", "address1", "idemia_address"), claimToAttribute);
        IdentityProviderMapperRepresentation username = mappers.get("username");
        assertEquals("oidc-username-idp-mapper", username.getIdentityProviderMapper());
        assertEquals("${ALIAS}.${CLAIM.sub}", username.getConfig().get("template"));

        // an update keeps the mappers and is validated too
        stored.getConfig().put("minimumAcr", "loa-9");
        BadRequestException refused = assertThrows(BadRequestException.class, () -> realm.identityProvider("idemia").update(stored));
        assertTrue(refused.getResponse().readEntity(String.class).contains("'minimumAcr'"));
        stored.getConfig().put("minimumAcr", IDEMIA_LOA_4);
        realm.identityProvider("idemia").update(stored);
        assertEquals(IDEMIA_LOA_4, realm.identityProvider("idemia").toRepresentation().getConfig().get("minimumAcr"));
        assertEquals(5, realm.identityProvider("idemia").getMappers().size());
    }

    @Test
    void idemiaAndGenericMappersAreOffered(TestRealm realm) {
        create(realm, validConfig(), 201);
        Map<String, ?> types = realm.identityProvider("idemia").getMapperTypes();
        for (String id : List.of("idemia-claim-mapper", "oidc-user-attribute-idp-mapper", "oidc-username-idp-mapper",
                "hardcoded-attribute-idp-mapper", "oidc-role-idp-mapper")) {
            assertTrue(types.containsKey(id), id + " in " + types.keySet());
        }
    }

    @Test
    void loginButtonCarriesTheIconClass(TestRealm realm, Browser browser) {
        create(realm, validConfig(), 201);
        Page login = realm.authRequest().start(browser);
        assertTrue(login.body().contains("id=\"social-idemia\""), login.describe());
        assertTrue(login.body().contains("eidhub-idp-idemia"), login.body());
    }

    private static Map<String, String> adminMessages(TestRealm realm, String locale) throws IOException, InterruptedException {
        KeycloakServer server = realm.server();
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(server.baseUrl() + "/resources/" + realm.name() + "/admin/" + locale)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        List<Map<String, String>> entries = new ObjectMapper().readValue(response.body(), new TypeReference<>() {
        });
        return entries.stream().collect(Collectors.toMap(e -> e.get("key"), e -> e.get("value"), (a, b) -> a));
    }
}
