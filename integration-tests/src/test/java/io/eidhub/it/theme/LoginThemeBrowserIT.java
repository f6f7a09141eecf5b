package io.eidhub.it.theme;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.eidhub.it.SimulatorControl;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.text.MessageFormat;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

import io.eidhub.it.KeycloakServer;
import io.eidhub.it.SharedSimulator;
import io.eidhub.it.TestRealm;
import io.eidhub.it.WithKeycloak;
import io.eidhub.simulator.ClientRegistration;
import io.eidhub.simulator.Simulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;

/**
 * The {@code eidhub} login theme in a real browser (headless Chromium) on the real Keycloak of the test run:
 * branded, translated, accessible itsme and IDEMIA buttons keyed on the provider type; stock rendering for other
 * providers and without the theme; the itsme button reaches the simulator, and a refusal there comes back as the
 * translated message. Saves {@code docs/screenshots/login-<lang>.png}.
 *
 * <p>One Chromium session for the whole class; skipped (not failed) when Chromium or ChromeDriver is missing.
 */
@ExtendWith(RequiresChromium.class) // skipped, with the reason, when Chromium or ChromeDriver is missing
@WithKeycloak
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LoginThemeBrowserIT {

    static final List<String> LANGUAGES = List.of("en", "fr", "nl", "de");

    /** The labels the issue asks for, per language: itsme, IDEMIA. */
    static final Map<String, List<String>> LABELS = Map.of(
            "en", List.of("Log in with itsme", "Log in with IDEMIA Mobile ID"),
            "fr", List.of("Se connecter avec itsme", "Se connecter avec IDEMIA Mobile ID"),
            "nl", List.of("Aanmelden met itsme", "Aanmelden met IDEMIA Mobile ID"),
            "de", List.of("Mit itsme anmelden", "Mit IDEMIA Mobile ID anmelden"));

    static final String ITSME_PRD = "itsme-prd";
    static final String ITSME_E2E = "itsme-e2e";
    static final String IDEMIA = "mid";
    static final String OTHER = "corp";
    static final String SERVICE_CODE = "EIDHUB_THEME";
    static final String SECRET = "theme-test-client-secret-0123456789abcdef";

    static final int WIDTH = 800;
    static final int HEIGHT = 1000;

    private KeycloakServer server;
    private TestRealm realm;
    private Simulator sim;
    private Chromium chromium;

    @BeforeAll
    void setUp(KeycloakServer server, TestRealm realm) {
        this.server = server;
        this.realm = realm;
        this.sim = SharedSimulator.get();

        RealmRepresentation rep = realm.resource().toRepresentation();
        rep.setDisplayName("eID hub");
        rep.setLoginTheme("eidhub");
        rep.setInternationalizationEnabled(true);
        rep.setSupportedLocales(Set.copyOf(LANGUAGES));
        rep.setDefaultLocale("en");
        realm.resource().update(rep);

        addItsme(ITSME_PRD, "itsme", 1);
        addIdemia(IDEMIA, "IDEMIA Mobile ID", 3);

        chromium = Chromium.start(server.logFile().resolveSibling("chromedriver.log"), WIDTH, HEIGHT);
    }

    @AfterAll
    void tearDown() {
        if (chromium != null) {
            chromium.close();
        }
    }

    // ------------------------------------------------------------------ tests

    @Test
    @Order(1)
    void brandedTranslatedAccessibleButtonsInEveryLanguage() throws IOException {
        for (String lang : LANGUAGES) {
            openLogin(lang);
            assertEquals(lang, chromium.js("return document.documentElement.lang"), "page language");

            WebElement itsme = button(ITSME_PRD);
            WebElement idemia = button(IDEMIA);
            assertBranded(itsme, "itsme", LABELS.get(lang).get(0), lang);
            assertBranded(idemia, "idemia", LABELS.get(lang).get(1), lang);

            // the brand colour, and readable text on it
            assertEquals("rgb(255, 70, 18)", chromium.style(itsme, "background-color"), "itsme orange #FF4612");
            assertSelfContainedPage();

            Path png = screenshotDir().resolve("login-" + lang + ".png");
            // the login card (title, form and buttons) without the page background: small files for the README
            saveIfChanged(png, chromium.screenshot(chromium.driver().findElement(By.cssSelector(".pf-v5-c-login__main"))));
        }
    }

    @Test
    @Order(2)
    void keyedOnTheProviderTypeWhileOtherProvidersKeepTheStockButton() {
        addItsme(ITSME_E2E, "itsme E2E", 2);
        addStockOidc(OTHER, "Corporate SSO", 4);
        try {
            openLogin("en");
            // two itsme brokers, any alias: both branded, the second one names itself
            assertBranded(button(ITSME_PRD), "itsme", "Log in with itsme", "en");
            WebElement e2e = button(ITSME_E2E);
            assertTrue(e2e.getAttribute("class").contains("eidhub-idp-button--itsme"), "itsme E2E branded");
            assertEquals("Log in with itsme (itsme E2E)", e2e.getAccessibleName());
            assertTrue(e2e.getText().contains("itsme E2E"), e2e.getText());

            // a provider of another type: keycloak.v2's own button, untouched
            WebElement other = button(OTHER);
            String cls = other.getAttribute("class");
            assertTrue(cls.contains("pf-v5-c-button") && cls.contains("pf-m-secondary"), cls);
            assertFalse(cls.contains("eidhub"), cls);
            assertEquals("Corporate SSO", other.getAccessibleName());
            assertEquals(1, other.findElements(By.cssSelector("svg")).size(), "stock default icon");
            // more than three providers: keycloak.v2's two-column grid
            assertTrue(chromium.driver().findElement(By.cssSelector("#kc-social-providers ul")).getAttribute("class")
                    .contains("pf-v5-l-grid"));

            // a mouse click on the second itsme button goes to itsme with that broker's client
            button(ITSME_E2E).click();
            chromium.awaitUrl(sim.baseUrl() + "/v2/authorization");
            SimulatorControl.AuthorizationRecord asked = SimulatorControl.of(sim).lastAuthorizationRequest("itsme");
            assertEquals(clientId(ITSME_E2E), asked.queryParam("client_id"), String.valueOf(asked));
            assertFalse(chromium.driver().findElements(By.id("approve-alice")).isEmpty(), "the simulator's phone page");
        } finally {
            realm.identityProvider(ITSME_E2E).remove();
            realm.identityProvider(OTHER).remove();
        }
    }

    @Test
    @Order(3)
    void fullWidthOnANarrowScreen() {
        chromium.resize(360, 780);
        try {
            openLogin("de");
            Number viewport = (Number) chromium.js("return document.documentElement.clientWidth");
            Number scroll = (Number) chromium.js("return document.documentElement.scrollWidth");
            assertTrue(scroll.doubleValue() <= viewport.doubleValue(), "no horizontal scrolling: " + scroll + " > " + viewport);
            for (String alias : List.of(ITSME_PRD, IDEMIA)) {
                WebElement b = button(alias);
                WebElement li = b.findElement(By.xpath("./ancestor::li[1]"));
                double bw = chromium.box(b).get("width").doubleValue();
                double lw = chromium.box(li).get("width").doubleValue();
                assertEquals(lw, bw, 1.0, alias + " fills its row");
                assertTrue(bw >= viewport.doubleValue() * 0.8, alias + " is " + bw + "px wide on a " + viewport + "px screen");
                assertTrue(chromium.box(b).get("height").doubleValue() >= 44, "touch target height");
            }
        } finally {
            chromium.resize(WIDTH, HEIGHT);
        }
    }

    @Test
    @Order(4)
    void darkModeKeepsContrast() {
        chromium.preferColorScheme("dark");
        try {
            openLogin("nl");
            assertEquals(Boolean.TRUE, chromium.js("return document.documentElement.classList.contains('pf-v5-theme-dark')"),
                    "keycloak.v2 switched to its dark mode");
            for (String alias : List.of(ITSME_PRD, IDEMIA)) {
                WebElement b = button(alias);
                String page = chromium.backgroundBehind(b);
                double text = Wcag.contrast(chromium.style(b, "color"), chromium.style(b, "background-color"));
                assertTrue(text >= 4.5, alias + " text contrast in dark mode " + text);
                double edge = Wcag.contrast(chromium.style(b, "border-top-color"), page);
                assertTrue(edge >= 3.0, alias + " edge " + chromium.style(b, "border-top-color") + " on " + page + ": " + edge);
                chromium.js("arguments[0].focus()", b);
                assertEquals("solid", chromium.style(b, "outline-style"), alias + " focus ring in dark mode");
                double ring = Wcag.contrast(chromium.style(b, "outline-color"), page);
                assertTrue(ring >= 3.0, alias + " focus ring " + chromium.style(b, "outline-color") + " on " + page + ": " + ring);
            }
        } finally {
            chromium.preferColorScheme("light");
        }
    }

    @Test
    @Order(5)
    void withoutTheThemeTheStockPageStillShowsBothButtons() {
        RealmRepresentation rep = realm.resource().toRepresentation();
        rep.setLoginTheme("keycloak.v2");
        realm.resource().update(rep);
        try {
            openLogin("en");
            assertTrue(chromium.driver().findElements(By.cssSelector(".eidhub-idp-button")).isEmpty(), "no theme markup");
            // the providers' icon classes on keycloak.v2's span, with the display name
            WebElement itsme = button(ITSME_PRD).findElement(By.cssSelector("span.eidhub-idp-itsme"));
            assertEquals("itsme", itsme.getText());
            WebElement idemia = button(IDEMIA).findElement(By.cssSelector("span.eidhub-idp-idemia"));
            assertEquals("IDEMIA Mobile ID", idemia.getText());
        } finally {
            rep.setLoginTheme("eidhub");
            realm.resource().update(rep);
        }
    }

    @Test
    @Order(6)
    void keyboardToItsmeThenARefusalComesBackTranslated() {
        openLogin("fr");
        WebElement itsme = button(ITSME_PRD);

        // reach the button with the keyboard only
        Actions keys = new Actions(chromium.driver());
        String focused = "";
        for (int i = 0; i < 40 && !("social-" + ITSME_PRD).equals(focused); i++) {
            keys.sendKeys(Keys.TAB).perform();
            focused = String.valueOf(chromium.js("return document.activeElement && document.activeElement.id"));
        }
        assertEquals("social-" + ITSME_PRD, focused, "the itsme button is reachable with Tab");
        assertEquals(Boolean.TRUE, chromium.js("return document.activeElement.matches(':focus-visible')"));
        assertEquals("solid", chromium.style(itsme, "outline-style"), "visible focus ring");
        double ring = Double.parseDouble(chromium.style(itsme, "outline-width").replace("px", ""));
        assertTrue(ring >= 2.0, "focus ring width " + ring);
        double ringContrast = Wcag.contrast(chromium.style(itsme, "outline-color"), chromium.backgroundBehind(itsme));
        assertTrue(ringContrast >= 3.0, "focus ring contrast " + ringContrast);
        assertEquals("Se connecter avec itsme", chromium.driver().switchTo().activeElement().getAccessibleName());

        // Enter follows the link: Keycloak redirects to the itsme simulator's phone page
        keys.sendKeys(Keys.ENTER).perform();
        chromium.awaitUrl(sim.baseUrl() + "/v2/authorization");
        SimulatorControl.AuthorizationRecord request = SimulatorControl.of(sim).lastAuthorizationRequest("itsme");
        assertNotNull(request);
        assertEquals(clientId(ITSME_PRD), request.queryParam("client_id"), "the itsme-prd broker's client: " + request);

        // refusing on the phone: back at Keycloak with the provider's message in French
        chromium.driver().findElement(By.id("refuse-alice")).click();
        chromium.awaitUrl(server.baseUrl());
        String expected = providerMessage("fr", "eidhubLoginCancelled");
        String text = chromium.driver().findElement(By.tagName("body")).getText();
        assertTrue(text.contains(expected), "expected «" + expected + "» on\n" + text);
        assertEquals("fr", chromium.js("return document.documentElement.lang"));
    }

    // ------------------------------------------------------------------ checks

    private void assertBranded(WebElement button, String kind, String label, String lang) {
        String where = kind + " button (" + lang + ")";
        assertEquals("a", button.getTagName(), where + ": a real link");
        assertTrue(button.getAttribute("href").startsWith(realm.issuer() + "/broker/"), where + ": " + button.getAttribute("href"));
        assertTrue(button.getAttribute("class").contains("eidhub-idp-button--" + kind), where + ": " + button.getAttribute("class"));
        assertTrue(button.isDisplayed(), where);
        assertEquals(label, button.getAccessibleName(), where + ": accessible name");
        assertEquals(label, button.findElement(By.cssSelector(".eidhub-idp-button__label")).getText(), where + ": label");

        // text contrast on the button, as rendered
        String fg = chromium.style(button, "color");
        String bg = chromium.style(button, "background-color");
        double ratio = Wcag.contrast(fg, bg);
        assertTrue(ratio >= 4.5, String.format("%s: text %s on %s = %.2f:1", where, fg, bg, ratio));

        // the mark is decorative, comes from the theme (same origin) and is loaded
        WebElement mark = button.findElement(By.cssSelector("img.eidhub-idp-button__mark"));
        assertEquals("", mark.getAttribute("alt"));
        assertEquals(Boolean.TRUE, chromium.js("return arguments[0].complete && arguments[0].naturalWidth > 0", mark),
                where + ": mark not loaded " + mark.getAttribute("src"));
        assertTrue(mark.getAttribute("src").startsWith(server.baseUrl() + "/resources/"), mark.getAttribute("src"));
    }

    /** No image, stylesheet or script of the page comes from another origin (nothing hot-linked). */
    private void assertSelfContainedPage() {
        Object foreign = chromium.js("""
                const urls = [...document.querySelectorAll('img[src], link[href], script[src]')]
                    .map(e => e.src || e.href)
                    .filter(u => u && !u.startsWith('data:') && new URL(u, location.href).origin !== location.origin);
                return urls.join(' ');
                """);
        assertEquals("", foreign, "resources from other origins");
    }

    // ------------------------------------------------------------------ fixtures

    private void openLogin(String lang) {
        chromium.open(realm.authRequest().uiLocales(lang).uri().toString());
        chromium.awaitUrl(realm.issuer());
        assertFalse(chromium.driver().findElements(By.id("kc-social-providers")).isEmpty(),
                "no identity providers on the login page at " + chromium.url());
    }

    private WebElement button(String alias) {
        return chromium.driver().findElement(By.id("social-" + alias));
    }

    private String clientId(String alias) {
        return "theme-" + alias + "-" + realm.name();
    }

    private void addItsme(String alias, String displayName, int guiOrder) {
        sim.registerClient(ClientRegistration.builder(ClientRegistration.ITSME, clientId(alias))
                .authMethod(ClientRegistration.CLIENT_SECRET_POST)
                .clientSecret(SECRET)
                .redirectUri(realm.brokerEndpoint(alias))
                .serviceCode(SERVICE_CODE)
                .build());
        Map<String, String> config = new LinkedHashMap<>();
        config.put("metadataUrl", sim.discoveryUrl(Simulator.ITSME_V2));
        config.put("clientId", clientId(alias));
        config.put("serviceCode", SERVICE_CODE);
        config.put("clientAuthMethod", "client_secret_post");
        config.put("clientSecret", SECRET);
        config.put("guiOrder", String.valueOf(guiOrder));
        realm.addIdentityProvider(idp(alias, "itsme", displayName, config));
    }

    private void addIdemia(String alias, String displayName, int guiOrder) {
        sim.registerClient(ClientRegistration.builder(ClientRegistration.IDEMIA, clientId(alias))
                .clientSecret(SECRET)
                .redirectUri(realm.brokerEndpoint(alias))
                .build());
        Map<String, String> config = new LinkedHashMap<>();
        config.put("metadataUrl", sim.discoveryUrl(Simulator.IDEMIA));
        config.put("clientId", clientId(alias));
        config.put("clientSecret", SECRET);
        config.put("guiOrder", String.valueOf(guiOrder));
        realm.addIdentityProvider(idp(alias, "idemia", displayName, config));
    }

    /** Keycloak's own OpenID Connect broker (never contacted: only its button matters). */
    private void addStockOidc(String alias, String displayName, int guiOrder) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("authorizationUrl", "http://127.0.0.1:9/authorize");
        config.put("tokenUrl", "http://127.0.0.1:9/token");
        config.put("clientId", "corp");
        config.put("clientSecret", SECRET);
        config.put("clientAuthMethod", "client_secret_post");
        config.put("guiOrder", String.valueOf(guiOrder));
        realm.addIdentityProvider(idp(alias, "oidc", displayName, config));
    }

    private static IdentityProviderRepresentation idp(String alias, String providerId, String displayName,
                                                      Map<String, String> config) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId(providerId);
        idp.setDisplayName(displayName);
        idp.setEnabled(true);
        idp.setConfig(config);
        return idp;
    }

    /** A message of the provider jars (theme-resources of every jar on the classpath), formatted as Keycloak does. */
    static String providerMessage(String lang, String key) {
        String resource = "theme-resources/messages/messages_" + lang + ".properties";
        try {
            Enumeration<URL> urls = LoginThemeBrowserIT.class.getClassLoader().getResources(resource);
            while (urls.hasMoreElements()) {
                Properties p = new Properties();
                try (InputStream in = urls.nextElement().openStream()) {
                    p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
                }
                if (p.getProperty(key) != null) {
                    return new MessageFormat(p.getProperty(key), Locale.forLanguageTag(lang)).format(new Object[0]);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("No " + key + " in any " + resource + " on the classpath");
    }

    /**
     * {@code docs/screenshots} of the project (system property {@code eidhub.screenshots}, else found from the
     * module directory), or {@code target/screenshots} outside a checkout.
     */
    static Path screenshotDir() throws IOException {
        String configured = System.getProperty("eidhub.screenshots");
        Path dir;
        if (configured != null && !configured.isBlank()) {
            dir = Paths.get(configured);
        } else {
            Path module = Paths.get(System.getProperty("basedir", "")).toAbsolutePath();
            Path docs = module.getParent() == null ? null : module.getParent().resolve("docs");
            dir = docs != null && Files.isDirectory(docs) ? docs.resolve("screenshots") : module.resolve("target/screenshots");
        }
        Files.createDirectories(dir);
        return dir;
    }

    /** Writes the PNG unless the file already holds the same bytes (keeps the working tree clean on re-runs). */
    static void saveIfChanged(Path file, byte[] png) throws IOException {
        if (Files.isRegularFile(file) && Arrays.equals(Files.readAllBytes(file), png)) {
            return;
        }
        Files.write(file, png);
        System.out.println("[eidhub-it] screenshot " + file + " (" + png.length + " bytes)");
    }
}
