package io.eidhub.keycloak.idemia;

import io.eidhub.keycloak.broker.UpstreamClaimMapper;

import java.util.List;

/**
 * "IDEMIA claim" mapper: imports one IDEMIA Mobile ID claim, picked from a list and read by its literal name from the
 * ID token or userinfo, into a user attribute. A claim the user chose not to share leaves the attribute unchanged.
 */
public class IdemiaClaimMapper extends UpstreamClaimMapper {

    public static final String PROVIDER_ID = "idemia-claim-mapper";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    protected String providerId() {
        return IdemiaIdentityProviderFactory.PROVIDER_ID;
    }

    @Override
    protected List<String> knownClaims() {
        return IdemiaClaims.KNOWN;
    }

    @Override
    public String getDisplayType() {
        return "IDEMIA claim";
    }

    @Override
    public String getHelpText() {
        return "Import a claim of IDEMIA Mobile ID (e.g. firstName1, documentId) into a user attribute.";
    }
}
