package io.eidhub.it.theme;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** WCAG 2.x contrast ratio of two CSS colours as {@code getComputedStyle} reports them ({@code rgb(r, g, b)}). */
final class Wcag {

    private static final Pattern RGB = Pattern.compile("rgba?\\(\\s*(\\d+)[,\\s]+(\\d+)[,\\s]+(\\d+)(?:[,\\s/]+([\\d.]+))?\\s*\\)");

    private Wcag() {
    }

    static double contrast(String colour1, String colour2) {
        double l1 = luminance(colour1);
        double l2 = luminance(colour2);
        return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    }

    static double luminance(String colour) {
        Matcher m = RGB.matcher(colour.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("Not an rgb() colour: " + colour);
        }
        if (m.group(4) != null && Double.parseDouble(m.group(4)) < 1.0) {
            throw new IllegalArgumentException("Translucent colour: " + colour);
        }
        return 0.2126 * channel(Integer.parseInt(m.group(1))) + 0.7152 * channel(Integer.parseInt(m.group(2)))
                + 0.0722 * channel(Integer.parseInt(m.group(3)));
    }

    private static double channel(int v) {
        double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }
}
