package io.eidhub.keycloak.broker.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Iterator;
import java.util.Map;

/**
 * Builds the {@code verified_claims} object of OpenID Identity Assurance Schema Definition 1.0 / OpenID Connect for
 * Identity Assurance 1.0 from a {@link VerifiedIdentity}:
 * <pre>
 * { "verification": { "trust_framework", "assurance_level"?, "time"?,
 *                     "evidence"?: [ { "type": "document", "time"?,
 *                                      "document_details": { "type", "document_number"?, "personal_number"?,
 *                                                            "date_of_issuance"?, "date_of_expiry"?,
 *                                                            "issuer"?: { "country_code"?, "jurisdiction"? } } } ] },
 *   "claims": { "given_name"?, "family_name"?, "birthdate"?, "place_of_birth"?, "nationalities"?, "address"? } }
 * </pre>
 * With the application's request ({@code claims} parameter, member {@code verified_claims} of {@code id_token} or
 * {@code userinfo}) only the requested members of {@code claims} are returned, and the national number
 * ({@code personal_number}) only when the request names it; without a request, everything the identity holds.
 * No object at all when the identity has no trust framework or none of the requested claims.
 */
public final class VerifiedClaims {

    /** The standard claims {@code verified_claims} may carry, in the order they are emitted. */
    static final String[] CLAIM_NAMES = {"given_name", "family_name", "birthdate", "place_of_birth", "nationalities", "address"};

    private static final ObjectMapper JSON = new ObjectMapper();

    private VerifiedClaims() {
    }

    /**
     * The {@code verified_claims} request of the application for one target ({@code id_token} or {@code userinfo}),
     * from its {@code claims} parameter; null when it sent none or an unreadable one. A request given as an array
     * (several verifications) is answered with its first element.
     */
    public static JsonNode request(String claimsParameter, String target) {
        if (claimsParameter == null || claimsParameter.isBlank()) {
            return null;
        }
        try {
            JsonNode request = JSON.readTree(claimsParameter).path(target).path("verified_claims");
            if (request.isArray()) {
                request = request.path(0);
            }
            return request.isObject() ? request : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** The object, or null when there is nothing verified to say. */
    public static ObjectNode build(VerifiedIdentity identity, JsonNode request) {
        if (identity == null || identity.text(VerifiedIdentity.TRUST_FRAMEWORK) == null) {
            return null;
        }
        ObjectNode claims = claims(identity, request);
        if (claims.isEmpty()) {
            return null;
        }
        ObjectNode verifiedClaims = JsonNodeFactory.instance.objectNode();
        verifiedClaims.set("verification", verification(identity, request));
        verifiedClaims.set("claims", claims);
        return verifiedClaims;
    }

    private static ObjectNode claims(VerifiedIdentity identity, JsonNode request) {
        JsonNode requested = request == null ? null : request.get("claims");
        boolean all = requested == null || !requested.isObject() || requested.isEmpty();
        ObjectNode claims = JsonNodeFactory.instance.objectNode();
        for (String name : CLAIM_NAMES) {
            JsonNode value = identity.claims().get(name);
            if (value != null && (all || requested.has(name))) {
                claims.set(name, value.deepCopy());
            }
        }
        return claims;
    }

    private static ObjectNode verification(VerifiedIdentity identity, JsonNode request) {
        ObjectNode verification = JsonNodeFactory.instance.objectNode();
        verification.put("trust_framework", identity.text(VerifiedIdentity.TRUST_FRAMEWORK));
        putIfPresent(verification, "assurance_level", identity.text(VerifiedIdentity.ASSURANCE_LEVEL));
        putIfPresent(verification, "time", identity.text(VerifiedIdentity.TIME));
        ObjectNode document = identity.document();
        if (document != null && document.hasNonNull("type")) {
            boolean personalNumber = request == null || mentions(request.get("verification"), VerifiedIdentity.NATIONAL_NUMBER_REQUEST);
            ArrayNode evidence = verification.putArray("evidence");
            evidence.add(documentEvidence(document, personalNumber ? identity.text(VerifiedIdentity.NATIONAL_NUMBER) : null));
        }
        return verification;
    }

    private static ObjectNode documentEvidence(ObjectNode document, String personalNumber) {
        ObjectNode evidence = JsonNodeFactory.instance.objectNode();
        evidence.put("type", "document");
        putIfPresent(evidence, "time", document.path("verified_at").asText(null));
        ObjectNode details = evidence.putObject("document_details");
        details.put("type", document.get("type").asText());
        putIfPresent(details, "document_number", document.path("number").asText(null));
        putIfPresent(details, "personal_number", personalNumber);
        putIfPresent(details, "date_of_issuance", document.path("date_of_issuance").asText(null));
        putIfPresent(details, "date_of_expiry", document.path("date_of_expiry").asText(null));
        String country = document.path("issuing_country").asText(null);
        String jurisdiction = document.path("issuing_jurisdiction").asText(null);
        if (country != null || jurisdiction != null) {
            ObjectNode issuer = details.putObject("issuer");
            putIfPresent(issuer, "country_code", country);
            putIfPresent(issuer, "jurisdiction", jurisdiction);
        }
        return evidence;
    }

    /** Whether {@code key} is a member name anywhere inside {@code node}. */
    private static boolean mentions(JsonNode node, String key) {
        if (node == null) {
            return false;
        }
        if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> member = it.next();
                if (member.getKey().equals(key) || mentions(member.getValue(), key)) {
                    return true;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode element : node) {
                if (mentions(element, key)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null && !value.isBlank()) {
            node.put(name, value);
        }
    }
}
