package io.eidhub.simulator;

import java.util.Map;
import java.util.function.Function;

/**
 * {@code ${NAME}} and {@code ${NAME:default}} placeholders, resolved the way Keycloak resolves them when it imports a
 * realm file with {@code --import-realm}: the value of the variable when it is set, else the text after the first
 * colon, else the placeholder is left as it is (so {@code ${ALIAS}.${CLAIM.sub}} in a username template, or a
 * {@code ${vault.key}} reference, survives). Used for the simulator's {@code --config} file, so that
 * {@code hub/simulator-clients.json} and {@code hub/realm-hub.json} share one syntax and one set of variables.
 */
public final class Placeholders {

    private Placeholders() {
    }

    /** Resolves the placeholders of {@code text} from the process environment. */
    public static String fromEnvironment(String text) {
        return resolve(text, System::getenv);
    }

    /** Resolves the placeholders of {@code text} from a map (missing keys behave like unset variables). */
    public static String resolve(String text, Map<String, String> values) {
        return resolve(text, values::get);
    }

    /** Resolves the placeholders of {@code text}; {@code lookup} answers null for an unset variable. */
    public static String resolve(String text, Function<String, String> lookup) {
        if (text == null || !text.contains("${")) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                out.append(text, i, text.length());
                break;
            }
            int end = text.indexOf('}', start + 2);
            if (end < 0) {
                out.append(text, i, text.length());
                break;
            }
            out.append(text, i, start);
            String key = text.substring(start + 2, end);
            String value = lookup(key, lookup);
            out.append(value != null ? value : text.substring(start, end + 1));
            i = end + 1;
        }
        return out.toString();
    }

    private static String lookup(String key, Function<String, String> lookup) {
        if (key.isEmpty()) {
            return null;
        }
        String value = lookup.apply(key);
        if (value != null) {
            return value;
        }
        int colon = key.indexOf(':');
        if (colon > 0) {
            value = lookup.apply(key.substring(0, colon));
            return value != null ? value : key.substring(colon + 1);
        }
        return null;
    }
}
