package io.eidhub.it.itsme;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.HtmlForm;
import io.eidhub.it.Page;
import io.eidhub.it.SharedSimulator;
import io.eidhub.it.SimulatorControl;
import io.eidhub.it.TestRealm;
import io.eidhub.simulator.ClientRegistration;
import io.eidhub.simulator.Simulator;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.eidhub.it.EidTestConstants.ITSME_TEST_SECRET;
import static io.eidhub.it.EidTestConstants.ITSME_SERVICE_CODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An itsme broker in a test realm, pointed at the shared simulator: registers the realm as a client at the simulator
 * (its broker endpoint as redirect URI, its JWKS for private_key_jwt and ID token encryption), creates the
 * {@code itsme} identity provider through the admin API, and drives the simulator's phone page.
 */
public final class ItsmeFixture {

    public static final String ALIAS = "itsme";

    public final TestRealm realm;
    public final Simulator sim;
    public final String clientId;
    private String tenant = Simulator.ITSME_V2;
    private Page lastPhone;

    private ItsmeFixture(TestRealm realm, Simulator sim) {
        this.realm = realm;
        this.sim = sim;
        this.clientId = "partner-" + realm.name();
    }

    private ItsmeFixture(TestRealm realm) {
        this(realm, SharedSimulator.get());
    }

    /** A key-pair client (private_key_jwt, ID token encrypted to the realm's enc key) at the itsme v2 tenant. */
    static ItsmeFixture keyPair(TestRealm realm) {
        return keyPair(realm, SharedSimulator.get());
    }

    /** {@link #keyPair(TestRealm)} at the given simulator (e.g. one a Keycloak container reaches). */
    public static ItsmeFixture keyPair(TestRealm realm, Simulator sim) {
        return keyPair(realm, sim, new String[0]);
    }

    /** {@link #keyPair(TestRealm)} whose itsme client also has these service codes (one service per user flow). */
    static ItsmeFixture keyPair(TestRealm realm, Simulator sim, String... otherServiceCodes) {
        ItsmeFixture fixture = new ItsmeFixture(realm, sim);
        fixture.sim.registerClient(ClientRegistration.builder(ClientRegistration.ITSME, fixture.clientId)
                .authMethod(ClientRegistration.PRIVATE_KEY_JWT)
                .jwksUri(realm.jwksUrl())
                .redirectUri(realm.brokerEndpoint(ALIAS))
                .serviceCode(ITSME_SERVICE_CODE)
                .serviceCode(otherServiceCodes)
                .build());
        return fixture;
    }

    /** A client-secret client (ID token encrypted with alg=dir) at the legacy csapi tenant. */
    static ItsmeFixture clientSecret(TestRealm realm, String authMethod) {
        ItsmeFixture fixture = new ItsmeFixture(realm);
        fixture.tenant = Simulator.ITSME_CSAPI;
        fixture.sim.registerClient(ClientRegistration.builder(ClientRegistration.ITSME, fixture.clientId)
                .authMethod(authMethod)
                .clientSecret(ITSME_TEST_SECRET)
                .redirectUri(realm.brokerEndpoint(ALIAS))
                .serviceCode(ITSME_SERVICE_CODE)
                .idTokenEncryption(ClientRegistration.ENCRYPTION_DIR)
                .build());
        return fixture;
    }

    /** The broker's configuration: the documented keys, pointed at the simulator tenant through {@code metadataUrl}. */
    Map<String, String> config() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("metadataUrl", sim.discoveryUrl(tenant));
        config.put("clientId", clientId);
        config.put("serviceCode", ITSME_SERVICE_CODE);
        if (Simulator.ITSME_CSAPI.equals(tenant)) {
            config.put("api", "csapi");
            config.put("clientSecret", ITSME_TEST_SECRET);
        }
        return config;
    }

    IdentityProviderRepresentation representation(Map<String, String> config) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(ALIAS);
        idp.setProviderId("itsme");
        idp.setDisplayName("itsme");
        idp.setEnabled(true);
        idp.setConfig(new LinkedHashMap<>(config));
        return idp;
    }

    /** Creates the itsme broker with {@link #config()} plus/overridden by {@code extra} (a null value removes a key). */
    public ItsmeFixture createBroker(Map<String, String> extra) {
        Map<String, String> config = config();
        extra.forEach((key, value) -> {
            if (value == null) {
                config.remove(key);
            } else {
                config.put(key, value);
            }
        });
        realm.addIdentityProvider(representation(config));
        return this;
    }

    ItsmeFixture createBroker() {
        return createBroker(Map.of());
    }

    /** Starts a login at Keycloak straight to itsme; returns the simulator's phone page. */
    public Page startAtPhone(Browser browser, AuthRequest request) {
        Page phone = request.start(browser);
        assertEquals(200, phone.status(), phone.describe() + "\nhistory: " + browser.history());
        assertTrue(phone.isAt(sim.baseUrl()), "expected the itsme phone page, got " + phone.describe()
                + "\nsimulator: " + control().lastAuthorizationRequest(tenant));
        lastPhone = phone;
        return phone;
    }

    /** Approves or refuses as this test person on the phone page; returns where the browser ends. */
    public Page decide(Browser browser, Page phone, String person, String decision) {
        HtmlForm form = phone.form(f -> person.equals(f.field("person")), "person=" + person);
        return browser.submit(form.click("decision", decision));
    }

    /** A complete login as this person, with a new authorization request; returns the page where the browser ends. */
    public Page login(Browser browser, AuthRequest request, String person) {
        return decide(browser, startAtPhone(browser, request), person, "approve");
    }

    /** The simulator's record of the authorization request that showed the last phone page (an exact lookup by state). */
    SimulatorControl.AuthorizationRecord lastAuthorizationRequest() {
        assertNotNull(lastPhone, "no phone page shown yet");
        return control().authorizationRequest(tenant, lastPhone.queryParam("state"));
    }

    /** The simulator's control API, typed. */
    public SimulatorControl control() {
        return SimulatorControl.of(sim);
    }

    /** The pairwise sub the simulator issues for a person to this client. */
    public String sub(String person) {
        return Simulator.subject(ClientRegistration.ITSME, clientId, person);
    }

    /** Keycloak username of the brokered user: {@code <alias>.<sub>}. */
    public String username(String person) {
        return ALIAS + "." + sub(person);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    static List<Object> list(Object value) {
        return (List<Object>) value;
    }
}
