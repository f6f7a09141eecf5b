package io.eidhub.themes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

/**
 * The colours in eidhub.css meet WCAG 2.1 AA: 4.5:1 for the button text (normal size), 3:1 for the button
 * boundary and the focus ring against the card they sit on (light card #FFFFFF; keycloak.v2's dark card #26292D, as
 * measured in Chromium by the browser test, which also re-checks every pair on the rendered page).
 */
class ContrastTest {

    static final String LIGHT_CARD = "#FFFFFF";
    static final String DARK_CARD = "#26292D";
    static final String ITSME_ORANGE = "#FF4612";

    private final String css = ThemeFiles.text(ThemeFiles.THEME + "resources/css/eidhub.css");

    @Test
    void formulaMatchesKnownValues() {
        assertEquals(21.0, Contrast.ratio("#000", "#fff"), 1e-9);
        assertEquals(1.0, Contrast.ratio("#777777", "rgb(119, 119, 119)"), 1e-9);
        assertEquals(4.54, Contrast.ratio("#767676", "#ffffff"), 0.01); // the classic "lightest AA grey"
    }

    @Test
    void whiteOnItsmeOrangeIsTooLowForNormalText() {
        // why the itsme label is dark: white would be 3.42:1
        assertEquals(3.42, Contrast.ratio("#FFFFFF", ITSME_ORANGE), 0.01);
        assertTrue(Contrast.ratio("#FFFFFF", ITSME_ORANGE) < 4.5);
    }

    @Test
    void itsmeButton() {
        Map<String, String> v = vars(".eidhub-idp-button--itsme");
        assertEquals(ITSME_ORANGE, v.get("--eidhub-bg").toUpperCase(), "brand orange");
        textPair(v.get("--eidhub-fg"), v.get("--eidhub-bg"));
        textPair(v.get("--eidhub-fg"), v.get("--eidhub-bg-hover"));
        boundary(v.get("--eidhub-border"), LIGHT_CARD);
        boundary(dark(".eidhub-idp-button--itsme").get("--eidhub-border"), DARK_CARD);
    }

    @Test
    void idemiaButton() {
        Map<String, String> v = vars(".eidhub-idp-button--idemia");
        textPair(v.get("--eidhub-fg"), v.get("--eidhub-bg"));
        textPair(v.get("--eidhub-fg"), v.get("--eidhub-bg-hover"));
        boundary(v.get("--eidhub-border"), LIGHT_CARD);
        Map<String, String> d = dark(".eidhub-idp-button--idemia");
        textPair(d.get("--eidhub-fg"), d.get("--eidhub-bg"));
        boundary(d.get("--eidhub-border"), DARK_CARD);
    }

    @Test
    void focusRing() {
        String light = vars(".eidhub-idp-button").get("--eidhub-focus-ring");
        String dark = vars(".pf-v5-theme-dark .eidhub-idp-button").get("--eidhub-focus-ring");
        assertTrue(Contrast.ratio(light, LIGHT_CARD) >= 3.0, "focus ring " + light + " on the light card");
        assertTrue(Contrast.ratio(dark, DARK_CARD) >= 3.0, "focus ring " + dark + " on the dark card");
        assertTrue(css.contains("outline: 3px solid var(--eidhub-focus-ring)"), "a 3px focus outline");
    }

    private static void textPair(String fg, String bg) {
        assertNotNull(fg);
        assertNotNull(bg);
        double r = Contrast.ratio(fg, bg);
        assertTrue(r >= 4.5, String.format("text %s on %s: %.2f:1 < 4.5:1", fg, bg, r));
    }

    private static void boundary(String border, String card) {
        assertNotNull(border);
        double r = Contrast.ratio(border, card);
        assertTrue(r >= 3.0, String.format("button edge %s on card %s: %.2f:1 < 3:1", border, card, r));
    }

    /** The variables of a button kind in dark mode: its own rule overridden by the {@code .pf-v5-theme-dark} one. */
    private Map<String, String> dark(String selector) {
        Map<String, String> v = new LinkedHashMap<>(vars(selector));
        v.putAll(optionalVars(".pf-v5-theme-dark " + selector));
        return v;
    }

    private Map<String, String> optionalVars(String selector) {
        return Pattern.compile("(?m)^" + Pattern.quote(selector) + "\\s*\\{").matcher(css).find() ? vars(selector) : Map.of();
    }

    /** The custom properties declared in the rule whose selector is exactly {@code selector}. */
    private Map<String, String> vars(String selector) {
        Matcher rule = Pattern.compile("(?m)^" + Pattern.quote(selector) + "\\s*\\{([^}]*)\\}").matcher(css);
        assertTrue(rule.find(), "no rule " + selector + " in eidhub.css");
        Map<String, String> vars = new LinkedHashMap<>();
        Matcher decl = Pattern.compile("(--[\\w-]+)\\s*:\\s*([^;]+);").matcher(rule.group(1));
        while (decl.find()) {
            vars.put(decl.group(1), decl.group(2).trim());
        }
        return vars;
    }
}
