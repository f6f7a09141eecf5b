package io.eidhub.keycloak.broker.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;

/**
 * What one eID login told the hub about the person, in the provider-neutral vocabulary the hub emits (OpenID
 * Connect standard claim names), with how it was verified. Each broker fills it from its own claims; it is kept as
 * the user-session note {@value #NOTE} (compact JSON) for the token mappers ({@code eidhub-verified-claims-mapper},
 * {@code eidhub-age-over-18-mapper}), whatever the broker's {@code storeClaims}.
 * <p>
 * Stored members: {@code provider}, {@code trust_framework}, {@code assurance_level}, {@code time} (when the provider
 * identified the person, ISO 8601 UTC), {@code claims} (given_name, family_name, birthdate, place_of_birth,
 * nationalities, address, email), {@code national_number}, {@code card_number}, {@code age_over_18} and
 * {@code document} (type, number, issuing_country, date_of_issuance, date_of_expiry, verified_at). Absent members:
 * the provider did not send them.
 */
public final class VerifiedIdentity {

    /** The user-session note holding the identity. */
    public static final String NOTE = "eidhub.verified_identity";
    /** The claim of the {@code age} client scope. */
    public static final String AGE_OVER_18 = "age_over_18";
    /** Where an application asks for the national number in a {@code verified_claims} request (document evidence). */
    public static final String NATIONAL_NUMBER_REQUEST = "personal_number";

    static final String PROVIDER = "provider";
    static final String TRUST_FRAMEWORK = "trust_framework";
    static final String ASSURANCE_LEVEL = "assurance_level";
    static final String TIME = "time";
    static final String CLAIMS = "claims";
    static final String NATIONAL_NUMBER = "national_number";
    static final String CARD_NUMBER = "card_number";
    static final String DOCUMENT = "document";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ObjectNode root;

    private VerifiedIdentity(ObjectNode root) {
        this.root = root;
    }

    /** An empty identity from {@code provider} (the broker's alias), verified under {@code trustFramework}. */
    public static VerifiedIdentity of(String provider, String trustFramework, String assuranceLevel, String time) {
        ObjectNode root = JsonNodeFactory.instance.objectNode();
        root.put(PROVIDER, provider);
        putText(root, TRUST_FRAMEWORK, trustFramework);
        putText(root, ASSURANCE_LEVEL, assuranceLevel);
        putText(root, TIME, time);
        root.putObject(CLAIMS);
        return new VerifiedIdentity(root);
    }

    /** The identity a note holds, or null when the note is missing or not an identity. */
    public static VerifiedIdentity parse(String note) {
        if (note == null || note.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(note);
            return node != null && node.isObject() && node.path(CLAIMS).isObject() ? new VerifiedIdentity((ObjectNode) node) : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Sets a standard claim (a text value; blank values are left out). */
    public VerifiedIdentity claim(String name, String value) {
        putText(claims(), name, value);
        return this;
    }

    /** Sets a structured standard claim ({@code address}, {@code place_of_birth}); empty objects are left out. */
    public VerifiedIdentity claim(String name, ObjectNode value) {
        if (value != null && !value.isEmpty()) {
            claims().set(name, value);
        }
        return this;
    }

    /** {@code nationalities}: ISO 3166-1 country codes. */
    public VerifiedIdentity nationality(String countryCode) {
        if (countryCode != null && !countryCode.isBlank()) {
            ArrayNode nationalities = claims().has("nationalities") ? (ArrayNode) claims().get("nationalities") : claims().putArray("nationalities");
            nationalities.add(countryCode.trim());
        }
        return this;
    }

    public VerifiedIdentity nationalNumber(String value) {
        putText(root, NATIONAL_NUMBER, value);
        return this;
    }

    public VerifiedIdentity cardNumber(String value) {
        putText(root, CARD_NUMBER, value);
        return this;
    }

    /** The provider's own age flag; when the provider sent none, {@link #ageOver18(LocalDate)} derives it. */
    public VerifiedIdentity ageOver18(Boolean value) {
        if (value != null) {
            root.put(AGE_OVER_18, value);
        }
        return this;
    }

    /** Derives {@code age_over_18} from the stored {@code birthdate} as of {@code today}, unless the provider sent it. */
    public VerifiedIdentity ageOver18(LocalDate today) {
        if (root.has(AGE_OVER_18)) {
            return this;
        }
        String birthdate = claims().path("birthdate").asText(null);
        if (birthdate != null) {
            try {
                root.put(AGE_OVER_18, Period.between(LocalDate.parse(birthdate), today).getYears() >= 18);
            } catch (DateTimeParseException e) {
                // a birth date the hub cannot read says nothing about the age
            }
        }
        return this;
    }

    /** One member of the identity document (type, number, issuing_country, date_of_issuance, date_of_expiry, verified_at). */
    public VerifiedIdentity document(String member, String value) {
        if (value != null && !value.isBlank()) {
            ObjectNode document = root.has(DOCUMENT) ? (ObjectNode) root.get(DOCUMENT) : root.putObject(DOCUMENT);
            document.put(member, value.trim());
        }
        return this;
    }

    public JsonNode get(String member) {
        return root.get(member);
    }

    ObjectNode claims() {
        return (ObjectNode) root.get(CLAIMS);
    }

    ObjectNode document() {
        JsonNode document = root.get(DOCUMENT);
        return document instanceof ObjectNode object ? object : null;
    }

    String text(String member) {
        JsonNode value = root.get(member);
        return value != null && value.isTextual() ? value.asText() : null;
    }

    /** The {@code age_over_18} value, or null when neither the provider nor a birth date told it. */
    public Boolean ageOver18() {
        JsonNode value = root.get(AGE_OVER_18);
        return value != null && value.isBoolean() ? value.booleanValue() : null;
    }

    /** The compact JSON stored in the note. */
    public String toNote() {
        return root.toString();
    }

    private static void putText(ObjectNode node, String name, String value) {
        if (value != null && !value.isBlank()) {
            node.put(name, value.trim());
        }
    }
}
