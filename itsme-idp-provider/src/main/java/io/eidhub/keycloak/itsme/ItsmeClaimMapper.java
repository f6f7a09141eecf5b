package io.eidhub.keycloak.itsme;

import io.eidhub.keycloak.broker.UpstreamClaimMapper;
import io.eidhub.keycloak.broker.UpstreamClaims;
import org.keycloak.broker.provider.BrokeredIdentityContext;

import java.util.List;

/**
 * Imports one itsme claim into a user attribute. The claim is picked from the known itsme claims by its literal
 * name, e.g. {@code http://itsme.services/v2/claim/BENationalNumber} (no escaping of the dots needed); objects such as
 * {@code place_of_birth} or {@code address} are stored as JSON text.
 */
public class ItsmeClaimMapper extends UpstreamClaimMapper {

    public static final String PROVIDER_ID = "itsme-claim-mapper";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "itsme claim";
    }

    @Override
    public String getHelpText() {
        return "Import an itsme claim (by its exact name, e.g. http://itsme.services/v2/claim/BENationalNumber) into a user attribute.";
    }

    @Override
    protected String value(BrokeredIdentityContext context, String claim) {
        String text = UpstreamClaims.find(context, claim);
        String other = ItsmeClaimValues.otherSpelling(claim);
        if (text == null && other != null) {
            text = UpstreamClaims.find(context, other);
        }
        return ItsmeClaimValues.plain(claim, text);
    }

    @Override
    protected List<String> knownClaims() {
        return ItsmeClaims.names();
    }

    @Override
    protected String providerId() {
        return ItsmeIdentityProviderFactory.PROVIDER_ID;
    }
}
