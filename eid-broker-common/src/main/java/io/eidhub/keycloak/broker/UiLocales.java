package io.eidhub.keycloak.broker;

import org.keycloak.models.KeycloakSession;

import java.util.List;
import java.util.Locale;

/** Maps the user's Keycloak locale to one of the languages a provider's pages speak. */
final class UiLocales {

    private UiLocales() {
    }

    /** The locale of {@code session}'s user mapped to one of {@code supported} ({@link #pick}); null when there are none. */
    static String of(KeycloakSession session, List<String> supported) {
        if (supported.isEmpty()) {
            return null;
        }
        return pick(session.getContext().resolveLocale(null), supported);
    }

    /**
     * @param locale    the user's locale (may be null)
     * @param supported the provider's languages, lower-case ISO 639-1, the fallback first
     * @return the user's language when supported, else the fallback
     */
    static String pick(Locale locale, List<String> supported) {
        if (supported.isEmpty()) {
            throw new IllegalArgumentException("no supported language");
        }
        if (locale != null) {
            String language = locale.getLanguage().toLowerCase(Locale.ROOT);
            if (supported.contains(language)) {
                return language;
            }
        }
        return supported.get(0);
    }
}
