package io.eidhub.keycloak.itsme;

import com.fasterxml.jackson.databind.JsonNode;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * How itsme's claim values become attribute text, as plain functions. itsme's metadata claims ({@code IDIssuingCountry},
 * {@code validityFrom}, {@code validityTo}, {@code verificationDate}, {@code issuance_locality}) are objects keyed by the
 * claim they qualify, e.g. {@code {"http://itsme.services/v2/claim/IDDocumentSN": "BEL"}}: with one member the plain
 * value is kept ({@code BEL}); with several the object stays JSON text. Slovenia's national number is documented under
 * two spellings, {@code SINationalNumber} and {@code SVNationalNumber}: either one is read for the other.
 */
final class ItsmeClaimValues {

    static final List<String> METADATA_CLAIMS = List.of(
            ItsmeClaims.PREFIX + "IDIssuingCountry", ItsmeClaims.PREFIX + "validityFrom", ItsmeClaims.PREFIX + "validityTo",
            ItsmeClaims.PREFIX + "verificationDate", ItsmeClaims.PREFIX + "issuance_locality");

    /** Each spelling of a claim itsme documents under two names, with the other one. */
    static final Map<String, String> OTHER_SPELLING = Map.of(
            ItsmeClaims.PREFIX + "SINationalNumber", ItsmeClaims.PREFIX + "SVNationalNumber",
            ItsmeClaims.PREFIX + "SVNationalNumber", ItsmeClaims.PREFIX + "SINationalNumber");

    private ItsmeClaimValues() {
    }

    /** The name to read when {@code claim} is absent, or null. */
    static String otherSpelling(String claim) {
        return claim == null ? null : OTHER_SPELLING.get(claim);
    }

    /**
     * The text to store for {@code claim} given the text read ({@code text}, objects as JSON): the plain value of a
     * one-member metadata object, otherwise {@code text} unchanged.
     */
    static String plain(String claim, String text) {
        if (text == null || !METADATA_CLAIMS.contains(claim) || !text.startsWith("{")) {
            return text;
        }
        try {
            JsonNode object = JsonSerialization.readValue(text, JsonNode.class);
            if (object.isObject() && object.size() == 1) {
                JsonNode only = object.elements().next();
                if (only.isValueNode() && !only.isNull()) {
                    return only.asText();
                }
            }
        } catch (IOException e) {
            return text;
        }
        return text;
    }
}
