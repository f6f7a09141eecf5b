package io.eidhub.keycloak.itsme;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The claims itsme documents (itsme "claims" appendix), in one table: the name itsme uses on the wire, the user
 * attribute a default mapper imports it to, and the scope that returns it (null when it must be asked for in the
 * {@code claims} request parameter). Used by the configuration form and its validation, the mapper dropdown and the
 * default mappers.
 */
final class ItsmeClaims {

    /** Namespace of the itsme-specific claims. */
    static final String PREFIX = "http://itsme.services/v2/claim/";

    static final String PROFILE = "profile";
    static final String EMAIL = "email";
    static final String PHONE = "phone";
    static final String ADDRESS = "address";
    static final String EID = "eid";
    static final String ID_DOCUMENT = "idDocument";

    /** The optional scopes, in the order the form offers them. */
    static final List<String> SCOPES = List.of(PROFILE, EMAIL, PHONE, ADDRESS, EID, ID_DOCUMENT);

    /**
     * One itsme claim.
     *
     * @param name      the claim name as sent and returned (a full URI for itsme-specific claims)
     * @param shortName the name an admin types in the configuration (the URI's last segment)
     * @param attribute the user attribute a default mapper imports it to
     * @param scope     the scope that returns it, or null
     */
    record Claim(String name, String shortName, String attribute, String scope) {

        boolean isItsmeSpecific() {
            return name.startsWith(PREFIX);
        }
    }

    private static final List<Claim> ALL = List.of(
            // standard OpenID Connect claims, sent as-is
            oidc("name", "itsme_name", PROFILE),
            oidc("given_name", "firstName", PROFILE),
            oidc("family_name", "lastName", PROFILE),
            oidc("gender", "itsme_gender", PROFILE),
            oidc("birthdate", "itsme_birthdate", PROFILE),
            oidc("locale", "itsme_locale", PROFILE),
            oidc("picture", "itsme_picture", PROFILE),
            oidc("email", "email", EMAIL),
            oidc("email_verified", "itsme_email_verified", EMAIL),
            oidc("phone_number", "itsme_phone_number", PHONE),
            oidc("phone_number_verified", "itsme_phone_number_verified", PHONE),
            oidc("address", "itsme_address", ADDRESS),
            oidc("age_gte_16", "itsme_age_gte_16", null),
            oidc("age_gte_18", "itsme_age_gte_18", null),
            oidc("age_gte_21", "itsme_age_gte_21", null),
            oidc("age_gte_30", "itsme_age_gte_30", null),
            // itsme claims, under http://itsme.services/v2/claim/
            itsme("BENationalNumber", "itsme_national_number", EID),
            itsme("BEeidSn", "itsme_eid_card_number", EID),
            itsme("IDDocumentSN", "itsme_id_document_number", ID_DOCUMENT),
            itsme("IDDocumentType", "itsme_id_document_type", ID_DOCUMENT),
            itsme("IDIssuingCountry", "itsme_id_issuing_country", ID_DOCUMENT),
            itsme("validityFrom", "itsme_validity_from", ID_DOCUMENT),
            itsme("validityTo", "itsme_validity_to", ID_DOCUMENT),
            itsme("claim_citizenship", "itsme_citizenship", null),
            itsme("claim_citizenship_as_iso", "itsme_citizenship_iso", null),
            itsme("place_of_birth", "itsme_place_of_birth", null),
            itsme("birthdate_as_string", "itsme_birthdate_as_string", null),
            itsme("official_gender", "itsme_official_gender", null),
            itsme("physical_person_photo", "itsme_photo", null),
            itsme("verificationDate", "itsme_verification_date", null),
            itsme("issuance_locality", "itsme_issuance_locality", null),
            itsme("RONationalNumber", "itsme_ro_national_number", null),
            itsme("BGNationalNumber", "itsme_bg_national_number", null),
            itsme("CZNationalNumber", "itsme_cz_national_number", null),
            itsme("SKNationalNumber", "itsme_sk_national_number", null),
            itsme("HRNationalNumber", "itsme_hr_national_number", null),
            itsme("LTNationalNumber", "itsme_lt_national_number", null),
            itsme("SINationalNumber", "itsme_si_national_number", null),
            // the same claim as itsme's authorization page spells it: one attribute for both spellings
            itsme("SVNationalNumber", "itsme_si_national_number", null),
            itsme("LVNationalNumber", "itsme_lv_national_number", null),
            itsme("MTNationalNumber", "itsme_mt_national_number", null),
            itsme("RSNationalNumber", "itsme_rs_national_number", null),
            itsme("MDNationalNumber", "itsme_md_national_number", null),
            itsme("claim_device", "itsme_device", null),
            itsme("app", "itsme_app", null),
            itsme("account", "itsme_account", null),
            itsme("identification_mode", "itsme_identification_mode", null),
            itsme("transaction_ip", "itsme_transaction_ip", null),
            itsme("ongoing_call", "itsme_ongoing_call", null));

    private ItsmeClaims() {
    }

    static List<Claim> all() {
        return ALL;
    }

    /** Every known claim name as sent on the wire (full URIs for itsme claims), for the mapper dropdown. */
    static List<String> names() {
        return ALL.stream().map(Claim::name).toList();
    }

    /** The known claim an admin means by {@code configured}: its short name or full name, in any case. */
    static Optional<Claim> find(String configured) {
        if (configured == null) {
            return Optional.empty();
        }
        String wanted = configured.trim().toLowerCase(Locale.ROOT);
        return ALL.stream()
                .filter(claim -> claim.shortName().toLowerCase(Locale.ROOT).equals(wanted)
                        || claim.name().toLowerCase(Locale.ROOT).equals(wanted))
                .findFirst();
    }

    /** The claims a scope returns. */
    static List<Claim> ofScope(String scope) {
        return ALL.stream().filter(claim -> scope.equals(claim.scope())).toList();
    }

    /** The configured claim names (comma-, space- or {@code ##}-separated), each as written. */
    static List<String> split(String configured) {
        List<String> names = new ArrayList<>();
        if (configured != null) {
            for (String name : configured.split("##|[,\\s]+")) {
                if (!name.isBlank()) {
                    names.add(name.trim());
                }
            }
        }
        return names;
    }

    /** The first configured name that is not a known claim, if any. */
    static Optional<String> firstUnknown(String configured) {
        return split(configured).stream().filter(name -> find(name).isEmpty()).findFirst();
    }

    /** The known claims among the configured names, without duplicates, in the configured order. */
    static List<Claim> resolve(String configured) {
        Set<Claim> claims = new LinkedHashSet<>();
        for (String name : split(configured)) {
            find(name).ifPresent(claims::add);
        }
        return List.copyOf(claims);
    }

    private static Claim oidc(String name, String attribute, String scope) {
        return new Claim(name, name, attribute, scope);
    }

    private static Claim itsme(String shortName, String attribute, String scope) {
        return new Claim(PREFIX + shortName, shortName, attribute, scope);
    }
}
