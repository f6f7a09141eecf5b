package io.eidhub.keycloak.itsme;

import io.eidhub.keycloak.broker.EidIdentityProviderConfig;
import io.eidhub.keycloak.broker.MissingAcr;
import org.keycloak.broker.provider.AbstractIdentityProviderFactory;
import org.keycloak.broker.social.SocialIdentityProviderFactory;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;

/**
 * Adds "itsme" to the admin console's list of identity providers, with a short form of the itsme settings. Labels and
 * help texts are message keys, translated in {@code theme-resources/messages/messages_*.properties}.
 */
public class ItsmeIdentityProviderFactory extends AbstractIdentityProviderFactory<ItsmeIdentityProvider>
        implements SocialIdentityProviderFactory<ItsmeIdentityProvider> {

    public static final String PROVIDER_ID = "itsme";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getName() {
        return "itsme";
    }

    @Override
    public ItsmeIdentityProvider create(KeycloakSession session, IdentityProviderModel model) {
        return new ItsmeIdentityProvider(session, new ItsmeIdentityProviderConfig(model));
    }

    @Override
    public ItsmeIdentityProviderConfig createConfig() {
        return new ItsmeIdentityProviderConfig();
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        List<ProviderConfigProperty> properties = new java.util.ArrayList<>(ProviderConfigurationBuilder.create()
                .property().name(ItsmeIdentityProviderConfig.ENVIRONMENT)
                .label("itsme.environment").helpText("itsme.environment.help")
                .type(ProviderConfigProperty.LIST_TYPE).options(ItsmeEnvironment.ENVIRONMENTS)
                .defaultValue(ItsmeEnvironment.E2E).add()
                .property().name(ItsmeIdentityProviderConfig.API)
                .label("itsme.api").helpText("itsme.api.help")
                .type(ProviderConfigProperty.LIST_TYPE).options(ItsmeEnvironment.APIS)
                .defaultValue(ItsmeEnvironment.V2).add()
                .property().name(EidIdentityProviderConfig.METADATA_URL)
                .label("itsme.metadataUrl").helpText("itsme.metadataUrl.help")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(EidIdentityProviderConfig.CLIENT_AUTH_METHOD)
                .label("itsme.clientAuthMethod").helpText("itsme.clientAuthMethod.help")
                .type(ProviderConfigProperty.LIST_TYPE).options(ItsmeIdentityProviderConfig.CLIENT_AUTH_METHODS)
                .defaultValue(EidIdentityProviderConfig.PRIVATE_KEY_JWT).add()
                .property().name(ItsmeIdentityProviderConfig.SERVICE_CODE)
                .label("itsme.serviceCode").helpText("itsme.serviceCode.help")
                .type(ProviderConfigProperty.STRING_TYPE).required(true).add()
                .property().name(ItsmeIdentityProviderConfig.SCOPES)
                .label("itsme.scopes").helpText("itsme.scopes.help")
                .type(ProviderConfigProperty.MULTIVALUED_LIST_TYPE).options(ItsmeClaims.SCOPES)
                .defaultValue(ItsmeClaims.PROFILE + "##" + ItsmeClaims.EMAIL).add()
                .property().name(ItsmeIdentityProviderConfig.CLAIMS)
                .label("itsme.claims").helpText("itsme.claims.help")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(ItsmeIdentityProviderConfig.CLAIMS_DELIVERY)
                .label("itsme.claimsDelivery").helpText("itsme.claimsDelivery.help")
                .type(ProviderConfigProperty.LIST_TYPE).options(ItsmeIdentityProviderConfig.CLAIMS_DELIVERY_MODES)
                .defaultValue(ItsmeIdentityProviderConfig.CLAIMS_IN_ID_TOKEN).add()
                .property().name(EidIdentityProviderConfig.MINIMUM_ACR)
                .label("itsme.minimumAcr").helpText("itsme.minimumAcr.help")
                .type(ProviderConfigProperty.LIST_TYPE).options(ItsmeIdentityProviderConfig.ACR_LEVEL_NAMES)
                .defaultValue(ItsmeIdentityProviderConfig.BASIC).add()
                .property().name(EidIdentityProviderConfig.MISSING_ACR)
                .label("itsme.missingAcr").helpText("itsme.missingAcr.help")
                .type(ProviderConfigProperty.LIST_TYPE).options(MissingAcr.NAMES)
                .defaultValue(MissingAcr.LOWEST.value()).add()
                .property().name(EidIdentityProviderConfig.LOA_MAPPING)
                .label("itsme.loaMapping").helpText("itsme.loaMapping.help")
                .type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(ItsmeIdentityProviderConfig.DEFAULT_LOA_MAPPING).add()
                .property().name(ItsmeIdentityProviderConfig.REQUEST_OBJECT)
                .label("itsme.requestObject").helpText("itsme.requestObject.help")
                .type(ProviderConfigProperty.LIST_TYPE).options(ItsmeIdentityProviderConfig.REQUEST_OBJECT_MODES)
                .defaultValue(ItsmeIdentityProviderConfig.REQUEST_OBJECT_NONE).add()
                .property().name(ItsmeIdentityProviderConfig.ALLOWED_SERVICE_CODES)
                .label("itsme.allowedServiceCodes").helpText("itsme.allowedServiceCodes.help")
                .type(ProviderConfigProperty.STRING_TYPE).add()
                .property().name(EidIdentityProviderConfig.DEFAULT_MAPPERS)
                .label("itsme.defaultMappers").helpText("itsme.defaultMappers.help")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("true").add()
                .build());
        properties.addAll(EidIdentityProviderConfig.claimsFormProperties("itsme", ItsmeIdentityProviderConfig.DEFAULT_TRUST_FRAMEWORK,
                ItsmeIdentityProviderConfig.DEFAULT_ASSURANCE_LEVEL));
        return properties;
    }
}
