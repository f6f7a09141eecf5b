package io.eidhub.keycloak.broker;

import org.keycloak.broker.provider.AbstractIdentityProviderMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderMapperSyncMode;
import org.keycloak.models.IdentityProviderSyncMode;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;
import java.util.Map;

/**
 * Imports one claim of an eID provider, chosen from a list of the provider's known claims and read by its literal
 * name, into a user attribute ({@code firstName}, {@code lastName} and {@code email} set the user's profile fields).
 * A claim the provider did not send leaves the attribute as it is: users may decline to share a claim. With the
 * broker's {@code storeClaims=session} it writes nothing: the claims then reach applications only through the token
 * mappers reading the user session.
 */
public abstract class UpstreamClaimMapper extends AbstractIdentityProviderMapper {

    public static final String CLAIM = "claim";
    public static final String USER_ATTRIBUTE = "user.attribute";

    /** Known claims offered in the admin console's dropdown. */
    protected abstract List<String> knownClaims();

    /** Provider ids this mapper works with. */
    protected abstract String providerId();

    @Override
    public String[] getCompatibleProviders() {
        return new String[]{providerId()};
    }

    @Override
    public String getDisplayCategory() {
        return "Attribute Importer";
    }

    @Override
    public boolean supportsSyncMode(IdentityProviderSyncMode syncMode) {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(CLAIM).type(ProviderConfigProperty.LIST_TYPE).options(knownClaims())
                .label("eidhub.mapper.claim").helpText("eidhub.mapper.claim.help").add()
                .property().name(USER_ATTRIBUTE).type(ProviderConfigProperty.USER_PROFILE_ATTRIBUTE_LIST_TYPE)
                .label("eidhub.mapper.attribute").helpText("eidhub.mapper.attribute.help").add()
                .build();
    }

    /** A mapper model of this type, for default mappers. */
    public IdentityProviderMapperModel model(String name, String claim, String attribute) {
        IdentityProviderMapperModel model = new IdentityProviderMapperModel();
        model.setName(name);
        model.setIdentityProviderMapper(getId());
        model.setConfig(new java.util.HashMap<>(Map.of(
                CLAIM, claim,
                USER_ATTRIBUTE, attribute,
                IdentityProviderMapperModel.SYNC_MODE, IdentityProviderMapperSyncMode.INHERIT.toString())));
        return model;
    }

    @Override
    public void importNewUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        apply(user, mapperModel, context);
    }

    @Override
    public void updateBrokeredUser(KeycloakSession session, RealmModel realm, UserModel user, IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        apply(user, mapperModel, context);
    }

    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        if (sessionOnly(context)) {
            return;
        }
        String attribute = mapperModel.getConfig().get(USER_ATTRIBUTE);
        String value = UpstreamClaims.find(context, mapperModel.getConfig().get(CLAIM));
        if (value == null || attribute == null) {
            return;
        }
        switch (attribute) {
            case UserModel.FIRST_NAME -> context.setFirstName(value);
            case UserModel.LAST_NAME -> context.setLastName(value);
            case UserModel.EMAIL -> context.setEmail(value);
            default -> context.setUserAttribute(attribute, value);
        }
    }

    /** {@code storeClaims=session}: the person's claims stay in the user session, never on the user. */
    private static boolean sessionOnly(BrokeredIdentityContext context) {
        return context.getIdpConfig() != null && EidIdentityProviderConfig.STORE_SESSION.equals(
                context.getIdpConfig().getConfig().get(EidIdentityProviderConfig.STORE_CLAIMS));
    }

    private void apply(UserModel user, IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        if (sessionOnly(context)) {
            return;
        }
        String attribute = mapperModel.getConfig().get(USER_ATTRIBUTE);
        String value = UpstreamClaims.find(context, mapperModel.getConfig().get(CLAIM));
        if (value == null || attribute == null || attribute.isBlank()) {
            return;
        }
        switch (attribute) {
            case UserModel.FIRST_NAME -> user.setFirstName(value);
            case UserModel.LAST_NAME -> user.setLastName(value);
            case UserModel.EMAIL -> user.setEmail(value);
            default -> user.setSingleAttribute(attribute, value);
        }
    }
}
