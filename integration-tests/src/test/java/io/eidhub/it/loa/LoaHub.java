package io.eidhub.it.loa;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.EidBroker;
import io.eidhub.it.Jwt;
import io.eidhub.it.Page;
import io.eidhub.it.SharedSimulator;
import io.eidhub.it.SimulatorControl;
import io.eidhub.it.TestRealm;
import io.eidhub.it.idemia.IdemiaBroker;
import io.eidhub.it.itsme.ItsmeBroker;
import io.eidhub.simulator.Simulator;
import jakarta.ws.rs.core.Response;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.resource.AuthenticationManagementResource;
import org.keycloak.representations.idm.AuthenticationExecutionRepresentation;
import org.keycloak.representations.idm.AuthenticationFlowRepresentation;
import org.keycloak.representations.idm.AuthenticatorConfigRepresentation;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.ProtocolMapperRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A test realm set up for levels of assurance exactly as {@code docs/levels-of-assurance.md} tells admins to: the
 * realm-JSON fragment {@code docs/levels-of-assurance.realm.json} applied through the admin API (ACR to LoA mapping
 * {@code substantial:2, high:3, very-high:4}; browser flow "eID browser" = Cookie, eID step-up redirector, Identity
 * Provider Redirector, the login form, and a Disabled sub-flow declaring levels 2, 3 and 4 with a max age of 10 hours;
 * the user-session note mapper that puts the provider's acr into demo-app's tokens as {@code upstream_acr}), and the
 * itsme / IDEMIA brokers pointed at the shared simulator with the fragment's {@code loaMapping}.
 */
final class LoaHub {

    static final String FRAGMENT = "docs/levels-of-assurance.realm.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String ITSME = "itsme";
    static final String IDEMIA = "idemia";

    final TestRealm realm;
    final Simulator sim;
    private final Map<String, String> loaMappings = new HashMap<>();
    private EidBroker broker;

    private LoaHub(TestRealm realm) {
        this.realm = realm;
        this.sim = SharedSimulator.get();
    }

    /** The realm's ACR map, browser flow and upstream_acr mapper. */
    static LoaHub setUp(TestRealm realm) {
        LoaHub hub = new LoaHub(realm);
        hub.configureRealm();
        return hub;
    }

    /**
     * Applies {@value #FRAGMENT} (the realm-JSON fragment of {@code docs/levels-of-assurance.md}) through the admin
     * API: realm attributes, the flows with their executions and authenticator configs, the browser flow binding, and
     * the protocol mappers of its {@code demo-app} client. Its brokers' {@code loaMapping} is used by
     * {@link #withItsme} and {@link #withIdemia}.
     */
    private void configureRealm() {
        JsonNode fragment = fragment();
        RealmRepresentation rep = realm.resource().toRepresentation();
        Map<String, String> attributes = rep.getAttributes() == null ? new HashMap<>() : new HashMap<>(rep.getAttributes());
        fragment.get("attributes").fields().forEachRemaining(a -> attributes.put(a.getKey(), a.getValue().asText()));
        rep.setAttributes(attributes);
        realm.resource().update(rep);

        AuthenticationManagementResource flows = realm.resource().flows();
        Map<String, JsonNode> configs = new HashMap<>();
        fragment.get("authenticatorConfig").forEach(c -> configs.put(c.get("alias").asText(), c.get("config")));
        Map<String, String> flowIds = new HashMap<>();
        for (JsonNode flow : fragment.get("authenticationFlows")) {
            flowIds.put(flow.get("alias").asText(), createFlow(flows, flow.get("alias").asText(), flow.get("topLevel").asBoolean()));
        }
        for (JsonNode flow : fragment.get("authenticationFlows")) {
            String parent = flowIds.get(flow.get("alias").asText());
            for (JsonNode execution : flow.get("authenticationExecutions")) {
                AuthenticationExecutionRepresentation e = new AuthenticationExecutionRepresentation();
                e.setParentFlow(parent);
                e.setRequirement(execution.get("requirement").asText());
                e.setPriority(execution.get("priority").asInt());
                if (execution.get("authenticatorFlow").asBoolean()) {
                    e.setAuthenticatorFlow(true);
                    e.setFlowId(flowIds.get(execution.get("flowAlias").asText()));
                } else {
                    e.setAuthenticator(execution.get("authenticator").asText());
                }
                String id = created(flows.addExecution(e));
                if (execution.has("authenticatorConfig")) {
                    String alias = execution.get("authenticatorConfig").asText();
                    AuthenticatorConfigRepresentation config = new AuthenticatorConfigRepresentation();
                    config.setAlias(alias);
                    Map<String, String> values = new HashMap<>();
                    configs.get(alias).fields().forEachRemaining(v -> values.put(v.getKey(), v.getValue().asText()));
                    config.setConfig(values);
                    created(flows.newExecutionConfig(id, config));
                }
            }
        }
        rep = realm.resource().toRepresentation();
        rep.setBrowserFlow(fragment.get("browserFlow").asText());
        realm.resource().update(rep);

        ClientRepresentation client = realm.resource().clients().findByClientId(realm.clientId()).get(0);
        for (JsonNode mapper : fragment.get("clients").get(0).get("protocolMappers")) {
            created(realm.resource().clients().get(client.getId()).getProtocolMappers()
                    .createMapper(JSON.convertValue(mapper, ProtocolMapperRepresentation.class)));
        }
        for (JsonNode idp : fragment.get("identityProviders")) {
            loaMappings.put(idp.get("alias").asText(), idp.get("config").get("loaMapping").asText());
        }
    }

