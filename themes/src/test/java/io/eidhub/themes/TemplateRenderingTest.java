package io.eidhub.themes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import freemarker.cache.ClassTemplateLoader;
import freemarker.cache.MultiTemplateLoader;
import freemarker.cache.StringTemplateLoader;
import freemarker.cache.TemplateLoader;
import freemarker.core.HTMLOutputFormat;
import freemarker.template.Configuration;
import freemarker.template.Template;
import freemarker.template.TemplateMethodModelEx;
import freemarker.core.TemplateClassResolver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Renders the theme's social-providers.ftl with FreeMarker configured as Keycloak 26.7 does (2.3.32, HTML output
 * format, auto-escaping), the theme properties of keycloak.v2 + eidhub and the merged messages, for provider lists a
 * realm can have. Fast feedback without a server; the browser test checks the same on a real Keycloak.
 */
class TemplateRenderingTest {

    private static final String RESOURCES = "/resources/abcde/login/eidhub";

    @Test
    void itsmeAndIdemiaGetBrandedButtonsOthersKeepTheStockMarkup() {
        String html = render("en", Map.of(), List.of(
                idp("itsme-prd", "itsme", "itsme", "eidhub-idp-itsme"),
                idp("mid", "IDEMIA", "idemia", "eidhub-idp-idemia"),
                idp("corp", "Corporate SSO", "oidc", ""),
                idp("gh", "GitHub", "github", "")));

        String itsme = link(html, "itsme-prd");
        assertTrue(itsme.contains("class=\"eidhub-idp-button eidhub-idp-button--itsme\""), itsme);
        assertTrue(itsme.contains("aria-label=\"Log in with itsme\""), itsme);
        assertTrue(itsme.contains(">Log in with itsme</span>"), itsme);
        assertTrue(itsme.contains("src=\"" + RESOURCES + "/img/itsme-mark.svg\" alt=\"\""), itsme);
        assertTrue(itsme.contains("href=\"https://kc.test/realms/r/broker/itsme-prd/login\""), itsme);
        assertTrue(itsme.contains("data-once-link"), "keeps keycloak.v2's double-click protection");
        assertFalse(itsme.contains("eidhub-idp-button__variant"), "one itsme broker: no second line");

        String mid = link(html, "mid");
        assertTrue(mid.contains("eidhub-idp-button--idemia"), mid);
        assertTrue(mid.contains("aria-label=\"Log in with IDEMIA Mobile ID\""), mid);
        assertTrue(mid.contains("src=\"" + RESOURCES + "/img/idemia-mark.svg\""), mid);

        String corp = link(html, "corp");
        assertTrue(corp.contains("class=\"pf-v5-c-button pf-m-secondary pf-m-block"), corp);
        assertTrue(corp.contains("aria-label=\"Corporate SSO\""), corp);
        assertTrue(corp.contains("<svg viewBox=\"0 0 512 512\" aria-hidden=\"true\">"), "stock default icon: " + corp);
        assertFalse(corp.contains("eidhub"), corp);

        String gh = link(html, "gh");
        assertTrue(gh.contains("<svg aria-hidden=\"true\" viewBox=\"0 0 496 512\">"), "stock GitHub icon: " + gh);
        assertTrue(html.contains("pf-v5-l-grid"), "more than 3 providers: stock grid layout");
    }

