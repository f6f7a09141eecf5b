package io.eidhub.it.theme;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium from the operating system (Debian's {@code chromium} + {@code chromium-driver}), driven through
 * Selenium with EXPLICIT paths: Selenium Manager is never asked to find or download a driver or a browser.
 *
 * <p>System properties: {@code webdriver.chrome.driver} (default {@value #DEFAULT_DRIVER}),
 * {@code eidhub.chromium} (default {@value #DEFAULT_BROWSER}).
 */
final class Chromium implements AutoCloseable {

    static final String DEFAULT_DRIVER = "/usr/bin/chromedriver";
    static final String DEFAULT_BROWSER = "/usr/bin/chromium";

    /** Upper bound for a navigation to settle (a bound, not a measurement). */
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Path profile;
    private final ChromeDriverService service;
    private final ChromeDriver driver;

    private Chromium(Path profile, ChromeDriverService service, ChromeDriver driver) {
        this.profile = profile;
        this.service = service;
        this.driver = driver;
    }

    static Path driverPath() {
        return Paths.get(System.getProperty("webdriver.chrome.driver", DEFAULT_DRIVER));
    }

    static Path browserPath() {
        return Paths.get(System.getProperty("eidhub.chromium", DEFAULT_BROWSER));
    }

    /** Why the browser cannot run here, or null when both executables are installed. */
    static String missing() {
        StringBuilder why = new StringBuilder();
        if (!Files.isExecutable(browserPath())) {
            why.append("no Chromium at ").append(browserPath()).append(" (system property eidhub.chromium)");
        }
        if (!Files.isExecutable(driverPath())) {
            if (why.length() > 0) {
                why.append("; ");
            }
            why.append("no ChromeDriver at ").append(driverPath()).append(" (system property webdriver.chrome.driver)");
        }
        if (why.length() == 0) {
            return null;
        }
        return why + ". Install them with `apt-get install chromium chromium-driver` to run the browser tests.";
    }

    /** Starts one headless Chromium with a fresh profile; {@code logFile} receives chromedriver's log. */
    static Chromium start(Path logFile, int width, int height) {
        Path profile;
        try {
            profile = Files.createTempDirectory("eidhub-chromium-");
            Files.createDirectories(logFile.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // the explicit executable makes Selenium skip Selenium Manager ("path specified in Service class")
        System.setProperty("webdriver.chrome.driver", driverPath().toString());
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(driverPath().toFile())
                .usingAnyFreePort()
                .withLogFile(logFile.toFile())
                .build();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(browserPath().toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-dev-shm-usage",
                "--disable-extensions",
                "--hide-scrollbars",
                "--force-device-scale-factor=1",
                "--lang=en-US",
                "--window-size=" + width + "," + height,
                "--user-data-dir=" + profile);
        ChromeDriver driver;
        try {
            driver = new ChromeDriver(service, options);
        } catch (RuntimeException e) {
            service.stop();
            deleteQuietly(profile);
            throw e;
        }
        driver.manage().timeouts().pageLoadTimeout(WAIT);
        return new Chromium(profile, service, driver);
    }

    WebDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    String url() {
        return driver.getCurrentUrl();
    }

    void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Emulates the user's colour-scheme preference ("light" or "dark") for the following page loads. */
    void preferColorScheme(String scheme) {
        driver.executeCdpCommand("Emulation.setEmulatedMedia",
                Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
    }

    /** Waits until the current URL starts with {@code prefix} and the document is loaded. */
    void awaitUrl(String prefix) {
        new WebDriverWait(driver, WAIT).withMessage(() -> "expected a page under " + prefix + ", at " + url())
                .until(d -> d.getCurrentUrl().startsWith(prefix)
                        && "complete".equals(js("return document.readyState")));
    }

    Object js(String script, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(script, args);
    }

    /** {@code getComputedStyle(element)[property]}. */
    String style(WebElement element, String property) {
        return String.valueOf(js("return getComputedStyle(arguments[0]).getPropertyValue(arguments[1]);", element, property));
    }

    /** The first non-transparent background colour of the element or its ancestors (the page colour behind it). */
    String backgroundBehind(WebElement element) {
        return String.valueOf(js("""
                let e = arguments[0].parentElement;
                while (e) {
                  const c = getComputedStyle(e).backgroundColor;
                  if (c && c !== 'transparent' && !/rgba\\(.*,\\s*0\\)$/.test(c)) { return c; }
                  e = e.parentElement;
                }
                return 'rgb(255, 255, 255)';
                """, element));
    }

    /** Layout box of an element: x, y, width, height (CSS pixels). */
    @SuppressWarnings("unchecked")
    Map<String, Number> box(WebElement element) {
        return (Map<String, Number>) js("""
                const r = arguments[0].getBoundingClientRect();
                return {x: r.x, y: r.y, width: r.width, height: r.height};
                """, element);
    }

    /** PNG of one element (e.g. the login card), with no focused element (no blinking caret: stable images). */
    byte[] screenshot(WebElement element) {
        js("if (document.activeElement) { document.activeElement.blur(); }");
        return element.getScreenshotAs(OutputType.BYTES);
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            service.stop();
            deleteQuietly(profile);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            List<Path> all = files.sorted(Comparator.reverseOrder()).toList();
            for (Path p : all) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            // a leftover temporary profile is harmless
        }
    }
}
