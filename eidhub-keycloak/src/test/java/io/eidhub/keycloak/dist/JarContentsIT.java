package io.eidhub.keycloak.dist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.stream.Collectors;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The jar an admin installs (target/eidhub-keycloak-&lt;version&gt;.jar, after {@code package}), compared with the module
 * jars it is made of (system property {@code eidhub.module.jars}, filled by the build from the module's dependencies).
 */
class JarContentsIT {

    /** A budget, not a target: the jar was 125 KB when it was introduced; a jump past this means something leaked in. */
    private static final long MAX_SIZE_BYTES = 400 * 1024;

    private static final String SERVICES = "META-INF/services/";
    private static final String MESSAGES = "theme-resources/messages/";

    private static Path jar;
    private static Map<String, byte[]> entries;
    private static Map<String, Map<String, byte[]>> modules;

    @BeforeAll
    static void readJars() {
        jar = Path.of(System.getProperty("eidhub.jar"));
        entries = read(jar);
        modules = new LinkedHashMap<>();
        for (String path : System.getProperty("eidhub.module.jars").split(File.pathSeparator)) {
            modules.put(Path.of(path).getFileName().toString(), read(Path.of(path)));
        }
        assertTrue(modules.keySet().stream().anyMatch(m -> m.startsWith("itsme-idp-provider")), modules.keySet().toString());
        assertTrue(modules.keySet().stream().anyMatch(m -> m.startsWith("eidhub-themes")), modules.keySet().toString());
    }

    @Test
    void registersBothBrokersTheirMappersTheTokenMappersAndTheAuthenticators() {
        assertTrue(lines("org.keycloak.broker.social.SocialIdentityProviderFactory").containsAll(List.of(
                "io.eidhub.keycloak.itsme.ItsmeIdentityProviderFactory", "io.eidhub.keycloak.idemia.IdemiaIdentityProviderFactory")));
        assertTrue(lines("org.keycloak.broker.provider.IdentityProviderMapper").containsAll(List.of(
                "io.eidhub.keycloak.itsme.ItsmeClaimMapper", "io.eidhub.keycloak.idemia.IdemiaClaimMapper")));
        assertEquals(List.of("io.eidhub.keycloak.broker.claims.VerifiedClaimsMapper", "io.eidhub.keycloak.broker.claims.AgeOver18Mapper"),
                lines("org.keycloak.protocol.ProtocolMapper"));
        assertEquals(List.of("io.eidhub.keycloak.authenticator.StepUpRedirectorFactory",
                        "io.eidhub.keycloak.authenticator.EidOnlySignInFactory"),
                lines("org.keycloak.authentication.AuthenticatorFactory"));
        assertTrue(entries.containsKey("theme-resources/templates/eidhub-eid-sign-in.ftl"), "the eID-only sign-in page's template");
        assertTrue(entries.containsKey("META-INF/beans.xml"), "the broker endpoint's JAX-RS methods need beans.xml");
    }

    @Test
    void everyServiceEntryOfEveryModuleOnceAndLoadable() {
        for (String file : entries.keySet().stream().filter(e -> e.startsWith(SERVICES) && !e.endsWith("/")).toList()) {
            String service = file.substring(SERVICES.length());
            List<String> merged = lines(service);
            assertEquals(new HashSet<>(merged).size(), merged.size(), "duplicate entries in " + file + ": " + merged);
            for (String provider : merged) {
                assertTrue(entries.containsKey(provider.replace('.', '/') + ".class"), provider + " is not in the jar");
            }
        }
        for (Map.Entry<String, Map<String, byte[]>> module : modules.entrySet()) {
            module.getValue().forEach((name, bytes) -> {
                if (name.startsWith(SERVICES) && !name.endsWith("/")) {
                    List<String> own = providerLines(new String(bytes, StandardCharsets.UTF_8));
                    assertTrue(lines(name.substring(SERVICES.length())).containsAll(own), module.getKey() + ": " + own);
                }
            });
        }
    }

    @Test
    void registersTheLoginTheme() {
        String themes = text("META-INF/keycloak-themes.json").replaceAll("\\s+", "");
        assertEquals("{\"themes\":[{\"name\":\"eidhub\",\"types\":[\"login\"]}]}", themes);
        assertTrue(entries.containsKey("theme/eidhub/login/theme.properties"));
        assertTrue(entries.containsKey("theme/eidhub/login/social-providers.ftl"));
    }

    @Test
    void everyModuleMessageKeptWithItsTextAndNoKeyTwice() throws IOException {
        for (Map.Entry<String, Map<String, byte[]>> module : modules.entrySet()) {
            for (Map.Entry<String, byte[]> file : module.getValue().entrySet()) {
                if (!file.getKey().startsWith(MESSAGES) || file.getKey().endsWith("/")) {
                    continue;
                }
                assertTrue(entries.containsKey(file.getKey()),
                        module.getKey() + " ships " + file.getKey() + ": add it to the AppendingTransformer list of eidhub-keycloak/pom.xml");
                Properties own = properties(new String(file.getValue(), StandardCharsets.UTF_8));
                Properties merged = properties(text(file.getKey()));
                for (String key : own.stringPropertyNames()) {
                    assertEquals(own.getProperty(key), merged.getProperty(key), module.getKey() + " " + file.getKey() + " " + key);
                }
            }
        }
        assertNoKeyTwice(entries);
    }

    private static void assertNoKeyTwice(Map<String, byte[]> jarEntries) {
        for (String file : jarEntries.keySet().stream().filter(e -> e.startsWith(MESSAGES) && e.endsWith(".properties")).toList()) {
            List<String> keys = new String(jarEntries.get(file), StandardCharsets.UTF_8).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#") && !l.startsWith("!") && l.contains("="))
                    .map(l -> l.substring(0, l.indexOf('=')).strip()).toList();
            Set<String> twice = keys.stream().filter(k -> Collections.frequency(keys, k) > 1).collect(Collectors.toCollection(TreeSet::new));
            assertTrue(twice.isEmpty(), file + ": keys defined by two modules " + twice);
        }
    }

    @Test
    void onlyThisProjectsProviderClassesNothingFromTheSimulatorOrTests() {
        Set<String> fromModules = new HashSet<>();
        modules.values().forEach(m -> fromModules.addAll(m.keySet()));
        List<String> foreign = new ArrayList<>();
        for (String name : entries.keySet()) {
            if (name.endsWith(".class") && (!name.startsWith("io/eidhub/keycloak/") || !fromModules.contains(name))) {
                foreign.add(name);
            }
            if (name.startsWith("io/eidhub/simulator") || name.startsWith("io/eidhub/it/") || name.startsWith("com/")
                    || name.startsWith("org/") || name.matches(".*(Test|IT)(\\$.*)?\\.class")) {
                foreign.add(name);
            }
        }
        assertEquals(List.of(), foreign);
        assertFalse(modules.keySet().stream().anyMatch(m -> m.contains("simulator")), modules.keySet().toString());
    }

    @Test
    void sourcesJarHoldsTheSourceOfEveryTopLevelClass() {
        Map<String, byte[]> sources = read(sibling("-sources.jar"));
        List<String> missing = entries.keySet().stream()
                .filter(name -> name.endsWith(".class") && !name.contains("$"))
                .map(name -> name.replace(".class", ".java"))
                .filter(name -> !sources.containsKey(name))
                .toList();
        assertEquals(List.of(), missing);
        assertTrue(sources.containsKey("theme/eidhub/login/social-providers.ftl"), "resources too");
        assertNoKeyTwice(sources);
    }

    @Test
    void checksumFilesMatchTheJars() throws Exception {
        for (String suffix : List.of(".jar", "-sources.jar")) {
            Path file = sibling(suffix);
            String expected = Files.readString(Path.of(file + ".sha256"), StandardCharsets.US_ASCII).trim().split("\\s+")[0];
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file));
            assertEquals(java.util.HexFormat.of().formatHex(digest), expected.toLowerCase(java.util.Locale.ROOT), file.toString());
        }
    }

    @Test
    void staysSmall() throws IOException {
        long size = Files.size(jar);
        System.out.printf("%s: %d bytes, %d entries%n", jar.getFileName(), size, entries.size());
        assertTrue(size < MAX_SIZE_BYTES, jar + " is " + size + " bytes; budget " + MAX_SIZE_BYTES);
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, byte[]> read(Path path) {
        Map<String, byte[]> result = new LinkedHashMap<>();
        try (JarFile file = new JarFile(path.toFile())) {
            Set<String> seen = new HashSet<>();
            file.stream().forEach(entry -> {
                assertTrue(seen.add(entry.getName()), path + " has the entry " + entry.getName() + " twice");
                try (InputStream in = file.getInputStream(entry)) {
                    result.put(entry.getName(), in.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(path.toString(), e);
        }
        return result;
    }

    /** The file beside the jar: {@code eidhub-keycloak-<version>} + {@code suffix}. */
    private static Path sibling(String suffix) {
        String name = jar.getFileName().toString();
        return jar.resolveSibling(name.substring(0, name.length() - ".jar".length()) + suffix);
    }

    private static String text(String entry) {
        assertTrue(entries.containsKey(entry), entry + " missing from " + jar);
        return new String(entries.get(entry), StandardCharsets.UTF_8);
    }

    private static List<String> lines(String service) {
        return providerLines(text(SERVICES + service));
    }

    private static List<String> providerLines(String text) {
        return text.lines().map(l -> l.replaceAll("#.*", "").strip()).filter(l -> !l.isEmpty()).toList();
    }

    private static Properties properties(String text) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
