package io.eidhub.keycloak.broker.claims;

import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.IDToken;

import java.util.ArrayList;
import java.util.List;

/**
 * Protocol mapper {@value #PROVIDER_ID}: emits {@code age_over_18} (boolean) from the identity the eID broker kept in
 * the user session ({@link VerifiedIdentity#NOTE}): the provider's own age flag (itsme {@code age_gte_18}, IDEMIA
 * {@code ageOver18}) or, when it sent none, the age the hub computed from the birth date. Nothing when neither is
 * known. The {@code age} client scope has this mapper only, so an application asking for the age learns nothing else.
 */
public final class AgeOver18Mapper extends AbstractOIDCProtocolMapper
        implements OIDCIDTokenMapper, UserInfoTokenMapper, OIDCAccessTokenMapper {

    public static final String PROVIDER_ID = "eidhub-age-over-18-mapper";

    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, AgeOver18Mapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "eID age over 18";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds age_over_18 (boolean) from the eID login, without the birth date.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession) {
        VerifiedIdentity identity = VerifiedIdentity.parse(userSession.getNote(VerifiedIdentity.NOTE));
        Boolean over18 = identity == null ? null : identity.ageOver18();
        if (over18 != null) {
            token.getOtherClaims().put(VerifiedIdentity.AGE_OVER_18, over18);
        }
    }
}
