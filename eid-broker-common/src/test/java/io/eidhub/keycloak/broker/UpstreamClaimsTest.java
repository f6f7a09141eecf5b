package io.eidhub.keycloak.broker;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.keycloak.broker.oidc.OIDCIdentityProvider;
import org.keycloak.broker.oidc.mappers.AbstractJsonUserAttributeMapper;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.representations.JsonWebToken;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UpstreamClaimsTest {

    private static final String NATIONAL_NUMBER = "http://itsme.services/v2/claim/BENationalNumber";

    private BrokeredIdentityContext context() throws Exception {
        JsonWebToken idToken = new JsonWebToken();
        idToken.subject("sub-123");
        idToken.setOtherClaims(NATIONAL_NUMBER, "85041212345");
        idToken.setOtherClaims("http://itsme.services/v2/claim/place_of_birth", Map.of("city", "Liège", "country", "BE"));
        IdentityProviderModel idp = new IdentityProviderModel();
        idp.setEnabled(true);
        BrokeredIdentityContext context = new BrokeredIdentityContext("sub-123", idp);
        context.getContextData().put(OIDCIdentityProvider.VALIDATED_ID_TOKEN, idToken);
        context.getContextData().put(AbstractJsonUserAttributeMapper.CONTEXT_JSON_NODE,
                new ObjectMapper().readTree("{\"sub\":\"sub-123\",\"documentId\":\"D123\",\"age\":42,\"empty\":\"\"}"));
        return context;
    }

    @Test
    void readsDottedClaimNamesLiterallyFromTheIdToken() throws Exception {
        assertEquals("85041212345", UpstreamClaims.find(context(), NATIONAL_NUMBER));
        assertEquals("sub-123", UpstreamClaims.find(context(), "sub"));
    }

    @Test
    void objectsBecomeJson() throws Exception {
        String json = UpstreamClaims.find(context(), "http://itsme.services/v2/claim/place_of_birth");
        assertEquals(Map.of("city", "Liège", "country", "BE"), new ObjectMapper().readValue(json, Map.class));
    }

    @Test
    void fallsBackToUserinfoAndToleratesMissingClaims() throws Exception {
        assertEquals("D123", UpstreamClaims.find(context(), "documentId"));
        assertEquals("42", UpstreamClaims.find(context(), "age"));
        assertNull(UpstreamClaims.find(context(), "address1"));
        assertNull(UpstreamClaims.find(context(), "empty"));
    }

    @Test
    void retainDropsTheKnownUserClaimsNotNeededFromIdTokenUserinfoAndProfile() throws Exception {
        BrokeredIdentityContext context = context();
        context.setFirstName("Alice");
        context.setLastName("Dubois");
        context.setEmail("alice@example.be");
        UpstreamClaims.retain(context, java.util.Set.of(NATIONAL_NUMBER, "documentId", "age", "given_name", "family_name", "email"),
                java.util.Set.of("age", "family_name"));
        assertNull(UpstreamClaims.find(context, NATIONAL_NUMBER));
        assertNull(UpstreamClaims.find(context, "documentId"));
        assertEquals("42", UpstreamClaims.find(context, "age"));
        assertEquals("sub-123", UpstreamClaims.find(context, "sub"), "claims outside the known user claims stay");
        assertEquals("{\"city\":\"Liège\",\"country\":\"BE\"}".length() > 0,
                UpstreamClaims.find(context, "http://itsme.services/v2/claim/place_of_birth") != null, "unknown to the list: kept");
        assertNull(context.getFirstName());
        assertEquals("Dubois", context.getLastName());
        assertNull(context.getEmail());
    }
}
