package io.eidhub.keycloak.idemia;

import java.util.List;

/**
 * Claim names of IDEMIA Mobile ID, spelled as IDEMIA sends them. Only {@code sub} is always present: users consent
 * per attribute in the Mobile ID app, so every other claim may be missing.
 */
public final class IdemiaClaims {

    public static final String SUBJECT = "sub";
    public static final String FIRST_NAME = "firstName1";
    public static final String LAST_NAME = "lastName1";
    public static final String DOCUMENT_ID = "documentId";
    public static final String ADDRESS = "address1";
    public static final String DATE_OF_BIRTH = "dateOfBirth";
    public static final String ISSUING_STATE = "issuingState";
    public static final String DOCUMENT_TYPE = "documentType";
    public static final String EXPIRY_DATE = "expiryDate";
    public static final String AGE_OVER_18 = "ageOver18";
    public static final String AGE_OVER_21 = "ageOver21";

    /**
     * Claims offered in the "IDEMIA claim" mapper. The first four are named in IDEMIA's published integration; the
     * others are claims seen on mID tenants (check the tenant's {@code claims_supported} and
     * {@code scope_to_claims_mapping} in its discovery document).
     */
    public static final List<String> KNOWN = List.of(
            FIRST_NAME, LAST_NAME, DOCUMENT_ID, ADDRESS,
            DATE_OF_BIRTH, ISSUING_STATE, DOCUMENT_TYPE, EXPIRY_DATE, AGE_OVER_18, AGE_OVER_21,
            SUBJECT);

    /** User attribute that the default mappers fill with {@link #DOCUMENT_ID}. */
    public static final String DOCUMENT_ID_ATTRIBUTE = "idemia_document_id";
    /** User attribute that the default mappers fill with {@link #ADDRESS}. */
    public static final String ADDRESS_ATTRIBUTE = "idemia_address";

    private IdemiaClaims() {
    }
}
