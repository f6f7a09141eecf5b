package io.eidhub.themes;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/** Reads the theme's files (and keycloak.v2's, from the keycloak-themes test dependency) from the test classpath. */
final class ThemeFiles {

    static final String THEME = "theme/eidhub/login/";
    static final String STOCK = "theme/keycloak.v2/login/";
    static final String[] LANGUAGES = {"en", "fr", "nl", "de"};

    private ThemeFiles() {
    }

    static String text(String path) {
        try (InputStream in = ThemeFiles.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new AssertionError("Not on the classpath: " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean exists(String path) {
        return ThemeFiles.class.getClassLoader().getResource(path) != null;
    }

    /** A .properties file read the way Keycloak reads theme messages and theme.properties (UTF-8 aware). */
    static Properties properties(String path) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text(path)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }

    static Properties messages(String language) {
        return properties(THEME + "messages/messages_" + language + ".properties");
    }
}
