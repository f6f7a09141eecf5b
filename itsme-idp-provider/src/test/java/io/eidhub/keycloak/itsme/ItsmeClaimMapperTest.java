package io.eidhub.keycloak.itsme;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.representations.JsonWebToken;
import org.keycloak.util.JsonSerialization;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ItsmeClaimMapperTest {

    private final ItsmeClaimMapper mapper = new ItsmeClaimMapper();
    private BrokeredIdentityContext context;

    /** An ID token as Keycloak hands it over after validation (claims parsed by Jackson). */
    @BeforeEach
    void idTokenAndUserInfo() throws Exception {
        JsonWebToken idToken = JsonSerialization.readValue("""
                {"iss":"https://idp.e2e.itsme.services/v2","sub":"u-123","aud":"partner1",
                 "given_name":"Alice","family_name":"Peeters",
                 "http://itsme.services/v2/claim/BENationalNumber":"99060427181",
                 "http://itsme.services/v2/claim/place_of_birth":{"city":"Gent","country":"BE"},
                 "http://itsme.services/v2/claim/claim_citizenship":"Belg",
                 "http://itsme.services/v2/claim/IDIssuingCountry":{"http://itsme.services/v2/claim/IDDocumentSN":"BEL"},
                 "http://itsme.services/v2/claim/verificationDate":{"birthdate":"2023-06-01T13:04:26Z","given_name":"2023-06-01T13:04:26Z"},
                 "http://itsme.services/v2/claim/SVNationalNumber":"2102987505123"}
                """, JsonWebToken.class);
        JsonNode userInfo = JsonSerialization.readValue("""
                {"sub":"u-123","email":"alice@example.be","phone_number":"+32 485000000",
                 "address":{"street_address":"Kerkstraat 1","postal_code":"9000","locality":"Gent"},
                 "http://itsme.services/v2/claim/BEeidSn":"591-1234567-89"}
                """, JsonNode.class);
        IdentityProviderModel model = new IdentityProviderModel();
        model.setAlias("itsme");
        model.setEnabled(true);
        context = new BrokeredIdentityContext("u-123", model);
        context.getContextData().put(OIDCIdentityProvider.VALIDATED_ID_TOKEN, idToken);
        context.getContextData().put(AbstractJsonUserAttributeMapper.CONTEXT_JSON_NODE, userInfo);
    }

    @Test
    void aOneMemberMetadataClaimIsStoredAsItsPlainValue() throws Exception {
        map("http://itsme.services/v2/claim/IDIssuingCountry", "itsme_id_issuing_country");
        assertEquals("BEL", context.getUserAttribute("itsme_id_issuing_country"));
        map("http://itsme.services/v2/claim/verificationDate", "itsme_verification_date");
        JsonNode verified = JsonSerialization.readValue(context.getUserAttribute("itsme_verification_date"), JsonNode.class);
        assertEquals(2, verified.size(), "several members stay JSON text");
    }

    @Test
    void slovenianNumberIsReadUnderEitherSpelling() {
        map("http://itsme.services/v2/claim/SINationalNumber", "itsme_si_national_number");
        assertEquals("2102987505123", context.getUserAttribute("itsme_si_national_number"));
    }

    private void map(String claim, String attribute) {
        mapper.preprocessFederatedIdentity(null, null, mapper.model("m", claim, attribute), context);
    }

    @Test
    void dottedUriClaimIsReadLiterally() {
        map("http://itsme.services/v2/claim/BENationalNumber", "itsme_national_number");
        assertEquals("99060427181", context.getUserAttribute("itsme_national_number"));
    }

    @Test
    void objectClaimBecomesJson() throws Exception {
        map("http://itsme.services/v2/claim/place_of_birth", "itsme_place_of_birth");
        JsonNode placeOfBirth = JsonSerialization.readValue(context.getUserAttribute("itsme_place_of_birth"), JsonNode.class);
        assertEquals("Gent", placeOfBirth.get("city").asText());
        assertEquals("BE", placeOfBirth.get("country").asText());
    }

    @Test
    void userInfoIsReadWhenTheIdTokenLacksTheClaim() throws Exception {
        map("http://itsme.services/v2/claim/BEeidSn", "itsme_eid_card_number");
        map("address", "itsme_address");
        assertEquals("591-1234567-89", context.getUserAttribute("itsme_eid_card_number"));
        assertEquals("9000", JsonSerialization.readValue(context.getUserAttribute("itsme_address"), JsonNode.class).get("postal_code").asText());
    }

    @Test
    void profileFieldsAreSet() {
        map("given_name", "firstName");
        map("family_name", "lastName");
        map("email", "email");
        assertEquals("Alice", context.getFirstName());
        assertEquals("Peeters", context.getLastName());
        assertEquals("alice@example.be", context.getEmail());
    }

    @Test
    void aMissingClaimLeavesTheAttributeAlone() {
        map("http://itsme.services/v2/claim/official_gender", "itsme_official_gender");
        assertNull(context.getUserAttribute("itsme_official_gender"));
    }

    @Test
    void mapperTypeForItsmeBrokers() {
        assertEquals("itsme-claim-mapper", mapper.getId());
        assertEquals("itsme claim", mapper.getDisplayType());
        assertArrayEquals(new String[]{"itsme"}, mapper.getCompatibleProviders());
        List<String> options = mapper.getConfigProperties().get(0).getOptions();
        assertTrue(options.contains("http://itsme.services/v2/claim/BENationalNumber"));
        assertTrue(options.contains("birthdate"));
    }

    @Test
    void aProviderNeverChoosesTheUsername() {
        map("given_name", "username");
        map("given_name", " USERNAME ");
        assertNull(context.getUsername());
        assertNull(context.getUserAttribute("username"));
        assertNull(context.getUserAttribute("USERNAME"));
    }

    @Test
    void emailFromAnotherClaimOnlyWhenTheBrokerTrustsEmail() {
        map("given_name", "email");
        assertNull(context.getEmail(), "an untrusted broker: no e-mail from another claim");
        assertNull(context.getUserAttribute("email"));

        context.getIdpConfig().setTrustEmail(true);
        map("given_name", "email");
        assertEquals("Alice", context.getEmail());
    }
}
