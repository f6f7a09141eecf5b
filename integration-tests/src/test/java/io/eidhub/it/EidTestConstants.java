package io.eidhub.it;

/**
 * The values the tests share about the two simulated providers: itsme's claim and acr URIs, IDEMIA's levels of
 * assurance, and the service code and client secrets the test clients are registered with at the simulator. One
 * place, so a test and the fixture that set up its broker cannot disagree.
 */
public final class EidTestConstants {

    /** Prefix of itsme's own claim names and acr values. */
    public static final String ITSME_CLAIM_PREFIX = "http://itsme.services/v2/claim/";
    public static final String ITSME_ACR_BASIC = ITSME_CLAIM_PREFIX + "acr_basic";
    public static final String ITSME_ACR_ADVANCED = ITSME_CLAIM_PREFIX + "acr_advanced";

    /** IDEMIA's acr values (substantial, high, very high). */
    public static final String IDEMIA_LOA_2 = "loa-2";
    public static final String IDEMIA_LOA_3 = "loa-3";
    public static final String IDEMIA_LOA_4 = "loa-4";

    /** The itsme service code every test client is registered with (except the theme tests' own). */
    public static final String ITSME_SERVICE_CODE = "EIDHUB_TEST";
    /** The client secret of itsme client-secret (csapi) test clients. */
    public static final String ITSME_TEST_SECRET = "itsme-client-secret-for-tests-0123456789";
    /** The client secret of IDEMIA test clients. */
    public static final String IDEMIA_TEST_SECRET = "sim-idemia-secret";

    private EidTestConstants() {
    }
}
