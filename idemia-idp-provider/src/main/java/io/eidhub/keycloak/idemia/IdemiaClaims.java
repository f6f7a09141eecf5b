package io.eidhub.keycloak.idemia;

import java.util.List;

/**
 * Claim names of IDEMIA Mobile ID, spelled as IDEMIA sends them. Only {@code sub} is always present: users consent
 * per attribute in the Mobile ID app, so every other claim may be missing.
 */
final class IdemiaClaims {

    static final String SUBJECT = "sub";
    static final String FIRST_NAME = "firstName1";
    static final String LAST_NAME = "lastName1";
    static final String DOCUMENT_ID = "documentId";
    static final String ADDRESS = "address1";
    /*
     * Claims seen on mID tenants but named by no public IDEMIA source: not offered in the mapper's dropdown, read when
     * a tenant releases them (the hub's claim vocabulary, IdemiaIdentity and IdemiaScopeSelection).
     */
    static final String DATE_OF_BIRTH = "dateOfBirth";
    static final String ISSUING_STATE = "issuingState";
    static final String DOCUMENT_TYPE = "documentType";
    static final String EXPIRY_DATE = "expiryDate";
    static final String AGE_OVER_18 = "ageOver18";
    /**
     * Claims offered in the "IDEMIA claim" mapper's dropdown: only the names a public IDEMIA source documents (its
     * published Mobile ID integration). A tenant may release others (see its {@code claims_supported} and
     * {@code scope_to_claims_mapping}); type their names in the mapper, they are read the same way.
     */
    static final List<String> KNOWN = List.of(FIRST_NAME, LAST_NAME, DOCUMENT_ID, ADDRESS, SUBJECT);

    /** User attribute that the default mappers fill with {@link #DOCUMENT_ID}. */
    static final String DOCUMENT_ID_ATTRIBUTE = "idemia_document_id";
    /** User attribute that the default mappers fill with {@link #ADDRESS}. */
    static final String ADDRESS_ATTRIBUTE = "idemia_address";

    private IdemiaClaims() {
    }
}
