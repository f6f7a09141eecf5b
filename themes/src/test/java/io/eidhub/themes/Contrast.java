package io.eidhub.themes;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * WCAG 2.x contrast ratio (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio): (L1 + 0.05) / (L2 + 0.05) with the
 * relative luminance L of sRGB colours. Accepts {@code #RRGGBB}, {@code #RGB} and {@code rgb()/rgba()} (opaque).
 */
public final class Contrast {

    private static final Pattern RGB = Pattern.compile("rgba?\\(\\s*(\\d+)[,\\s]+(\\d+)[,\\s]+(\\d+)(?:[,\\s/]+([\\d.]+))?\\s*\\)");

    private Contrast() {
    }

    public static double ratio(String colour1, String colour2) {
        double l1 = luminance(colour1);
        double l2 = luminance(colour2);
        return (Math.max(l1, l2) + 0.05) / (Math.min(l1, l2) + 0.05);
    }

    public static double luminance(String colour) {
        int[] c = parse(colour);
        return 0.2126 * channel(c[0]) + 0.7152 * channel(c[1]) + 0.0722 * channel(c[2]);
    }

    private static double channel(int v) {
        double s = v / 255.0;
        return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }

    static int[] parse(String colour) {
        String c = colour.trim().toLowerCase(Locale.ROOT);
        if (c.startsWith("#")) {
            String h = c.substring(1);
            if (h.length() == 3) {
                h = "" + h.charAt(0) + h.charAt(0) + h.charAt(1) + h.charAt(1) + h.charAt(2) + h.charAt(2);
            }
            if (h.length() != 6) {
                throw new IllegalArgumentException("Not a colour: " + colour);
            }
            return new int[] {Integer.parseInt(h.substring(0, 2), 16), Integer.parseInt(h.substring(2, 4), 16),
                    Integer.parseInt(h.substring(4, 6), 16)};
        }
        Matcher m = RGB.matcher(c);
        if (m.matches()) {
            if (m.group(4) != null && Double.parseDouble(m.group(4)) < 1.0) {
                throw new IllegalArgumentException("Translucent colour, contrast undefined: " + colour);
            }
            return new int[] {Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3))};
        }
        throw new IllegalArgumentException("Not a colour: " + colour);
    }
}
