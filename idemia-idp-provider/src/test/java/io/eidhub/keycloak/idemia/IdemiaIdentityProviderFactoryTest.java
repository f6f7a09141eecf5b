package io.eidhub.keycloak.idemia;

import org.junit.jupiter.api.Test;
import org.keycloak.broker.social.SocialIdentityProviderFactory;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.provider.ProviderConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdemiaIdentityProviderFactoryTest {

    private final IdemiaIdentityProviderFactory factory = new IdemiaIdentityProviderFactory();

    @Test
    void identity() {
        assertEquals("idemia", factory.getId());
        assertEquals("IDEMIA Mobile ID", factory.getName());
        assertTrue(factory instanceof SocialIdentityProviderFactory<?>);
    }

    @Test
    void registeredAsSocialProviderAndMapper() throws IOException {
        assertEquals(IdemiaIdentityProviderFactory.class.getName(),
                resource("META-INF/services/org.keycloak.broker.social.SocialIdentityProviderFactory").trim());
        assertEquals(IdemiaClaimMapper.class.getName(),
                resource("META-INF/services/org.keycloak.broker.provider.IdentityProviderMapper").trim());
    }

    @Test
    void formFieldsAreTheConfigurationContract() {
        Map<String, ProviderConfigProperty> fields = factory.getConfigProperties().stream()
                .collect(Collectors.toMap(ProviderConfigProperty::getName, p -> p));
        assertEquals(List.of("metadataUrl", "clientAuthMethod", "scopes", "minimumAcr", "missingAcr", "loaMapping", "responseMode", "defaultMappers",
                        "trustFramework", "assuranceLevel", "storeClaims"),
                factory.getConfigProperties().stream().map(ProviderConfigProperty::getName).toList());
        assertTrue(fields.get("metadataUrl").isRequired());
        assertEquals("client_secret_basic", fields.get("clientAuthMethod").getDefaultValue());
        assertEquals(List.of("client_secret_basic", "client_secret_post", "private_key_jwt"), fields.get("clientAuthMethod").getOptions());
        assertEquals("openid id_basic mt_scope", fields.get("scopes").getDefaultValue());
        assertEquals(List.of("loa-2", "loa-3", "loa-4"), fields.get("minimumAcr").getOptions());
        assertEquals(List.of("refuse", "lowest", "requested"), fields.get("missingAcr").getOptions());
        assertEquals("refuse", fields.get("missingAcr").getDefaultValue());
        assertEquals("loa-2", fields.get("minimumAcr").getDefaultValue());
        assertEquals("loa-2:2 loa-3:3 loa-4:4", fields.get("loaMapping").getDefaultValue());
        assertEquals(List.of("form_post", "query"), fields.get("responseMode").getOptions());
        assertEquals("form_post", fields.get("responseMode").getDefaultValue());
        assertEquals("true", fields.get("defaultMappers").getDefaultValue());
    }

    @Test
    void everyLabelAndHelpTextIsTranslated() throws IOException {
        for (String locale : List.of("en", "fr", "nl", "de", "es")) {
            Properties messages = new Properties();
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("theme-resources/messages/messages_" + locale + ".properties")) {
                assertNotNull(in, locale);
                messages.load(in);
            }
            for (ProviderConfigProperty field : factory.getConfigProperties()) {
                assertTrue(field.getLabel().startsWith("idemia."), field.getLabel());
                assertFalse(messages.getProperty(field.getLabel(), "").isBlank(), locale + " " + field.getLabel());
                assertFalse(messages.getProperty(field.getHelpText(), "").isBlank(), locale + " " + field.getHelpText());
            }
            assertTrue(messages.keySet().stream().allMatch(key -> key.toString().startsWith("idemia.")), locale);
        }
    }

    @Test
    void defaultMappers() {
        List<IdentityProviderMapperModel> mappers = factory.createConfig().defaultMappers();
        Map<String, String> claimToAttribute = mappers.stream()
                .filter(m -> IdemiaClaimMapper.PROVIDER_ID.equals(m.getIdentityProviderMapper()))
                .collect(Collectors.toMap(m -> m.getConfig().get("claim"), m -> m.getConfig().get("user.attribute")));
        assertEquals(Map.of("firstName1", "firstName", "lastName1", "lastName",
                "documentId", "idemia_document_id", "address1", "idemia_address"), claimToAttribute);

        IdentityProviderMapperModel username = mappers.stream()
                .filter(m -> "oidc-username-idp-mapper".equals(m.getIdentityProviderMapper())).findFirst().orElseThrow();
        assertEquals("${ALIAS}.${CLAIM.sub}", username.getConfig().get("template"));
        assertEquals("LOCAL", username.getConfig().get("target"));
        assertEquals(5, mappers.size());
        assertEquals(5, mappers.stream().map(IdentityProviderMapperModel::getName).distinct().count(), "names are unique per broker");
    }

    private String resource(String name) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream(name)) {
            assertNotNull(in, name);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
