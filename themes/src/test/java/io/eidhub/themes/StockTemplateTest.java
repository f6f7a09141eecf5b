package io.eidhub.themes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

/**
 * The theme's social-providers.ftl is keycloak.v2's (from the keycloak-themes jar of the Keycloak version the project
 * targets) plus added lines only: every stock line is still there, in order, so every other provider keeps the stock
 * rendering. When Keycloak changes its template, this test fails and the theme's copy must be refreshed.
 */
class StockTemplateTest {

    /** Lines the theme may add inside the stock macro that do not themselves mention eidhub. */
    private static final Set<String> ALLOWED_PLAIN_ADDITIONS = Set.of("<#list social.providers as p>", "</#list>",
            "</#if>", "<#else>");

    @Test
    void stockMacroIsKeptLineForLine() {
        List<String> stock = lines(ThemeFiles.text(ThemeFiles.STOCK + "social-providers.ftl"));
        String ours = ThemeFiles.text(ThemeFiles.THEME + "social-providers.ftl");
        List<String> oursMacro = lines(ours.substring(ours.indexOf("<#macro show social>")));

        // longest common subsequence of lines
        int n = stock.size();
        int m = oursMacro.size();
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = stock.get(i).equals(oursMacro.get(j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        List<String> missing = new ArrayList<>();
        List<String> added = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < n && j < m) {
            if (stock.get(i).equals(oursMacro.get(j))) {
                i++;
                j++;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                missing.add(stock.get(i++));
            } else {
                added.add(oursMacro.get(j++));
            }
        }
        while (i < n) {
            missing.add(stock.get(i++));
        }
        while (j < m) {
            added.add(oursMacro.get(j++));
        }

        assertEquals(List.of(), missing, "stock lines changed or removed in the theme's social-providers.ftl");
        long plain = 0;
        for (String a : added) {
            String t = a.trim();
            if (t.contains("eidhub") || (t.startsWith("<#--") && t.endsWith("-->"))) {
                continue;
            }
            assertTrue(ALLOWED_PLAIN_ADDITIONS.contains(t), "unexpected added line: " + a);
            plain++;
        }
        assertTrue(plain <= 5, "too many structural additions: " + added);
    }

    @Test
    void stockTemplateStillRendersIconClassesTheWayTheThemeExpects() {
        // the stock theme (theme not selected) shows the providers' icon class on a span with the display name
        String stock = ThemeFiles.text(ThemeFiles.STOCK + "social-providers.ftl");
        assertTrue(stock.contains("<span class=\"${p.iconClasses!}\">${p.displayName!}</span>"));
        assertTrue(stock.contains("id=\"social-${p.alias}\""));
    }

    private static List<String> lines(String text) {
        List<String> out = new ArrayList<>();
        for (String l : text.split("\r?\n", -1)) {
            out.add(l.stripTrailing());
        }
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }
}
