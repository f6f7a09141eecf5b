package io.eidhub.simulator;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What people copy is safe by default: the trial setups answer this machine only and have no default password, and the
 * demo realm is eID-only for end users (no way to get a password), e-mail never links accounts, the names
 * and e-mail a provider sent are read-only for users, the provider's acr is emitted in its canonical spelling, and the
 * brokers point at no simulator unless told to.
 */
class TrialSetupDefaultsTest {

    private static String read(String file) throws Exception {
        return Files.readString(Path.of("..", file), StandardCharsets.UTF_8);
    }

    private static Map<String, Object> realm() throws Exception {
        return Json.parseObject(read("hub/realm-hub.json"));
    }

    private static List<Map<String, Object>> objects(Object list) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object o : (List<?>) list) {
            out.add(Json.asObject(o));
        }
        return out;
    }

    @Test
    void composePublishesOnLoopbackAndHasNoDefaultPassword() throws Exception {
        String compose = read("docker-compose.yml");
        Matcher ports = Pattern.compile("(?m)^\\s*-\\s*\"([^\"]*:\\d+:\\d+)\"").matcher(compose);
        int published = 0;
        while (ports.find()) {
            published++;
            assertTrue(ports.group(1).startsWith("${HUB_BIND_ADDRESS:-127.0.0.1}:"), "published on loopback: " + ports.group(1));
        }
        assertEquals(3, published, "Keycloak, its management interface, the simulator");
        assertFalse(compose.contains("KC_ADMIN_PASSWORD:-"), "no default admin password");
        assertFalse(compose.contains("POSTGRES_PASSWORD:-"), "no default database password");
        assertTrue(compose.contains("KC_BOOTSTRAP_ADMIN_PASSWORD: ${KC_ADMIN_PASSWORD:?"), "the admin password is required");
    }

    @Test
    void runHubBindsLoopbackWithoutTheAdminAdminPassword() throws Exception {
        String script = read("run-hub.sh");
        assertTrue(script.contains("HUB_BIND_ADDRESS=${HUB_BIND_ADDRESS:-127.0.0.1}"), "loopback unless asked otherwise");
        assertTrue(script.contains("--http-host=\"$HUB_BIND_ADDRESS\""));
        assertTrue(script.contains("--http-management-host=\"$HUB_BIND_ADDRESS\""));
        assertTrue(script.contains("--bind \"$HUB_BIND_ADDRESS\""), "the simulators too");
        assertFalse(script.contains("KC_BOOTSTRAP_ADMIN_PASSWORD=admin"), "no admin/admin");
    }

    @Test
    void theRealmFilePointsAtNoSimulatorByDefault() throws Exception {
        for (Map<String, Object> idp : objects(realm().get("identityProviders"))) {
            String metadataUrl = (String) Json.asObject(idp.get("config")).get("metadataUrl");
            assertTrue(metadataUrl.startsWith("${HUB_SIM_URL}/"), idp.get("alias") + ": " + metadataUrl);
            assertTrue(Placeholders.resolve(metadataUrl, Map.of()).startsWith("${HUB_SIM_URL}"),
                    "unset, the placeholder stays, and Keycloak refuses the URL when the realm is imported");
        }
    }

    /**
     * Keycloak renders the provider buttons only on its username/password page, so the browser flow keeps that form;
     * but no end user can hold a password: no password set-up (required action), no self-service reset, no sign-up.
     */
    @Test
    void endUsersCannotGetAPassword() throws Exception {
        Map<String, Object> realm = realm();
        List<String> authenticators = new ArrayList<>();
        collect(realm, (String) realm.get("browserFlow"), authenticators);
        assertTrue(authenticators.contains("identity-provider-redirector"), authenticators.toString());
        Map<String, Object> updatePassword = objects(realm.get("requiredActions")).stream()
                .filter(a -> "UPDATE_PASSWORD".equals(a.get("alias"))).findFirst().orElseThrow();
        assertEquals(Boolean.FALSE, updatePassword.get("enabled"), "no password set-up in the account console");
        assertEquals(Boolean.FALSE, realm.get("resetPasswordAllowed"), "no self-service password reset");
        assertEquals(Boolean.FALSE, realm.get("registrationAllowed"), "no sign-up with a password");
    }

    /** The authenticators a flow runs, its enabled sub-flows included. */
    private static void collect(Map<String, Object> realm, String alias, List<String> out) {
        Map<String, Object> flow = objects(realm.get("authenticationFlows")).stream()
                .filter(f -> alias.equals(f.get("alias"))).findFirst().orElseThrow(() -> new AssertionError("no flow " + alias));
        for (Map<String, Object> execution : objects(flow.get("authenticationExecutions"))) {
            if ("DISABLED".equals(execution.get("requirement"))) {
                continue;
            }
            if (execution.get("flowAlias") != null) {
                collect(realm, (String) execution.get("flowAlias"), out);
            } else {
                out.add((String) execution.get("authenticator"));
            }
        }
    }

    @Test
    void eMailNeverLinksAndWhatTheProviderSentIsReadOnly() throws Exception {
        Map<String, Object> realm = realm();
        assertEquals(Boolean.TRUE, realm.get("duplicateEmailsAllowed"),
                "existing accounts are found by username (alias.sub) only, never by an e-mail address");
        Map<String, Object> profile = null;
        for (Object group : Json.asObject(realm.get("components")).values()) {
            for (Map<String, Object> component : objects(group)) {
                Object config = Json.asObject(component.get("config")).get("kc.user.profile.config");
                if (config != null) {
                    profile = Json.parseObject(Json.stringList(config).get(0));
                }
            }
        }
        assertTrue(profile != null, "the realm declares its user profile");
        for (Map<String, Object> attribute : objects(profile.get("attributes"))) {
            List<String> edit = Json.stringList(Json.asObject(attribute.get("permissions")).get("edit"));
            assertEquals(List.of("admin"), edit, attribute.get("name") + " is read-only for users");
        }
    }

    @Test
    void upstreamAcrIsTheCanonicalNote() throws Exception {
        Map<String, Object> realm = realm();
        for (Map<String, Object> mapper : objects(realm.get("identityProviderMappers"))) {
            assertFalse("oidc-user-session-note-idp-mapper".equals(mapper.get("identityProviderMapper"))
                    && String.valueOf(mapper.get("config")).contains("acr"), "no copy of the raw acr: " + mapper);
        }
        List<String> notes = new ArrayList<>();
        for (Map<String, Object> client : objects(realm.get("clients"))) {
            if (client.get("protocolMappers") == null) {
                continue;
            }
            for (Map<String, Object> mapper : objects(client.get("protocolMappers"))) {
                Map<String, Object> config = Json.asObject(mapper.get("config"));
                if ("upstream_acr".equals(config.get("claim.name"))) {
                    notes.add((String) config.get("user.session.note"));
                }
            }
        }
        assertEquals(List.of("eidhub.upstream_acr"), notes);
    }
}
