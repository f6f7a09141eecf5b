package io.eidhub.keycloak.broker;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;

class UiLocalesTest {

    private final List<String> itsme = List.of("en", "fr", "nl", "de");

    @Test
    void usesTheUsersLanguageWhenSupported() {
        assertEquals("nl", UiLocales.pick(Locale.forLanguageTag("nl-BE"), itsme));
        assertEquals("fr", UiLocales.pick(Locale.FRENCH, itsme));
        assertEquals("de", UiLocales.pick(Locale.forLanguageTag("de-AT"), itsme));
    }

    @Test
    void fallsBackToTheFirstLanguage() {
        assertEquals("en", UiLocales.pick(Locale.forLanguageTag("es"), itsme));
        assertEquals("en", UiLocales.pick(null, itsme));
    }

    /** Moved from ItsmeAcrAndLocaleTest; {@code itsme} is the literal value of ItsmeAuthorizationParameters.UI_LOCALES. */
    @Test
    void userLocaleMapsToAnItsmeLanguage() {
        assertEquals("nl", UiLocales.pick(Locale.forLanguageTag("nl-BE"), itsme));
        assertEquals("fr", UiLocales.pick(Locale.forLanguageTag("fr-BE"), itsme));
        assertEquals("de", UiLocales.pick(Locale.GERMAN, itsme));
        assertEquals("en", UiLocales.pick(Locale.forLanguageTag("es"), itsme));
        assertEquals("en", UiLocales.pick(null, itsme));
    }
}