    @Test
    void keyedOnTheProviderTypeNotTheAlias() {
        String html = render("en", Map.of(), List.of(
                idp("itsme-e2e", "itsme E2E", "itsme", ""),
                idp("some-alias", "itsme", "itsme", ""),
                idp("legacy", "Mobile ID", "oidc", "eidhub-idp-idemia")));
        String e2e = link(html, "itsme-e2e");
        assertTrue(e2e.contains("eidhub-idp-button--itsme"), e2e);
        // two itsme brokers: the one whose display name adds something gets a second line
        assertTrue(e2e.contains("aria-label=\"Log in with itsme (itsme E2E)\""), e2e);
        assertTrue(e2e.contains("<span class=\"eidhub-idp-button__variant\">itsme E2E</span>"), e2e);
        String prd = link(html, "some-alias");
        assertTrue(prd.contains("aria-label=\"Log in with itsme\""), prd);
        assertFalse(prd.contains("eidhub-idp-button__variant"), prd);
        // a broker of another type marked with the IDEMIA icon class (e.g. a plain OIDC broker) is branded too
        assertTrue(link(html, "legacy").contains("eidhub-idp-button--idemia"));
        assertFalse(html.contains("pf-v5-l-grid"), "3 providers: stock list layout");
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "fr", "nl", "de"})
    void labelsFollowTheUserLanguage(String lang) {
        String html = render(lang, Map.of(), List.of(idp("itsme", "itsme", "itsme", ""), idp("idemia", "IDEMIA", "idemia", "")));
        Properties m = ThemeFiles.messages(lang);
        assertTrue(link(html, "itsme").contains("aria-label=\"" + m.getProperty("eidhubLoginWithItsme") + "\""), html);
        assertTrue(link(html, "idemia").contains(">" + m.getProperty("eidhubLoginWithIdemia") + "</span>"), html);
    }

    @Test
    void markIsAThemePropertyRelativeOrAbsolute() {
        String rel = render("en", Map.of("eidhubItsmeMark", "img/acme/itsme.svg"), List.of(idp("i", "itsme", "itsme", "")));
        assertTrue(link(rel, "i").contains("src=\"" + RESOURCES + "/img/acme/itsme.svg\""), rel);
        String abs = render("en", Map.of("eidhubItsmeMark", "/static/itsme.svg"), List.of(idp("i", "itsme", "itsme", "")));
        assertTrue(link(abs, "i").contains("src=\"/static/itsme.svg\""), abs);
        String blank = render("en", Map.of("eidhubItsmeMark", " "), List.of(idp("i", "itsme", "itsme", "")));
        assertTrue(link(blank, "i").contains("src=\"" + RESOURCES + "/img/itsme-mark.svg\""), blank);
    }

    @Test
    void displayNamesAreEscaped() {
        String html = render("en", Map.of(), List.of(idp("a", "<b>x</b>", "itsme", ""), idp("b", "itsme", "itsme", "")));
        assertFalse(html.contains("<b>x</b>"), html);
        assertTrue(html.contains("&lt;b&gt;x&lt;/b&gt;"), html);
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, Object> idp(String alias, String displayName, String providerId, String iconClasses) {
        Map<String, Object> p = new HashMap<>();
        p.put("alias", alias);
        p.put("displayName", displayName);
        p.put("providerId", providerId);
        p.put("loginUrl", "https://kc.test/realms/r/broker/" + alias + "/login");
        p.put("iconClasses", iconClasses);
        p.put("guiOrder", null);
        p.put("themeConfig", Map.of());
        return p;
    }

    /** The {@code <a id="social-alias" ...>...</a>} element of a provider. */
    private static String link(String html, String alias) {
        Matcher m = Pattern.compile("<a [^>]*id=\"social-" + Pattern.quote(alias) + "\".*?</a>", Pattern.DOTALL).matcher(html);
        assertTrue(m.find(), "no button for " + alias + " in\n" + html);
        return m.group().replaceAll("\\s+", " ");
    }

    static String render(String lang, Map<String, String> extraProperties, List<Map<String, Object>> providers) {
        try {
            Configuration cfg = new Configuration(Configuration.VERSION_2_3_32);
            cfg.setOutputFormat(HTMLOutputFormat.INSTANCE);
            cfg.setNewBuiltinClassResolver(TemplateClassResolver.ALLOWS_NOTHING_RESOLVER);
            StringTemplateLoader page = new StringTemplateLoader();
            page.putTemplate("page.ftl", "<#import \"social-providers.ftl\" as identityProviders>"
                    + "<@identityProviders.show social=social/>");
            cfg.setTemplateLoader(new MultiTemplateLoader(new TemplateLoader[] {page,
                    new ClassTemplateLoader(TemplateRenderingTest.class.getClassLoader(), "theme/eidhub/login")}));

            Properties properties = new Properties();
            properties.putAll(ThemeFiles.properties(ThemeFiles.STOCK + "theme.properties"));
            properties.putAll(ThemeFiles.properties(ThemeFiles.THEME + "theme.properties"));
            properties.putAll(extraProperties);

            Properties messages = new Properties();
            messages.putAll(ThemeFiles.properties("theme/base/login/messages/messages_en.properties"));
            if (!"en".equals(lang)) {
                messages.putAll(ThemeFiles.properties("theme/base/login/messages/messages_" + lang + ".properties"));
            }
            messages.putAll(ThemeFiles.messages(lang));
            Locale locale = Locale.forLanguageTag(lang);
            TemplateMethodModelEx msg = args -> {
                String key = args.get(0).toString();
                return new MessageFormat(messages.getProperty(key, key), locale).format(new Object[0]);
            };

            Map<String, Object> data = new HashMap<>();
            data.put("social", Map.of("providers", new ArrayList<>(providers)));
            data.put("properties", properties);
            data.put("url", new LinkedHashMap<>(Map.of("resourcesPath", RESOURCES)));
            data.put("msg", msg);
            Template t = cfg.getTemplate("page.ftl");
            StringWriter out = new StringWriter();
            t.process(data, out);
            String html = out.toString();
            assertNotNull(html);
            assertEquals(providers.size(), html.split("id=\"social-", -1).length - 1, "one button per provider");
            return html;
        } catch (Exception e) {
            throw new AssertionError("rendering failed: " + e, e);
        }
    }
}
