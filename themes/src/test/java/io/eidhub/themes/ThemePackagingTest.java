package io.eidhub.themes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.NodeList;

/** What the jar declares and ships: one login theme, its properties, messages and self-contained assets. */
class ThemePackagingTest {

    @Test
    void declaresExactlyOneLoginTheme() {
        String json = ThemeFiles.text("META-INF/keycloak-themes.json").replaceAll("\\s+", "");
        assertEquals("{\"themes\":[{\"name\":\"eidhub\",\"types\":[\"login\"]}]}", json,
                "one theme `eidhub` of type login only (never admin, account, email...)");
        // and no other theme folders or types in the jar
        for (String type : List.of("admin", "account", "email", "welcome", "common")) {
            assertFalse(ThemeFiles.exists("theme/eidhub/" + type + "/theme.properties"), "unexpected theme type " + type);
        }
    }

    @Test
    void extendsKeycloakV2AndLoadsItsStylesFirst() {
        Properties p = ThemeFiles.properties(ThemeFiles.THEME + "theme.properties");
        assertEquals("keycloak.v2", p.getProperty("parent"));
        assertEquals(null, p.getProperty("import"), "keycloak.v2 imports common/keycloak itself");
        List<String> styles = List.of(p.getProperty("styles").trim().split("\\s+"));
        assertEquals(List.of("css/styles.css", "css/eidhub.css"), styles);
        assertTrue(ThemeFiles.exists(ThemeFiles.STOCK + "resources/css/styles.css"), "parent's stylesheet");
        assertTrue(ThemeFiles.exists(ThemeFiles.THEME + "resources/css/eidhub.css"));
        // stylesheet list and locales are not narrowed: everything else is inherited
        assertEquals(null, p.getProperty("locales"));
    }

    @Test
    void marksAreThemePropertiesPointingIntoTheJar() {
        Properties p = ThemeFiles.properties(ThemeFiles.THEME + "theme.properties");
        assertEquals("img/itsme-mark.svg", p.getProperty("eidhubItsmeMark"));
        assertEquals("img/idemia-mark.svg", p.getProperty("eidhubIdemiaMark"));
        assertTrue(ThemeFiles.exists(ThemeFiles.THEME + "resources/" + p.getProperty("eidhubItsmeMark")));
        assertTrue(ThemeFiles.exists(ThemeFiles.THEME + "resources/" + p.getProperty("eidhubIdemiaMark")));
        // keyed on the provider type, never on an alias: no kcLogoIdP-<alias> icon classes in the theme itself
        assertTrue(p.stringPropertyNames().stream().noneMatch(k -> k.startsWith("kcLogoIdP-")), p.toString());
    }

    @Test
    void buttonLabelsInFourLanguages() {
        Map<String, List<String>> expected = Map.of(
                "en", List.of("Log in with itsme", "Log in with IDEMIA Mobile ID"),
                "fr", List.of("Se connecter avec itsme", "Se connecter avec IDEMIA Mobile ID"),
                "nl", List.of("Aanmelden met itsme", "Aanmelden met IDEMIA Mobile ID"),
                "de", List.of("Mit itsme anmelden", "Mit IDEMIA Mobile ID anmelden"));
        Set<String> englishKeys = new TreeSet<>(ThemeFiles.messages("en").stringPropertyNames());
        for (String lang : ThemeFiles.LANGUAGES) {
            Properties m = ThemeFiles.messages(lang);
            assertEquals(expected.get(lang).get(0), m.getProperty("eidhubLoginWithItsme"), lang);
            assertEquals(expected.get(lang).get(1), m.getProperty("eidhubLoginWithIdemia"), lang);
            assertEquals(englishKeys, new TreeSet<>(m.stringPropertyNames()), "same keys in every language: " + lang);
            for (String key : m.stringPropertyNames()) {
                String v = m.getProperty(key);
                assertFalse(v.isBlank(), lang + " " + key);
                // MessageFormat: a lone apostrophe would swallow the rest of the message
                assertFalse(v.replace("''", "").contains("'"), "single apostrophe in " + lang + " " + key);
            }
        }
    }

    @Test
    void doesNotShadowTheProvidersErrorMessagesUnlessInEveryLanguage() {
        // the providers ship these keys (eid-broker-common theme-resources); theme messages win over them in Keycloak
        List<String> errorKeys = List.of("eidhubProviderUnavailable", "eidhubLoginCancelled", "eidhubProviderError",
                "eidhubAcrNotMet", "eidhubInvalidResponse");
        for (String key : errorKeys) {
            long definedIn = java.util.Arrays.stream(ThemeFiles.LANGUAGES)
                    .filter(l -> ThemeFiles.messages(l).getProperty(key) != null).count();
            assertTrue(definedIn == 0 || definedIn == ThemeFiles.LANGUAGES.length,
                    key + " refined in some languages only");
        }
    }

    @Test
    void svgMarksAreSelfContainedAndTextFree() throws Exception {
        for (String name : List.of("itsme-mark.svg", "idemia-mark.svg")) {
            String svg = ThemeFiles.text(ThemeFiles.THEME + "resources/img/" + name);
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document doc = f.newDocumentBuilder().parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
            Element root = doc.getDocumentElement();
            assertEquals("svg", root.getLocalName(), name);
            assertEquals("http://www.w3.org/2000/svg", root.getNamespaceURI(), name);
            assertTrue(root.hasAttribute("viewBox"), name);
            for (String forbidden : List.of("text", "image", "script", "foreignObject", "use", "style")) {
                assertEquals(0, doc.getElementsByTagNameNS("*", forbidden).getLength(), name + " contains <" + forbidden + ">");
            }
            NodeList all = doc.getElementsByTagNameNS("*", "*");
            for (int i = 0; i < all.getLength(); i++) {
                NamedNodeMap attrs = all.item(i).getAttributes();
                for (int j = 0; j < attrs.getLength(); j++) {
                    String attr = attrs.item(j).getNodeName();
                    String value = attrs.item(j).getNodeValue();
                    assertFalse(attr.endsWith("href"), name + ": " + attr);
                    assertFalse(!attr.startsWith("xmlns") && value.contains("://"), name + ": external reference " + value);
                }
            }
        }
    }

    @Test
    void nothingIsHotLinked() {
        String css = ThemeFiles.text(ThemeFiles.THEME + "resources/css/eidhub.css");
        assertFalse(css.contains("@import"), "no @import");
        Matcher url = Pattern.compile("url\\(([^)]*)\\)").matcher(css);
        while (url.find()) {
            assertFalse(url.group(1).contains("//"), "external url() in eidhub.css: " + url.group());
        }
        String ftl = ThemeFiles.text(ThemeFiles.THEME + "social-providers.ftl");
        Matcher abs = Pattern.compile("(src|href)=\"(https?:)?//").matcher(ftl);
        assertFalse(abs.find(), "absolute src/href in social-providers.ftl");
    }
}
