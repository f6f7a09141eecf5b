package io.eidhub.keycloak.idemia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.eidhub.keycloak.broker.claims.VerifiedClaims;
import io.eidhub.keycloak.broker.claims.VerifiedIdentity;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class IdemiaIdentityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void mobileIdClaimsBecomeTheStandardVocabulary() throws Exception {
        JsonNode sent = JSON.readTree("{\"firstName1\":\"Dana\",\"lastName1\":\"Whitfield\",\"dateOfBirth\":\"1988-07-19\","
                + "\"address1\":\"1200 Grand Ave, Des Moines, IA 50309\",\"documentId\":\"123AB4567\",\"issuingState\":\"IA\","
                + "\"documentType\":\"mDL\",\"expiryDate\":\"2030-07-19\"}");
        VerifiedIdentity identity = VerifiedIdentity.of("idemia", "nist_800_63A", null, "2026-12-02T10:00:00Z");
        IdemiaIdentity.describe(sent::get, identity);
        identity.ageOver18(LocalDate.of(2026, 12, 2));
        JsonNode vc = VerifiedClaims.build(identity, null);
        assertEquals(JSON.readTree("{\"given_name\":\"Dana\",\"family_name\":\"Whitfield\",\"birthdate\":\"1988-07-19\","
                + "\"address\":{\"formatted\":\"1200 Grand Ave, Des Moines, IA 50309\"}}"), vc.get("claims"));
        assertEquals("nist_800_63A", vc.at("/verification/trust_framework").asText());
        assertFalse(vc.get("verification").has("assurance_level"));
        JsonNode details = vc.at("/verification/evidence/0/document_details");
        assertEquals("driving_permit", details.get("type").asText());
        assertEquals("123AB4567", details.get("document_number").asText());
        assertEquals("IA", details.at("/issuer/jurisdiction").asText());
        assertEquals("2030-07-19", details.get("date_of_expiry").asText());
        assertEquals(Boolean.TRUE, identity.ageOver18(), "derived from the birth date");
    }

    @Test
    void theProvidersAgeFlagWins() throws Exception {
        JsonNode sent = JSON.readTree("{\"ageOver18\":false,\"dateOfBirth\":\"1961-01-30\",\"documentType\":\"mID\"}");
        VerifiedIdentity identity = VerifiedIdentity.of("idemia", "nist_800_63A", null, null);
        IdemiaIdentity.describe(sent::get, identity);
        assertEquals(Boolean.FALSE, identity.ageOver18(LocalDate.of(2026, 1, 1)).ageOver18());
        assertEquals("idcard", IdemiaIdentity.documentType("mID"));
    }
}
