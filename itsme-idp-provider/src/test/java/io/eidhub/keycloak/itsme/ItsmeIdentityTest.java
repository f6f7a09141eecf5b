package io.eidhub.keycloak.itsme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eidhub.keycloak.broker.claims.VerifiedClaims;
import io.eidhub.keycloak.broker.claims.VerifiedIdentity;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

class ItsmeIdentityTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ISM = ItsmeClaims.PREFIX;

    private static VerifiedIdentity describe(String claims) throws Exception {
        JsonNode sent = JSON.readTree(claims);
        VerifiedIdentity identity = VerifiedIdentity.of("itsme", "eidas", "high", "2026-12-02T10:00:00Z");
        ItsmeIdentity.describe(name -> sent.get(name), identity);
        return identity;
    }

    @Test
    void itsmeClaimsBecomeTheStandardVocabulary() throws Exception {
        VerifiedIdentity identity = describe("{\"given_name\":\"Alice\",\"family_name\":\"Dubois\",\"birthdate\":\"1985-04-12\","
                + "\"address\":{\"street_address\":\"Rue 42\",\"locality\":\"Liège\",\"country\":\"BE\",\"extra\":\"x\"},"
                + "\"age_gte_18\":true,"
                + "\"" + ISM + "place_of_birth\":{\"formatted\":\"Liège, BEL\",\"city\":\"Liège\",\"country\":\"BEL\"},"
                + "\"" + ISM + "claim_citizenship_as_iso\":\"BEL\",\"" + ISM + "BENationalNumber\":\"85041215636\","
                + "\"" + ISM + "BEeidSn\":\"592-1234567-32\",\"" + ISM + "IDDocumentSN\":\"592123456732\","
                + "\"" + ISM + "IDDocumentType\":\"ID\","
                + "\"" + ISM + "IDIssuingCountry\":{\"" + ISM + "IDDocumentSN\":\"BEL\"},"
                + "\"" + ISM + "validityTo\":{\"" + ISM + "IDDocumentSN\":\"2031-01-01T00:00:00Z\"},"
                + "\"" + ISM + "verificationDate\":{\"birthdate\":\"2026-06-01T13:04:26Z\"}}");
        JsonNode vc = VerifiedClaims.build(identity, null);
        assertEquals(JSON.readTree("{\"given_name\":\"Alice\",\"family_name\":\"Dubois\",\"birthdate\":\"1985-04-12\","
                + "\"place_of_birth\":{\"country\":\"BEL\",\"locality\":\"Liège\"},\"nationalities\":[\"BEL\"],"
                + "\"address\":{\"street_address\":\"Rue 42\",\"locality\":\"Liège\",\"country\":\"BE\"}}"), vc.get("claims"));
        JsonNode details = vc.at("/verification/evidence/0/document_details");
        assertEquals("idcard", details.get("type").asText());
        assertEquals("592123456732", details.get("document_number").asText());
        assertEquals("85041215636", details.get("personal_number").asText());
        assertEquals("BEL", details.at("/issuer/country_code").asText());
        assertEquals("2031-01-01", details.get("date_of_expiry").asText());
        assertEquals("2026-06-01T13:04:26Z", vc.at("/verification/evidence/0/time").asText());
        assertEquals(Boolean.TRUE, identity.ageOver18());
    }

    @Test
    void missingClaimsAreLeftOut() throws Exception {
        VerifiedIdentity identity = describe("{\"age_gte_18\":false,\"address\":\"not an object\"}");
        assertEquals(Boolean.FALSE, identity.ageOver18());
        assertNull(VerifiedClaims.build(identity, null), "no claim: no verified_claims");
        assertFalse(identity.toNote().contains("address"), identity.toNote());
    }

    @Test
    void documentTypesFollowTheIcaoCode() {
        assertEquals("idcard", ItsmeIdentity.documentType("ID"));
        assertEquals("residence_permit", ItsmeIdentity.documentType("IR"));
        assertEquals("passport", ItsmeIdentity.documentType("P"));
        assertEquals("X1", ItsmeIdentity.documentType("X1"));
        assertNull(ItsmeIdentity.documentType(null));
    }
}
