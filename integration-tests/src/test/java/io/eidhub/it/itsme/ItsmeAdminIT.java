package io.eidhub.it.itsme;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eidhub.it.Browser;
import io.eidhub.it.Page;
import io.eidhub.it.TestRealm;
import io.eidhub.it.WithKeycloak;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ComponentTypeRepresentation;
import org.keycloak.representations.idm.ConfigPropertyRepresentation;
import org.keycloak.representations.idm.IdentityProviderMapperRepresentation;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.eidhub.it.EidTestConstants.ITSME_CLAIM_PREFIX;
import static io.eidhub.it.itsme.ItsmeBroker.ALIAS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The itsme broker as an admin sees it: the provider list and form, validation, default mappers, mapper types. */
@WithKeycloak
class ItsmeAdminIT {

    @Test
    void itsmeIsASocialProviderWithATranslatedForm(Keycloak admin, TestRealm realm) throws Exception {
        var info = admin.serverInfo().getInfo();
        assertTrue(info.getSocialProviders().stream().anyMatch(p -> "itsme".equals(p.get("id")) && "itsme".equals(p.get("name"))),
                "social providers: " + info.getSocialProviders());
        List<ComponentTypeRepresentation> socials = info.getComponentTypes().get("org.keycloak.broker.social.SocialIdentityProvider");
        ComponentTypeRepresentation itsme = socials.stream().filter(c -> "itsme".equals(c.getId())).findFirst().orElseThrow();
        assertEquals(List.of("environment", "api", "metadataUrl", "clientAuthMethod", "serviceCode", "scopes", "claims",
                "claimsDelivery", "minimumAcr", "missingAcr", "loaMapping", "requestObject", "allowedServiceCodes", "defaultMappers",
                "trustFramework", "assuranceLevel", "storeClaims"),
                itsme.getProperties().stream().map(ConfigPropertyRepresentation::getName).toList());

        // the admin console reads labels through the realm's message bundle
        Map<String, String> french = adminMessages(realm, "fr");
        assertEquals("Code de service", french.get("itsme.serviceCode"));
        assertEquals("Servicecode", adminMessages(realm, "nl").get("itsme.serviceCode"));
        assertEquals("Service code", adminMessages(realm, "en").get("itsme.serviceCode"));
        assertEquals("Cadre de confiance", french.get("itsme.trustFramework"));
        for (String locale : List.of("en", "fr", "nl", "de")) {
            Map<String, String> messages = adminMessages(realm, locale);
            for (String key : List.of("itsme.claimsDelivery", "itsme.minimumAcr", "itsme.missingAcr", "itsme.allowedServiceCodes",
                    "itsme.trustFramework", "itsme.assuranceLevel", "itsme.storeClaims")) {
                assertTrue(messages.containsKey(key) && messages.containsKey(key + ".help"), key + " in " + locale);
            }
        }
    }

    @Test
    void newBrokerGetsDefaultMappers(TestRealm realm) {
        ItsmeBroker.keyPair(realm).createBroker(Map.of(
                "scopes", "profile##email##eid", "claims", "claim_citizenship, place_of_birth"));

        Map<String, String> claimToAttribute = new HashMap<>();
        for (IdentityProviderMapperRepresentation mapper : realm.identityProvider(ALIAS).getMappers()) {
            assertEquals("itsme-claim-mapper", mapper.getIdentityProviderMapper(), mapper.getName());
            claimToAttribute.put(mapper.getConfig().get("claim"), mapper.getConfig().get("user.attribute"));
        }
        assertEquals(Map.of(
                "given_name", "firstName",
                "family_name", "lastName",
                "email", "email",
                ITSME_CLAIM_PREFIX + "BENationalNumber", "itsme_national_number",
                ITSME_CLAIM_PREFIX + "BEeidSn", "itsme_eid_card_number",
                ITSME_CLAIM_PREFIX + "claim_citizenship", "itsme_citizenship",
                ITSME_CLAIM_PREFIX + "place_of_birth", "itsme_place_of_birth"), claimToAttribute);
    }

    @Test
    void itsmeAndGenericMapperTypesAreOffered(TestRealm realm) {
        ItsmeBroker.keyPair(realm).createBroker();
        Set<String> types = realm.identityProvider(ALIAS).getMapperTypes().keySet();
        for (String expected : List.of("itsme-claim-mapper", "oidc-user-attribute-idp-mapper", "oidc-hardcoded-role-idp-mapper",
                "hardcoded-attribute-idp-mapper", "oidc-username-idp-mapper")) {
            assertTrue(types.contains(expected), expected + " in " + types);
        }
    }

    @Test
    void unworkableConfigurationsAreRefusedNamingTheField(TestRealm realm) {
        ItsmeBroker itsme = ItsmeBroker.keyPair(realm);
        assertRefused(realm, itsme, Map.of("serviceCode", ""), "serviceCode");
        assertRefused(realm, itsme, Map.of("claims", "BENationalNumber, shoeSize"), "claims");
        assertRefused(realm, itsme, Map.of("scopes", "profile##openid2"), "scopes");
        assertRefused(realm, itsme, Map.of("clientAuthMethod", "client_secret_post"), "clientSecret");
        assertRefused(realm, itsme, Map.of("environment", "acc"), "environment");
        assertRefused(realm, itsme, Map.of("acrLevel", "high"), "acrLevel");
        assertRefused(realm, itsme, Map.of("minimumAcr", "high"), "minimumAcr");
        assertRefused(realm, itsme, Map.of("missingAcr", "accept"), "missingAcr");
        assertRefused(realm, itsme, Map.of("claimsDelivery", "both"), "claimsDelivery");
        assertRefused(realm, itsme, Map.of("requestObject", "encrypted"), "requestObject");
        assertRefused(realm, itsme, Map.of("requestObject", "signed"), "requestObject");
        assertRefused(realm, itsme, Map.of("clientAuthMethod", "client_secret_basic", "clientSecret", "s3cret"), "clientAuthMethod");
        assertRefused(realm, itsme, Map.of("metadataUrl", "not a url"), "metadataUrl");
        assertTrue(realm.resource().identityProviders().findAll().isEmpty());
    }

    @Test
    void loginButtonCarriesTheItsmeIconClass(TestRealm realm) {
        ItsmeBroker.keyPair(realm).createBroker();
        Page login = realm.authRequest().start(new Browser());
        assertTrue(login.body().contains("eidhub-idp-itsme"), login.describe());
        assertTrue(login.links().stream().anyMatch(l -> ("social-" + ALIAS).equals(l.id())), login.describe());
    }

    private static void assertRefused(TestRealm realm, ItsmeBroker itsme, Map<String, String> change, String field) {
        Map<String, String> config = itsme.config();
        change.forEach((key, value) -> {
            if (value.isEmpty()) {
                config.remove(key);
            } else {
                config.put(key, value);
            }
        });
        IdentityProviderRepresentation rep = itsme.representation(config);
        try (Response response = realm.resource().identityProviders().create(rep)) {
            String body = response.readEntity(String.class);
            assertEquals(400, response.getStatus(), change + ": " + body);
            assertTrue(body.contains("'" + field + "'"), change + ": " + body);
        }
    }

    private static Map<String, String> adminMessages(TestRealm realm, String locale) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                realm.server().baseUrl() + "/resources/" + realm.name() + "/admin/" + locale)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        List<Map<String, String>> entries = new ObjectMapper().readValue(response.body(), new TypeReference<>() {
        });
        return entries.stream().collect(Collectors.toMap(e -> e.get("key"), e -> e.get("value"), (a, b) -> a));
    }
}
