package io.eidhub.keycloak.itsme;

import org.junit.jupiter.api.Test;
import org.keycloak.provider.ProviderConfigProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItsmeIdentityProviderFactoryTest {

    private final ItsmeIdentityProviderFactory factory = new ItsmeIdentityProviderFactory();

    @Test
    void identity() {
        assertEquals("itsme", factory.getId());
        assertEquals("itsme", factory.getName());
    }

    @Test
    void formHasExactlyThePublicKeys() {
        List<String> names = factory.getConfigProperties().stream().map(ProviderConfigProperty::getName).toList();
        assertEquals(List.of("environment", "api", "metadataUrl", "clientAuthMethod", "serviceCode", "scopes", "claims",
                "claimsDelivery", "minimumAcr", "missingAcr", "loaMapping", "requestObject", "allowedServiceCodes", "defaultMappers",
                "trustFramework", "assuranceLevel", "storeClaims"), names);
    }

    @Test
    void formDefaultsMatchTheConfigDefaults() {
        for (ProviderConfigProperty property : factory.getConfigProperties()) {
            if (property.getDefaultValue() != null && property.getOptions() != null) {
                for (String value : property.getDefaultValue().toString().split("##")) {
                    assertTrue(property.getOptions().contains(value), property.getName());
                }
            }
        }
        assertEquals(ProviderConfigProperty.MULTIVALUED_LIST_TYPE, property("scopes").getType());
        assertEquals("profile##email", property("scopes").getDefaultValue());
        assertTrue(property("serviceCode").isRequired());
    }

    @Test
    void labelsAndHelpTextsAreTranslatedInFourLanguages() throws IOException {
        for (String language : List.of("en", "fr", "nl", "de")) {
            Properties messages = messages(language);
            for (ProviderConfigProperty property : factory.getConfigProperties()) {
                assertTrue(property.getLabel().startsWith("itsme."), property.getLabel());
                assertTrue(messages.containsKey(property.getLabel()), language + ": " + property.getLabel());
                assertTrue(messages.containsKey(property.getHelpText()), language + ": " + property.getHelpText());
            }
            assertEquals(messages("en").keySet(), messages.keySet(), language);
        }
    }

    @Test
    void servicesAreRegistered() throws IOException {
        assertEquals(ItsmeIdentityProviderFactory.class.getName(), service("org.keycloak.broker.social.SocialIdentityProviderFactory"));
        assertEquals(ItsmeClaimMapper.class.getName(), service("org.keycloak.broker.provider.IdentityProviderMapper"));
    }

    private ProviderConfigProperty property(String name) {
        return factory.getConfigProperties().stream().filter(p -> p.getName().equals(name)).findFirst().orElseThrow();
    }

    private static Properties messages(String language) throws IOException {
        try (InputStream in = ItsmeIdentityProviderFactoryTest.class.getResourceAsStream("/theme-resources/messages/messages_" + language + ".properties")) {
            assertNotNull(in, language);
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        }
    }

    private static String service(String spi) throws IOException {
        try (InputStream in = ItsmeIdentityProviderFactoryTest.class.getResourceAsStream("/META-INF/services/" + spi)) {
            assertNotNull(in, spi);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
    }
}
