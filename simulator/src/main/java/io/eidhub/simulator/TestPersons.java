package io.eidhub.simulator;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The fictional test persons. itsme: {@code alice}, {@code bob}, {@code chloe}, {@code mateja} (Slovenian); IDEMIA: {@code dana}, {@code eli}
 * (declines to share {@code documentId} and {@code address1}), {@code frank}. Belgian national numbers carry valid
 * mod-97 check digits.
 */
public final class TestPersons {

    /** Prefix of the itsme-specific claim names. */
    public static final String ISM = "http://itsme.services/v2/claim/";

    private static final List<TestPerson> ALL = List.of(alice(), bob(), chloe(), mateja(), dana(), eli(), frank());

    private TestPersons() {
    }

    public static List<TestPerson> all() {
        return ALL;
    }

    public static List<TestPerson> of(String provider) {
        return ALL.stream().filter(p -> p.provider().equals(provider)).toList();
    }

    /** The person with this id for the provider, or null. */
    public static TestPerson find(String provider, String id) {
        return ALL.stream().filter(p -> p.provider().equals(provider) && p.id().equals(id)).findFirst().orElse(null);
    }

    private static TestPerson alice() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("given_name", "Alice");
        c.put("family_name", "Dubois");
        c.put("name", "Alice Dubois");
        c.put("birthdate", "1985-04-12");
        c.put("gender", "female");
        c.put("locale", "FR");
        c.put("email", "alice.dubois@example.be");
        c.put("email_verified", false);
        c.put("phone_number", "+32 470123456");
        c.put("phone_number_verified", true);
        c.put("address", address("Rue Hors-Château 42", "4000", "Liège", "BE"));
        c.put(ISM + "BENationalNumber", "85041215636");
        c.put(ISM + "BEeidSn", "592-1234567-32");
        c.put(ISM + "IDDocumentSN", "592123456732");
        c.put(ISM + "IDDocumentType", "ID");
        c.put(ISM + "claim_citizenship", "belge");
        c.put(ISM + "claim_citizenship_as_iso", "BEL");
        c.put(ISM + "place_of_birth", placeOfBirth("Liège", "BEL"));
        c.put(ISM + "birthdate_as_string", "12.04.1985");
        c.put(ISM + "official_gender", "F");
        documentMetadata(c, "BEL", "2021-03-01", "2031-03-01", "Liège");
        return new TestPerson("alice", ClientRegistration.ITSME, "Alice Dubois",
                "Belgian, born 1985-04-12 in Liège", LocalDate.of(1985, 4, 12), c);
    }

    private static TestPerson bob() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("given_name", "Bob");
        c.put("family_name", "Peeters");
        c.put("name", "Bob Peeters");
        c.put("birthdate", "1990-09-23");
        c.put("gender", "male");
        c.put("locale", "NL");
        c.put("email", "bob.peeters@example.be");
        c.put("email_verified", false);
        c.put("phone_number", "+32 478987654");
        c.put("phone_number_verified", true);
        c.put("address", address("Meir 50", "2000", "Antwerpen", "BE"));
        c.put(ISM + "BENationalNumber", "90092307326");
        c.put(ISM + "BEeidSn", "593-7654321-14");
        c.put(ISM + "IDDocumentSN", "593765432114");
        c.put(ISM + "IDDocumentType", "ID");
        c.put(ISM + "claim_citizenship", "Belg");
        c.put(ISM + "claim_citizenship_as_iso", "BEL");
        c.put(ISM + "place_of_birth", placeOfBirth("Antwerpen", "BEL"));
        c.put(ISM + "birthdate_as_string", "23.09.1990");
        c.put(ISM + "official_gender", "M");
        documentMetadata(c, "BEL", "2019-06-15", "2029-06-15", "Antwerpen");
        return new TestPerson("bob", ClientRegistration.ITSME, "Bob Peeters",
                "Belgian, born 1990-09-23 in Antwerpen", LocalDate.of(1990, 9, 23), c);
    }

    /** French national resident in Brussels (EU residence card, Belgian national number); shares no e-mail. */
    private static TestPerson chloe() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("given_name", "Chloé");
        c.put("family_name", "Martin");
        c.put("name", "Chloé Martin");
        c.put("birthdate", "1992-11-03");
        c.put("gender", "female");
        c.put("locale", "FR");
        c.put("phone_number", "+32 489555123");
        c.put("phone_number_verified", true);
        c.put("address", address("Rue du Marché aux Herbes 7", "1000", "Bruxelles", "BE"));
        c.put(ISM + "BENationalNumber", "92110328483");
        c.put(ISM + "BEeidSn", "B 0456789 16");
        c.put(ISM + "IDDocumentSN", "B045678916");
        c.put(ISM + "IDDocumentType", "IR");
        c.put(ISM + "claim_citizenship", "FRA");
        c.put(ISM + "claim_citizenship_as_iso", "FRA");
        c.put(ISM + "place_of_birth", placeOfBirth("Lyon", "FRA"));
        c.put(ISM + "birthdate_as_string", "03.11.1992");
        c.put(ISM + "official_gender", "F");
        documentMetadata(c, "BEL", "2022-01-10", "2027-01-10", "Bruxelles");
        return new TestPerson("chloe", ClientRegistration.ITSME, "Chloé Martin",
                "French national living in Brussels, born 1992-11-03 in Lyon", LocalDate.of(1992, 11, 3), c);
    }

    /** Slovenian resident: her national number answers under both spellings itsme documents (SI and SV). */
    private static TestPerson mateja() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("given_name", "Mateja");
        c.put("family_name", "Novak");
        c.put("name", "Mateja Novak");
        c.put("birthdate", "1987-02-21");
        c.put("gender", "female");
        c.put("locale", "EN");
        c.put("email", "mateja.novak@example.si");
        c.put("email_verified", false);
        c.put("phone_number", "+386 41123456");
        c.put("phone_number_verified", true);
        c.put(ISM + "SINationalNumber", "2102987505123");
        c.put(ISM + "SVNationalNumber", "2102987505123");
        c.put(ISM + "IDDocumentSN", "PA1234567");
        c.put(ISM + "IDDocumentType", "P");
        c.put(ISM + "claim_citizenship", "SVN");
        c.put(ISM + "claim_citizenship_as_iso", "SVN");
        c.put(ISM + "official_gender", "F");
        c.put(ISM + "IDIssuingCountry", Map.of(ISM + "IDDocumentSN", "SVN"));
        c.put(ISM + "validityTo", Map.of(ISM + "IDDocumentSN", "2032-02-21"));
        return new TestPerson("mateja", ClientRegistration.ITSME, "Mateja Novak",
                "Slovenian passport holder, born 1987-02-21", LocalDate.of(1987, 2, 21), c);
    }

    /**
     * itsme's metadata claims: objects keyed by the claim they qualify (here the document number), not plain strings;
     * the verification date qualifies two claims, so it stays an object of two members.
     */
    private static void documentMetadata(Map<String, Object> c, String country, String from, String to, String locality) {
        String document = ISM + "IDDocumentSN";
        c.put(ISM + "IDIssuingCountry", Map.of(document, country));
        c.put(ISM + "validityFrom", Map.of(document, from));
        c.put(ISM + "validityTo", Map.of(document, to));
        c.put(ISM + "issuance_locality", Map.of(document, locality));
        Map<String, Object> verified = new LinkedHashMap<>();
        verified.put(document, from + "T10:00:00Z");
        verified.put("birthdate", from + "T10:00:00Z");
        c.put(ISM + "verificationDate", verified);
    }

    private static TestPerson dana() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("firstName1", "Dana");
        c.put("lastName1", "Whitfield");
        c.put("documentId", "123AB4567");
        c.put("address1", "1200 Grand Ave, Des Moines, IA 50309");
        c.put("dateOfBirth", "1988-07-19");
        c.put("issuingState", "IA");
        c.put("documentType", "mDL");
        c.put("expiryDate", "2030-07-19");
        return new TestPerson("dana", ClientRegistration.IDEMIA, "Dana Whitfield",
                "Iowa mobile driver's licence", LocalDate.of(1988, 7, 19), c);
    }

    /** Declines to share documentId and address1. */
    private static TestPerson eli() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("firstName1", "Eli");
        c.put("lastName1", "Moreno");
        c.put("dateOfBirth", "2006-05-14");
        c.put("issuingState", "DE");
        c.put("documentType", "mID");
        c.put("expiryDate", "2031-05-14");
        return new TestPerson("eli", ClientRegistration.IDEMIA, "Eli Moreno",
                "Delaware mobile ID; declines to share document number and address", LocalDate.of(2006, 5, 14), c);
    }

    private static TestPerson frank() {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("firstName1", "Frank");
        c.put("lastName1", "O'Neil");
        c.put("documentId", "912345678");
        c.put("address1", "500 Woodlane St, Little Rock, AR 72201");
        c.put("dateOfBirth", "1961-01-30");
        c.put("issuingState", "AR");
        c.put("documentType", "mDL");
        c.put("expiryDate", "2029-01-30");
        return new TestPerson("frank", ClientRegistration.IDEMIA, "Frank O'Neil",
                "Arkansas mobile driver's licence", LocalDate.of(1961, 1, 30), c);
    }

    private static Map<String, Object> address(String street, String postalCode, String locality, String country) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("formatted", street + ", " + postalCode + " " + locality);
        a.put("street_address", street);
        a.put("postal_code", postalCode);
        a.put("locality", locality);
        a.put("country", country);
        return a;
    }

    private static Map<String, Object> placeOfBirth(String city, String country) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("formatted", city + ", " + country);
        p.put("city", city);
        p.put("country", country);
        return p;
    }
}
