package io.eidhub.keycloak.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** Provider words in reasons: a fixed set of documented codes, so events and dashboards never carry provider text. */
class SafeProviderTextTest {

    @Test
    void documentedErrorCodesPassThrough() {
        for (String code : new String[]{"access_denied", "login_required", "invalid_grant", "invalid_client",
                "temporarily_unavailable", "temporary_unavailable", "interaction_required", "unmet_authentication_requirements"}) {
            assertEquals(code, SafeProviderText.errorCode(code));
        }
    }

    @Test
    void anyOtherCodeIsUnrecognizedEvenWhenItLooksLikeOne() {
        assertEquals("unrecognized", SafeProviderText.errorCode("user_42_said_no"));
        assertEquals("unrecognized", SafeProviderText.errorCode("a_made_up_code"));
        assertEquals("unrecognized", SafeProviderText.errorCode("Access Denied <b>"));
        assertEquals("none", SafeProviderText.errorCode(null));
    }

    @Test
    void tokenErrorsAreReadFromTheJsonAnswerOnly() {
        assertEquals("invalid_grant", SafeProviderText.tokenErrorCode("{\"error\":\"invalid_grant\",\"error_description\":\"x\"}"));
        assertEquals("unrecognized", SafeProviderText.tokenErrorCode("{\"error\":\"some_vendor_code\"}"));
        assertEquals("none", SafeProviderText.tokenErrorCode("{}"));
        assertEquals("unreadable", SafeProviderText.tokenErrorCode("<html>"));
    }
}
