package io.eidhub.keycloak.idemia;

import io.eidhub.keycloak.broker.MissingAcr;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.broker.social.SocialIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

import static io.eidhub.keycloak.idemia.IdemiaIdentityProviderConfig.*;

/**
 * "IDEMIA Mobile ID" in the admin console's "Add provider" list. Client id and secret are Keycloak's general social
 * fields; the form adds the tenant's discovery URL, client authentication, scopes, minimum level of assurance, the
 * Keycloak level of each loa ({@code loaMapping}) and response mode (labels and help texts are the {@code idemia.*}
 * message keys).
 */
public class IdemiaIdentityProviderFactory extends AbstractIdentityProviderFactory<IdemiaIdentityProvider>
        implements SocialIdentityProviderFactory<IdemiaIdentityProvider> {

    public static final String PROVIDER_ID = "idemia";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getName() {
        return "IDEMIA Mobile ID";
    }

    @Override
    public IdemiaIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new IdemiaIdentityProvider(session, new IdemiaIdentityProviderConfig(model));
    }

    /**
     * The configuration Keycloak fills with a stored or submitted broker. It carries the defaults of the optional keys
     * (so that they are stored explicitly and shown in the admin console) but no {@code metadataUrl}: Keycloak
     * validates the submitted configuration merged into this one, and a broker without a discovery URL is refused.
     */
    @Override
    public IdemiaIdentityProviderConfig createConfig() {
        return IdemiaIdentityProviderConfig.withDefaults();
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = new java.util.ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(METADATA_URL).type(ProviderConfigProperty.URL_TYPE).required(true)
                .label("idemia.metadataUrl").helpText("idemia.metadataUrl.help").add()
                .property().name(CLIENT_AUTH_METHOD).type(ProviderConfigProperty.LIST_TYPE)
                .options(CLIENT_AUTH_METHODS).defaultValue(CLIENT_SECRET_BASIC)
                .label("idemia.clientAuthMethod").helpText("idemia.clientAuthMethod.help").add()
                .property().name(SCOPES).type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_SCOPES)
                .label("idemia.scopes").helpText("idemia.scopes.help").add()
                .property().name(MINIMUM_ACR).type(ProviderConfigProperty.LIST_TYPE)
                .options(LEVELS.values()).defaultValue(LOA_2)
                .label("idemia.minimumAcr").helpText("idemia.minimumAcr.help").add()
                .property().name(MISSING_ACR).type(ProviderConfigProperty.LIST_TYPE)
                .options(MissingAcr.NAMES).defaultValue(MissingAcr.REFUSE.value())
                .label("idemia.missingAcr").helpText("idemia.missingAcr.help").add()
                .property().name(LOA_MAPPING).type(ProviderConfigProperty.STRING_TYPE).defaultValue(DEFAULT_LOA_MAPPING)
                .label("idemia.loaMapping").helpText("idemia.loaMapping.help").add()
                .property().name(RESPONSE_MODE).type(ProviderConfigProperty.LIST_TYPE)
                .options(RESPONSE_MODES).defaultValue(FORM_POST)
                .label("idemia.responseMode").helpText("idemia.responseMode.help").add()
                .property().name(DEFAULT_MAPPERS).type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true")
                .label("idemia.defaultMappers").helpText("idemia.defaultMappers.help").add()
                .build());
        properties.addAll(claimsFormProperties("idemia", IdemiaIdentityProviderConfig.DEFAULT_TRUST_FRAMEWORK, null));
        return properties;
    }
}
