package io.eidhub.keycloak.idemia;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.eidhub.keycloak.broker.UpstreamClaimMapper;
import org.junit.jupiter.api.Test;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.JsonWebToken;

import java.lang.reflect.Proxy;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class IdemiaClaimMapperTest {

    private final IdemiaClaimMapper mapper = new IdemiaClaimMapper();

    /** ID token with names and sub; userinfo with the document id (like the classic mID tenant). */
    private static BrokeredIdentityContext context(String userInfoJson) throws Exception {
        JsonWebToken idToken = new JsonWebToken();
        idToken.subject("idemia-sub-1");
        idToken.setOtherClaims("firstName1", "Dana");
        idToken.setOtherClaims("lastName1", "Whitfield");
        idToken.setOtherClaims("ageOver21", true);
        IdentityProviderModel idp = new IdentityProviderModel();
        idp.setEnabled(true);
        BrokeredIdentityContext context = new BrokeredIdentityContext("idemia-sub-1", idp);
        context.getContextData().put(OIDCIdentityProvider.VALIDATED_ID_TOKEN, idToken);
        if (userInfoJson != null) {
            context.getContextData().put(AbstractJsonUserAttributeMapper.CONTEXT_JSON_NODE, new ObjectMapper().readTree(userInfoJson));
        }
        return context;
    }

    private IdentityProviderMapperModel model(String claim, String attribute) {
        return mapper.model("test", claim, attribute);
    }

    /** A user that records what the mapper writes. */
    private static UserModel recordingUser(Map<String, String> written) {
        return (UserModel) Proxy.newProxyInstance(UserModel.class.getClassLoader(), new Class<?>[]{UserModel.class},
                (proxy, method, args) -> {
                    switch (method.getName()) {
                        case "setFirstName" -> written.put("firstName", (String) args[0]);
                        case "setLastName" -> written.put("lastName", (String) args[0]);
                        case "setEmail" -> written.put("email", (String) args[0]);
                        case "setSingleAttribute" -> written.put((String) args[0], (String) args[1]);
                        default -> throw new UnsupportedOperationException(method.getName());
                    }
                    return null;
                });
    }

    @Test
    void registeredForIdemiaOnly() {
        assertEquals("idemia-claim-mapper", mapper.getId());
        assertArrayEquals(new String[]{"idemia"}, mapper.getCompatibleProviders());
        assertEquals("IDEMIA claim", mapper.getDisplayType());
    }

    @Test
    void dropdownOffersTheKnownClaims() {
        List<String> options = mapper.getConfigProperties().stream()
                .filter(p -> UpstreamClaimMapper.CLAIM.equals(p.getName())).findFirst().orElseThrow().getOptions();
        assertEquals(List.of("firstName1", "lastName1", "documentId", "address1", "sub"), options,
                "only the names a public IDEMIA source documents");
    }

    @Test
    void namesGoToTheProfileFieldsAndClaimsToAttributes() throws Exception {
        BrokeredIdentityContext context = context("{\"sub\":\"idemia-sub-1\",\"documentId\":\"123AB4567\",\"address1\":\"1200 Grand Ave, Des Moines, IA 50309\"}");
        mapper.preprocessFederatedIdentity(null, null, model("firstName1", UserModel.FIRST_NAME), context);
        mapper.preprocessFederatedIdentity(null, null, model("lastName1", UserModel.LAST_NAME), context);
        assertEquals("Dana", context.getFirstName());
        assertEquals("Whitfield", context.getLastName());

        Map<String, String> written = new HashMap<>();
        UserModel user = recordingUser(written);
        mapper.importNewUser(null, null, user, model("documentId", IdemiaClaims.DOCUMENT_ID_ATTRIBUTE), context);
        mapper.importNewUser(null, null, user, model("address1", IdemiaClaims.ADDRESS_ATTRIBUTE), context);
        mapper.updateBrokeredUser(null, null, user, model("ageOver21", "age_over_21"), context);
        assertEquals(Map.of("idemia_document_id", "123AB4567",
                "idemia_address", "1200 Grand Ave, Des Moines, IA 50309",
                "age_over_21", "true"), written);
    }

    @Test
    void missingClaimsChangeNothing() throws Exception {
        // eli declines documentId and address1; the Digital Credential tenant sends no userinfo at all
        for (BrokeredIdentityContext context : List.of(context("{\"sub\":\"idemia-sub-1\"}"), context(null))) {
            Map<String, String> written = new HashMap<>();
            UserModel user = recordingUser(written);
            mapper.importNewUser(null, null, user, model("documentId", IdemiaClaims.DOCUMENT_ID_ATTRIBUTE), context);
            mapper.updateBrokeredUser(null, null, user, model("address1", IdemiaClaims.ADDRESS_ATTRIBUTE), context);
            mapper.preprocessFederatedIdentity(null, null, model("address1", IdemiaClaims.ADDRESS_ATTRIBUTE), context);
            assertTrue(written.isEmpty(), written.toString());
            assertNull(context.getUserAttribute(IdemiaClaims.ADDRESS_ATTRIBUTE));
        }
    }

    @Test
    void claimNamesAreReadLiterally() throws Exception {
        // a dotted name is a claim name, not a JSON path
        BrokeredIdentityContext context = context("{\"sub\":\"idemia-sub-1\",\"org.iso.18013.5.1.family_name\":\"Whitfield\","
                + "\"org\":{\"iso\":\"nested\"}}");
        Map<String, String> written = new HashMap<>();
        mapper.importNewUser(null, null, recordingUser(written), model("org.iso.18013.5.1.family_name", "family"), context);
        mapper.importNewUser(null, null, recordingUser(written), model("org.iso", "nested"), context);
        assertEquals(Map.of("family", "Whitfield"), written);
    }

    @Test
    void idTokenWinsOverUserinfo() throws Exception {
        BrokeredIdentityContext context = context("{\"sub\":\"idemia-sub-1\",\"firstName1\":\"Other\"}");
        mapper.preprocessFederatedIdentity(null, null, model("firstName1", UserModel.FIRST_NAME), context);
        assertEquals("Dana", context.getFirstName());
    }
}
