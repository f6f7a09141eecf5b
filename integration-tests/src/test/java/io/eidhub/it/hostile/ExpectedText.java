package io.eidhub.it.hostile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Enumeration;
import java.util.Properties;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * The texts users are shown, read from the very message files the server runs with: the eID hub's
 * ({@code theme-resources/messages/messages_<locale>.properties} of the provider jars on the test classpath) and
 * Keycloak's own (the login theme in the distribution's {@code keycloak-themes} jar).
 */
final class ExpectedText {

    private ExpectedText() {
    }

    /** An eID hub message ({@code eidhub*} key of eid-broker-common) in a locale, as the page shows it. */
    static String eidhub(String key, String locale) {
        String path = "theme-resources/messages/messages_" + locale + ".properties";
        try {
            Enumeration<URL> files = ExpectedText.class.getClassLoader().getResources(path);
            while (files.hasMoreElements()) {
                Properties p = new Properties();
                try (InputStream in = files.nextElement().openStream()) {
                    p.load(in);
                }
                if (p.getProperty(key) != null) {
                    return formatted(p.getProperty(key));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("no message " + key + " in any " + path + " on the classpath");
    }

    /** A message of Keycloak's login theme (English), from the distribution this module unpacked ({@code kc.home}). */
    static String keycloak(String key) {
        String home = System.getProperty("kc.home");
        if (home == null) {
            throw new AssertionError("kc.home is not set: run through failsafe");
        }
        Path lib = Paths.get(home, "lib", "lib", "main");
        try (Stream<Path> jars = Files.list(lib)) {
            Path themes = jars.filter(p -> p.getFileName().toString().matches("org\\.keycloak\\.keycloak-themes-[0-9].*\\.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no keycloak-themes jar in " + lib));
            try (JarFile jar = new JarFile(themes.toFile())) {
                Properties p = new Properties();
                try (InputStream in = jar.getInputStream(jar.getEntry("theme/base/login/messages/messages_en.properties"))) {
                    p.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
                }
                String text = p.getProperty(key);
                if (text == null) {
                    throw new AssertionError("no message " + key + " in Keycloak's login theme");
                }
                return formatted(text);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As MessageFormat renders a message without arguments: {@code ''} is a quote. */
    private static String formatted(String pattern) {
        return normalized(pattern.replace("''", "'"));
    }

    /** Whitespace (including no-break spaces) collapsed, for comparing with page text. */
    static String normalized(String text) {
        return text.replace('\u00a0', ' ').replace('\u202f', ' ').replaceAll("\\s+", " ").trim();
    }
}
