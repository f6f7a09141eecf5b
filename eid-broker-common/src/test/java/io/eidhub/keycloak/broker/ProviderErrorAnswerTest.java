package io.eidhub.keycloak.broker;

import org.junit.jupiter.api.Test;

import static io.eidhub.keycloak.broker.ProviderErrorAnswer.Kind.CANCELLED;
import static io.eidhub.keycloak.broker.ProviderErrorAnswer.Kind.ERROR_PAGE;
import static io.eidhub.keycloak.broker.ProviderErrorAnswer.Kind.RETRY;
import static io.eidhub.keycloak.broker.ProviderErrorAnswer.Kind.UNAVAILABLE;
import static io.eidhub.keycloak.broker.ProviderErrorAnswer.Kind.TO_APPLICATION;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ProviderErrorAnswerTest {

    @Test
    void passiveLoginErrorsReachTheApplication() {
        assertEquals(new ProviderErrorAnswer(TO_APPLICATION, "login_required"), ProviderErrorAnswer.of("login_required", null));
        assertEquals(new ProviderErrorAnswer(TO_APPLICATION, "interaction_required"), ProviderErrorAnswer.of("interaction_required", "x"));
        assertEquals(new ProviderErrorAnswer(TO_APPLICATION, "interaction_required"), ProviderErrorAnswer.of("consent_required", null));
    }

    @Test
    void anExpiredAuthenticationIsRetried() {
        assertEquals(RETRY, ProviderErrorAnswer.of("temporarily_unavailable", "authentication_expired").kind());
        assertEquals(UNAVAILABLE, ProviderErrorAnswer.of("temporarily_unavailable", null).kind());
        assertEquals(UNAVAILABLE, ProviderErrorAnswer.of("temporarily_unavailable", "maintenance").kind());
        // itsme's spelling, as its documentation writes it
        assertEquals(UNAVAILABLE, ProviderErrorAnswer.of("temporary_unavailable", null).kind());
    }

    @Test
    void cancelAndEverythingElse() {
        assertEquals(CANCELLED, ProviderErrorAnswer.of("access_denied", null).kind());
        for (String code : new String[]{"server_error", "invalid_request", "invalid_request_object", "unrecognized", "none"}) {
            assertEquals(ERROR_PAGE, ProviderErrorAnswer.of(code, null).kind(), code);
        }
    }
}
