package io.eidhub.keycloak.broker;

import org.jboss.logging.Logger;
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
 * <p>
 * A provider never chooses the Keycloak username: a mapper whose target is {@code username} writes nothing, nor does
 * one that writes another claim than the provider's {@code email} into {@code email} unless the broker trusts the
 * provider's e-mail ({@link #writableTarget}). Keycloak
 * 26.7 offers mappers no validation hook when they are saved, so the rule applies at every login, with a warning.
 */
public abstract class UpstreamClaimMapper extends AbstractIdentityProviderMapper {

    private static final Logger LOGGER = Logger.getLogger(UpstreamClaimMapper.class);

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

    /**
     * The text stored for a claim: its value as {@link UpstreamClaims#find} reads it (objects as JSON text), or null when
     * the provider did not send it. A provider may refine this (e.g. itsme's metadata claims).
     */
    protected String value(BrokeredIdentityContext context, String claim) {
        return UpstreamClaims.find(context, claim);
    }

    /**
     * Whether a mapper may write {@code claim} into {@code attribute}: never {@code username} (a provider would rename
     * the user on every login); {@code email} from the provider's {@code email} claim (which Keycloak's OIDC broker
     * imports anyway, verified only with {@code trustEmail}), from another claim only when the broker trusts e-mail.
     */
    static boolean writableTarget(String attribute, String claim, boolean trustEmail) {
        if (attribute == null || attribute.isBlank()) {
            return false;
        }
        String target = attribute.trim();
        if (UserModel.USERNAME.equalsIgnoreCase(target)) {
            return false;
        }
        return trustEmail || !UserModel.EMAIL.equalsIgnoreCase(target) || UserModel.EMAIL.equals(claim);
    }

    private static String target(IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        String attribute = mapperModel.getConfig().get(USER_ATTRIBUTE);
        boolean trustEmail = context.getIdpConfig() != null && Boolean.TRUE.equals(context.getIdpConfig().isTrustEmail());
        if (attribute != null && !attribute.isBlank() && !writableTarget(attribute, mapperModel.getConfig().get(CLAIM), trustEmail)) {
            LOGGER.warnf("Identity provider mapper '%s' targets '%s', which a provider may not set: ignored", mapperModel.getName(), attribute.trim());
            return null;
        }
        return attribute;
    }

    @Override
    public void preprocessFederatedIdentity(KeycloakSession session, RealmModel realm, IdentityProviderMapperModel mapperModel, BrokeredIdentityContext context) {
        if (sessionOnly(context)) {
            return;
        }
        String attribute = target(mapperModel, context);
        String value = value(context, mapperModel.getConfig().get(CLAIM));
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
        String attribute = target(mapperModel, context);
        String value = value(context, mapperModel.getConfig().get(CLAIM));
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
