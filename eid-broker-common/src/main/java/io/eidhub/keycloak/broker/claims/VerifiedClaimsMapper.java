package io.eidhub.keycloak.broker.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.UserInfoTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Protocol mapper {@value #PROVIDER_ID}: emits {@code verified_claims} (OpenID Connect for Identity Assurance 1.0)
 * built by {@link VerifiedClaims} from the identity the eID broker kept in the user session
 * ({@link VerifiedIdentity#NOTE}). Honours the application's {@code claims} request parameter: the ID token answers
 * its {@code id_token.verified_claims} request, userinfo (and the access token) its {@code userinfo.verified_claims}
 * request. A user session not started through an eID broker gets no {@code verified_claims}.
 */
public final class VerifiedClaimsMapper extends AbstractOIDCProtocolMapper
        implements OIDCIDTokenMapper, UserInfoTokenMapper, OIDCAccessTokenMapper {

    public static final String PROVIDER_ID = "eidhub-verified-claims-mapper";
    public static final String CLAIM = "verified_claims";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<ProviderConfigProperty> CONFIG = new ArrayList<>();

    static {
        OIDCAttributeMapperHelper.addIncludeInTokensConfig(CONFIG, VerifiedClaimsMapper.class);
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "eID verified claims (OIDC4IDA)";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds verified_claims (OpenID Connect for Identity Assurance 1.0) with the identity an eID broker "
                + "verified: trust framework, assurance level, evidence and the standard claims, filtered by the "
                + "application's claims request parameter.";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return CONFIG;
    }

    @Override
    protected void setClaim(IDToken token, ProtocolMapperModel mappingModel, UserSessionModel userSession,
                            KeycloakSession keycloakSession, ClientSessionContext clientSessionCtx) {
        VerifiedIdentity identity = VerifiedIdentity.parse(userSession.getNote(VerifiedIdentity.NOTE));
        if (identity == null) {
            return;
        }
        String target = token instanceof AccessToken ? "userinfo" : "id_token";
        String claimsParameter = clientSessionCtx.getClientSession().getNote(OIDCLoginProtocol.CLAIMS_PARAM);
        JsonNode request = VerifiedClaims.request(claimsParameter, target);
        ObjectNode verifiedClaims = VerifiedClaims.build(identity, request);
        if (verifiedClaims != null) {
            token.getOtherClaims().put(CLAIM, JSON.convertValue(verifiedClaims, Map.class));
        }
    }

    /** A model of this mapper for ID token and userinfo, as the demo realm's {@code verified_claims} scope has it. */
    public static ProtocolMapperModel model(String name) {
        return OIDCAttributeMapperHelper.createClaimMapper(name, null, CLAIM, "JSON", false, true, false, true, PROVIDER_ID);
    }
}
