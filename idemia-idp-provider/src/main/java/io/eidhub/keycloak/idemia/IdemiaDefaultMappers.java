package io.eidhub.keycloak.idemia;

import org.keycloak.broker.oidc.mappers.UsernameTemplateMapper;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderMapperSyncMode;
import org.keycloak.models.UserModel;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The mappers every new IDEMIA broker gets: first and last name into the profile, document number and address into
 * user attributes, and a username made of the broker alias and the IDEMIA {@code sub} (IDEMIA sends neither an e-mail
 * nor a username). The federated identity itself is always linked by {@code sub}.
 */
final class IdemiaDefaultMappers {

    static final String USERNAME_TEMPLATE = "${ALIAS}.${CLAIM.sub}";
    /** {@code UsernameTemplateMapper.TARGET}: LOCAL sets the username of the Keycloak user. */
    private static final String TEMPLATE_TARGET = "target";

    private IdemiaDefaultMappers() {
    }

    static List<IdentityProviderMapperModel> create() {
        IdemiaClaimMapper claims = new IdemiaClaimMapper();
        return List.of(
                claims.model("first name", IdemiaClaims.FIRST_NAME, UserModel.FIRST_NAME),
                claims.model("last name", IdemiaClaims.LAST_NAME, UserModel.LAST_NAME),
                claims.model("document id", IdemiaClaims.DOCUMENT_ID, IdemiaClaims.DOCUMENT_ID_ATTRIBUTE),
                claims.model("address", IdemiaClaims.ADDRESS, IdemiaClaims.ADDRESS_ATTRIBUTE),
                username());
    }

    private static IdentityProviderMapperModel username() {
        Map<String, String> config = new HashMap<>();
        config.put(UsernameTemplateMapper.TEMPLATE, USERNAME_TEMPLATE);
        config.put(TEMPLATE_TARGET, "LOCAL");
        config.put(IdentityProviderMapperModel.SYNC_MODE, IdentityProviderMapperSyncMode.INHERIT.toString());
        IdentityProviderMapperModel model = new IdentityProviderMapperModel();
        model.setName("username");
        model.setIdentityProviderMapper(UsernameTemplateMapper.PROVIDER_ID);
        model.setConfig(config);
        return model;
    }
}
