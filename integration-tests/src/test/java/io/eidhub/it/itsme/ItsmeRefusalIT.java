package io.eidhub.it.itsme;

import io.eidhub.it.Browser;
import io.eidhub.it.Page;
import io.eidhub.it.TestRealm;
import io.eidhub.it.WithKeycloak;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;

import static io.eidhub.it.itsme.ItsmeBroker.ALIAS;
import static io.eidhub.it.itsme.ItsmeBroker.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The user refuses at itsme: Keycloak's login page says so in the user's language, an error event is recorded. */
@WithKeycloak
class ItsmeRefusalIT {

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "en | The login was cancelled or refused at the identity provider.",
            "fr | La connexion a été annulée ou refusée chez le fournisseur d'identité.",
            "nl | De aanmelding werd geannuleerd of geweigerd bij de identiteitsprovider.",
    })
    void refusalShowsTheTranslatedCancelMessage(String locale, String message, TestRealm realm, ItsmeBroker itsme) {
        realm.enableLocales("en", "fr", "nl", "de", "es");
        itsme.createBroker();
        Browser browser = new Browser();

        Page phone = itsme.openPhone(browser, realm.authRequest().idpHint(ALIAS).uiLocales(locale));
        assertEquals(locale, itsme.lastAuthorizationRequest().query().get("ui_locales"));
        Page page = itsme.answer(browser, phone, "alice", "refuse");

        assertEquals(200, page.status(), page.describe());
        assertTrue(page.isAt(realm.issuer()), page.describe());
        assertTrue(page.feedbackText().orElse("").startsWith(message), page.describe());
        assertTrue(page.forms().stream().anyMatch(f -> "kc-form-login".equals(f.id())), "back on the login page: " + page.describe());

        Map<String, String> details = realm.events("IDENTITY_PROVIDER_LOGIN_ERROR").get(0).getDetails();
        assertEquals("provider_error:access_denied", details.get("reason"), realm.describeEvents());
        assertEquals(ALIAS, details.get("identity_provider"));
        assertTrue(realm.users().isEmpty(), "no user created");
    }
}
