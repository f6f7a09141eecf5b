package io.eidhub.keycloak.broker.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerifiedClaimsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static VerifiedIdentity alice() {
        ObjectNode address = JsonNodeFactory.instance.objectNode().put("locality", "Liège").put("country", "BE");
        ObjectNode place = JsonNodeFactory.instance.objectNode().put("country", "BEL").put("locality", "Liège");
        return VerifiedIdentity.of("itsme", "eidas", "high", "2026-12-02T10:00:00Z")
                .claim("given_name", "Alice").claim("family_name", "Dubois").claim("birthdate", "1985-04-12")
                .claim("address", address).claim("place_of_birth", place).nationality("BEL")
                .nationalNumber("85041215636").cardNumber("592-1234567-32")
                .document("type", "idcard").document("number", "592123456732").document("issuing_country", "BEL")
                .document("date_of_expiry", "2031-01-01").document("verified_at", "2026-06-01T13:04:26Z");
    }

    @Test
    void withoutRequestEverythingIsReturnedInTheSchemaStructure() throws Exception {
        JsonNode vc = VerifiedClaims.build(alice(), null);
        JsonNode verification = vc.get("verification");
        assertEquals("eidas", verification.get("trust_framework").asText());
        assertEquals("high", verification.get("assurance_level").asText());
        assertEquals("2026-12-02T10:00:00Z", verification.get("time").asText());
        JsonNode evidence = verification.get("evidence").get(0);
        assertEquals("document", evidence.get("type").asText());
        assertEquals("2026-06-01T13:04:26Z", evidence.get("time").asText());
        JsonNode details = evidence.get("document_details");
        assertEquals("idcard", details.get("type").asText());
        assertEquals("592123456732", details.get("document_number").asText());
        assertEquals("85041215636", details.get("personal_number").asText());
        assertEquals("2031-01-01", details.get("date_of_expiry").asText());
        assertEquals("BEL", details.get("issuer").get("country_code").asText());
        JsonNode claims = vc.get("claims");
        assertEquals(JSON.readTree("{\"given_name\":\"Alice\",\"family_name\":\"Dubois\",\"birthdate\":\"1985-04-12\","
                + "\"place_of_birth\":{\"country\":\"BEL\",\"locality\":\"Liège\"},\"nationalities\":[\"BEL\"],"
                + "\"address\":{\"locality\":\"Liège\",\"country\":\"BE\"}}"), claims);
    }

    @Test
    void aRequestGetsOnlyTheRequestedClaimsAndNoNationalNumberUnlessNamed() {
        String parameter = "{\"id_token\":{\"verified_claims\":{\"verification\":{\"trust_framework\":null},"
                + "\"claims\":{\"given_name\":null,\"birthdate\":null}}}}";
        JsonNode vc = VerifiedClaims.build(alice(), VerifiedClaims.request(parameter, "id_token"));
        assertEquals(2, vc.get("claims").size());
        assertEquals("Alice", vc.get("claims").get("given_name").asText());
        assertEquals("1985-04-12", vc.get("claims").get("birthdate").asText());
        assertFalse(vc.get("verification").get("evidence").get(0).get("document_details").has("personal_number"));
        assertNull(VerifiedClaims.request(parameter, "userinfo"), "the id_token request does not apply to userinfo");

        String named = "{\"userinfo\":{\"verified_claims\":[{\"verification\":{\"evidence\":[{\"document_details\":"
                + "{\"personal_number\":null}}]},\"claims\":{\"family_name\":null}}]}}";
        JsonNode withNumber = VerifiedClaims.build(alice(), VerifiedClaims.request(named, "userinfo"));
        assertEquals("85041215636", withNumber.at("/verification/evidence/0/document_details/personal_number").asText());
        assertEquals(1, withNumber.get("claims").size());
    }

    @Test
    void nothingWhenNoRequestedClaimIsKnownOrNoTrustFramework() {
        String parameter = "{\"id_token\":{\"verified_claims\":{\"claims\":{\"nationalities\":null}}}}";
        VerifiedIdentity noNationality = VerifiedIdentity.of("x", "eidas", null, null).claim("given_name", "Eli");
        assertNull(VerifiedClaims.build(noNationality, VerifiedClaims.request(parameter, "id_token")));
        assertNull(VerifiedClaims.build(VerifiedIdentity.of("x", null, null, null).claim("given_name", "Eli"), null));
        assertNull(VerifiedClaims.build(null, null));
    }

    @Test
    void noEvidenceWithoutADocumentType() {
        JsonNode vc = VerifiedClaims.build(VerifiedIdentity.of("x", "nist_800_63A", null, null)
                .claim("given_name", "Eli").document("number", "1"), null);
        assertFalse(vc.get("verification").has("evidence"));
        assertFalse(vc.get("verification").has("assurance_level"));
    }

    @Test
    void theNoteRoundTripsAndRejectsOtherText() {
        VerifiedIdentity parsed = VerifiedIdentity.parse(alice().toNote());
        assertEquals(VerifiedClaims.build(alice(), null), VerifiedClaims.build(parsed, null));
        assertNull(VerifiedIdentity.parse("not json"));
        assertNull(VerifiedIdentity.parse("{\"claims\":[]}"));
        assertNull(VerifiedIdentity.parse(null));
    }

    @Test
    void ageIsTheProvidersFlagOrDerivedFromTheBirthDate() {
        LocalDate today = LocalDate.of(2026, 12, 2);
        assertEquals(Boolean.TRUE, alice().ageOver18(today).ageOver18());
        assertEquals(Boolean.FALSE, VerifiedIdentity.of("x", "t", null, null).claim("birthdate", "2008-12-03").ageOver18(today).ageOver18());
        assertEquals(Boolean.TRUE, VerifiedIdentity.of("x", "t", null, null).claim("birthdate", "2008-12-02").ageOver18(today).ageOver18());
        assertEquals(Boolean.FALSE, alice().ageOver18(Boolean.FALSE).ageOver18(today).ageOver18(), "the provider's flag wins");
        assertNull(VerifiedIdentity.of("x", "t", null, null).claim("birthdate", "12.04.1985").ageOver18(today).ageOver18());
    }
}
