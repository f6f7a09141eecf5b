package io.eidhub.keycloak.idemia;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eidhub.keycloak.broker.claims.VerifiedIdentity;

import java.util.Locale;
import java.util.function.Function;

/**
 * Turns IDEMIA Mobile ID's claims into the hub's provider-neutral {@link VerifiedIdentity} (README "Claim
 * vocabulary"): {@code firstName1} → {@code given_name}, {@code lastName1} → {@code family_name},
 * {@code dateOfBirth} → {@code birthdate}, {@code address1} → {@code address.formatted}, {@code ageOver18}, and the
 * credential as the identity document ({@code documentType}, {@code documentId}, {@code issuingState} as the
 * issuer's jurisdiction, {@code expiryDate}).
 */
final class IdemiaIdentity {

    private IdemiaIdentity() {
    }

    static void describe(Function<String, JsonNode> claims, VerifiedIdentity into) {
        String address = text(claims.apply(IdemiaClaims.ADDRESS));
        ObjectNode formatted = null;
        if (address != null) {
            formatted = JsonNodeFactory.instance.objectNode().put("formatted", address);
        }
        into.claim("given_name", text(claims.apply(IdemiaClaims.FIRST_NAME)))
                .claim("family_name", text(claims.apply(IdemiaClaims.LAST_NAME)))
                .claim("birthdate", text(claims.apply(IdemiaClaims.DATE_OF_BIRTH)))
                .claim("address", formatted);
        JsonNode age = claims.apply(IdemiaClaims.AGE_OVER_18);
        if (age != null && age.isBoolean()) {
            into.ageOver18(age.booleanValue());
        }
        into.document("type", documentType(text(claims.apply(IdemiaClaims.DOCUMENT_TYPE))))
                .document("number", text(claims.apply(IdemiaClaims.DOCUMENT_ID)))
                .document("issuing_jurisdiction", text(claims.apply(IdemiaClaims.ISSUING_STATE)))
                .document("date_of_expiry", text(claims.apply(IdemiaClaims.EXPIRY_DATE)));
    }

    /** {@code mDL} (mobile driving licence) → {@code driving_permit}, {@code mID} → {@code idcard}, others as sent. */
    static String documentType(String type) {
        if (type == null) {
            return null;
        }
        return switch (type.trim().toLowerCase(Locale.ROOT)) {
            case "mdl" -> "driving_permit";
            case "mid" -> "idcard";
            default -> type.trim();
        };
    }

    private static String text(JsonNode value) {
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
