package io.eidhub.keycloak.itsme;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.eidhub.keycloak.broker.claims.VerifiedIdentity;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Turns itsme's claims into the hub's provider-neutral {@link VerifiedIdentity} (README "Claim vocabulary"):
 * the OpenID Connect claims as they are, {@code place_of_birth} ({@code city} becomes {@code locality}),
 * {@code claim_citizenship_as_iso} as {@code nationalities}, {@code BENationalNumber}, {@code BEeidSn},
 * {@code age_gte_18}, and the identity document from {@code IDDocumentType}, {@code IDDocumentSN} and the metadata
 * claims {@code IDIssuingCountry}, {@code validityFrom}, {@code validityTo}, {@code verificationDate} (objects keyed by
 * the claim they qualify; a plain string is accepted too).
 */
final class ItsmeIdentity {

    private static final String ISM = ItsmeClaims.PREFIX;
    private static final List<String> ADDRESS_MEMBERS = List.of("formatted", "street_address", "locality", "region", "postal_code", "country");

    private ItsmeIdentity() {
    }

    /** Fills {@code into} from {@code claims} (claim name to value, null when itsme did not send it). */
    static void describe(Function<String, JsonNode> claims, VerifiedIdentity into) {
        into.claim("given_name", text(claims.apply("given_name")))
                .claim("family_name", text(claims.apply("family_name")))
                .claim("birthdate", text(claims.apply("birthdate")))
                .claim("email", text(claims.apply("email")))
                .claim("address", address(claims.apply("address")))
                .claim("place_of_birth", placeOfBirth(claims.apply(ISM + "place_of_birth")))
                .nationality(text(claims.apply(ISM + "claim_citizenship_as_iso")))
                .nationalNumber(text(claims.apply(ISM + "BENationalNumber")))
                .cardNumber(text(claims.apply(ISM + "BEeidSn")));
        JsonNode age = claims.apply("age_gte_18");
        if (age != null && age.isBoolean()) {
            into.ageOver18(age.booleanValue());
        }
        String documentNumber = text(claims.apply(ISM + "IDDocumentSN"));
        into.document("type", documentType(text(claims.apply(ISM + "IDDocumentType"))))
                .document("number", documentNumber != null ? documentNumber : text(claims.apply(ISM + "BEeidSn")))
                .document("issuing_country", metadata(claims.apply(ISM + "IDIssuingCountry")))
                .document("date_of_issuance", date(metadata(claims.apply(ISM + "validityFrom"))))
                .document("date_of_expiry", date(metadata(claims.apply(ISM + "validityTo"))))
                .document("verified_at", metadata(claims.apply(ISM + "verificationDate")));
    }

    /**
     * The document type of the identity assurance vocabulary for itsme's ICAO code: {@code P…} passport,
     * {@code IR} residence permit, other {@code I…} identity card; any other code as itsme sent it.
     */
    static String documentType(String icaoCode) {
        if (icaoCode == null) {
            return null;
        }
        String code = icaoCode.trim().toUpperCase(Locale.ROOT);
        if (code.startsWith("P")) {
            return "passport";
        }
        if (code.equals("IR")) {
            return "residence_permit";
        }
        if (code.startsWith("I")) {
            return "idcard";
        }
        return icaoCode.trim();
    }

    private static ObjectNode address(JsonNode address) {
        if (address == null || !address.isObject()) {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        for (String member : ADDRESS_MEMBERS) {
            String value = text(address.get(member));
            if (value != null) {
                out.put(member, value);
            }
        }
        return out;
    }

    private static ObjectNode placeOfBirth(JsonNode place) {
        if (place == null || !place.isObject()) {
            return null;
        }
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        String country = text(place.get("country"));
        String locality = text(place.get("city"));
        if (country != null) {
            out.put("country", country);
        }
        if (locality != null) {
            out.put("locality", locality);
        }
        return out;
    }

    /** A metadata claim's value: the value for the document number when keyed by claim, else the first one. */
    private static String metadata(JsonNode value) {
        if (value == null) {
            return null;
        }
        if (value.isObject()) {
            JsonNode forDocument = value.get(ISM + "IDDocumentSN");
            if (forDocument != null) {
                return text(forDocument);
            }
            Iterator<JsonNode> values = value.elements();
            return values.hasNext() ? text(values.next()) : null;
        }
        return text(value);
    }

    /** The date part (YYYY-MM-DD) of an ISO 8601 date or date-time. */
    private static String date(String value) {
        return value != null && value.length() >= 10 && value.charAt(4) == '-' ? value.substring(0, 10) : value;
    }

    private static String text(JsonNode value) {
        return value != null && value.isValueNode() && !value.isNull() ? value.asText() : null;
    }
}