    private static JsonNode fragment() {
        for (Path path : List.of(Path.of("..", FRAGMENT), Path.of(FRAGMENT))) {
            if (Files.isRegularFile(path)) {
                try {
                    return JSON.readTree(path.toFile());
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new AssertionError(FRAGMENT + " not found from " + Path.of("").toAbsolutePath());
    }

    private static String createFlow(AuthenticationManagementResource flows, String alias, boolean topLevel) {
        AuthenticationFlowRepresentation flow = new AuthenticationFlowRepresentation();
        flow.setAlias(alias);
        flow.setProviderId("basic-flow");
        flow.setTopLevel(topLevel);
        flow.setBuiltIn(false);
        return created(flows.createFlow(flow));
    }

    private static String addExecution(AuthenticationManagementResource flows, String parent, String authenticator,
                                       String requirement, int priority) {
        AuthenticationExecutionRepresentation execution = new AuthenticationExecutionRepresentation();
        execution.setParentFlow(parent);
        execution.setAuthenticator(authenticator);
        execution.setRequirement(requirement);
        execution.setPriority(priority);
        return created(flows.addExecution(execution));
    }

    private static String created(Response response) {
        try (response) {
            if (response.getStatus() != 201) {
                throw new AssertionError("HTTP " + response.getStatus() + " " + response.readEntity(String.class));
            }
            return CreatedResponseUtil.getCreatedId(response);
        }
    }

    // ------------------------------------------------------------------ brokers

    /** The itsme broker (key-pair client at the v2 tenant) with {@code loaMapping} and other config on top. */
    LoaHub withItsme(Map<String, String> extra) {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("loaMapping", loaMappings.get(ITSME));
        config.putAll(extra);
        broker = ItsmeBroker.keyPair(realm, sim).createBroker(config);
        return this;
    }

    LoaHub withItsme() {
        return withItsme(Map.of());
    }

    /** The IDEMIA broker (classic tenant, client secret, form_post) with {@code loaMapping}. */
    LoaHub withIdemia() {
        broker = IdemiaBroker.classic(realm, sim).createBroker(Map.of("loaMapping", loaMappings.get(IDEMIA)));
        return this;
    }

    // ------------------------------------------------------------------ browsing

    /** Starts the request (the realm's flow picks the broker); asserts it ends on the simulator's phone page. */
    Page phone(Browser browser, AuthRequest request) {
        Page phone = request.start(browser);
        assertTrue(phone.isAt(sim.baseUrl()) && phone.forms().stream().anyMatch(f -> f.field("person") != null),
                "expected the simulator's phone page, got " + phone.describe() + "\nhistory: " + browser.history()
                        + "\nevents:\n" + realm.describeEvents());
        return phone;
    }

    /** Approves as {@code person} on the phone page through the realm's broker; returns where the browser ends. */
    Page approve(Browser browser, Page phone, String person) {
        return broker.answer(browser, phone, person, "approve");
    }

    /** A whole login through the simulator as {@code person}; returns where the browser ends. */
    Page login(Browser browser, AuthRequest request, String person) {
        return approve(browser, phone(browser, request), person);
    }

    /** The query the simulator recorded for the authorization request that showed {@code phone} (an exact lookup). */
    Map<String, Object> recordedQuery(String provider, Page phone) {
        return control().authorizationRequest(provider, phone.queryParams()).query();
    }

    /** The simulator's control API, typed. */
    SimulatorControl control() {
        return SimulatorControl.of(sim);
    }

    /** The {@code acr} member of itsme's {@code claims} parameter in a recorded query, or null (itsme supports none). */
    @SuppressWarnings("unchecked")
    static Object claimsAcrMember(Map<String, Object> query) {
        if (query.get("claims") == null) {
            return null;
        }
        Map<String, Object> idToken = (Map<String, Object>) Jwt.json(query.get("claims").toString()).get("id_token");
        return idToken == null ? null : idToken.get("acr");
    }

    /** Asserts the page is the redirect to demo-app with {@code error=unmet_authentication_requirements}, state and iss. */
    void assertUnmet(AuthRequest request, Page page) {
        request.assertCallback(page);
        assertEquals("unmet_authentication_requirements", page.queryParam("error"), page.describe());
        assertEquals(realm.issuer(), page.queryParam("iss"), page.describe());
        assertTrue(page.queryParam("error_description") != null && !page.queryParam("error_description").isBlank(), page.describe());
        assertEquals(null, page.queryParam("code"), page.describe());
    }
}
