package io.eidhub.it.idemia;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.HtmlForm;
import io.eidhub.it.Jwt;
import io.eidhub.it.Page;
import io.eidhub.it.SimulatorControl;
import io.eidhub.it.TestRealm;
import io.eidhub.simulator.ClientRegistration;
import io.eidhub.simulator.Simulator;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.representations.userprofile.config.UPAttribute;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.eidhub.it.EidTestConstants.IDEMIA_TEST_SECRET;

/**
 * An {@code idemia} broker in a test realm, pointed at one tenant of the in-JVM simulator, with the matching client
 * registered at the simulator (client secret, redirect URI = the broker endpoint, post-logout URI = its
 * {@code logout_response}). The realm's user profile does not require an e-mail: IDEMIA sends none.
 */
public final class IdemiaBroker {

    public static final String ALIAS = "idemia";


    public final TestRealm realm;
    public final Simulator sim;
    public final String tenant;
    public final String clientId;
    private Page lastPhone;

    private IdemiaBroker(TestRealm realm, Simulator sim, String tenant, String clientId) {
        this.realm = realm;
        this.sim = sim;
        this.tenant = tenant;
        this.clientId = clientId;
    }

    /** A broker on the classic tenant with the given config keys on top of metadataUrl, clientId and clientSecret. */
    public static IdemiaBroker create(TestRealm realm, Simulator sim, Map<String, String> config) {
        return create(realm, sim, Simulator.IDEMIA, config);
    }

    static IdemiaBroker create(TestRealm realm, Simulator sim, String tenant, Map<String, String> config) {
        String clientId = "kc-" + realm.name();
        sim.registerClient(ClientRegistration.fromJson(Jwt.toJson(Map.of(
                "provider", "idemia",
                "clientId", clientId,
                "authMethod", "client_secret_basic",
                "clientSecret", IDEMIA_TEST_SECRET,
                "redirectUris", List.of(realm.brokerEndpoint(ALIAS)),
                "postLogoutRedirectUris", List.of(realm.brokerLogoutEndpoint(ALIAS))))));
        realm.updateUserProfile(up -> {
            UPAttribute email = up.getAttribute("email");
            if (email != null) {
                email.setRequired(null);
            }
        });
        Map<String, String> all = new HashMap<>();
        all.put("metadataUrl", sim.discoveryUrl(tenant));
        all.put("clientId", clientId);
        all.put("clientSecret", IDEMIA_TEST_SECRET);
        all.putAll(config);
        realm.addIdentityProvider(representation(all));
        return new IdemiaBroker(realm, sim, tenant, clientId);
    }

    static IdentityProviderRepresentation representation(Map<String, String> config) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(ALIAS);
        idp.setProviderId("idemia");
        idp.setDisplayName("IDEMIA Mobile ID");
        idp.setEnabled(true);
        idp.setConfig(new HashMap<>(config));
        return idp;
    }

    /** The simulator's {@code sub} for a person of this broker's client. */
    public String subject(String person) {
        return Simulator.subject("idemia", clientId, person);
    }

    /** The Keycloak username the default template mapper gives a person. */
    public String username(String person) {
        return ALIAS + "." + subject(person);
    }

    /** Starts a login of demo-app through this broker; returns the simulator's phone page. */
    public Page openPhonePage(Browser browser, AuthRequest request) {
        Page phone = request.idpHint(ALIAS).start(browser);
        if (phone.forms().stream().noneMatch(f -> f.field("person") != null)) {
            throw new AssertionError("Expected the simulator's phone page, got " + phone.describe() + "\n" + phone.body());
        }
        lastPhone = phone;
        return phone;
    }

    /**
     * Answers the phone page for {@code person} ({@code approve} or {@code refuse}) and, for form_post, submits the
     * simulator's auto-post form as a browser would. Returns where the browser ends (the demo-app redirect, a
     * Keycloak page).
     */
    public Page decide(Browser browser, Page phone, String person, String decision) {
        HtmlForm form = phone.form(f -> person.equals(f.field("person")), "person=" + person);
        Page answer = browser.submit(form.click("decision", decision));
        if (isFormPost(answer)) {
            return browser.submit(answer.form());
        }
        return answer;
    }

    /** True for the simulator's form_post page (a form posting to Keycloak's broker endpoint). */
    public boolean isFormPost(Page page) {
        return !page.stopped() && page.status() == 200 && page.forms().size() == 1
                && page.form().action().toString().equals(realm.brokerEndpoint(ALIAS))
                && "POST".equals(page.form().method());
    }

    /** A complete login of demo-app through the simulator: returns the stopped redirect to demo-app. */
    public Page login(Browser browser, AuthRequest request, String person) {
        return decide(browser, openPhonePage(browser, request), person, "approve");
    }

    /** The simulator's record of the authorization request that showed {@code phone} (an exact lookup by state). */
    public SimulatorControl.AuthorizationRecord authorizationRequest(Page phone) {
        return control().authorizationRequest(tenant, phone.queryParam("state"));
    }

    /** The simulator's record of the authorization request that showed the last phone page this broker opened. */
    SimulatorControl.AuthorizationRecord lastAuthorizationRequest() {
        if (lastPhone == null) {
            throw new AssertionError("no phone page opened through this broker yet");
        }
        return authorizationRequest(lastPhone);
    }

    /** The effective authorization parameters the simulator read (acrValues, responseMode, scope, ...). */
    Map<String, Object> lastEffectiveRequest() {
        return lastAuthorizationRequest().effective();
    }

    /** The raw query of the last authorization request (a repeated parameter as a list of values). */
    Map<String, Object> lastQuery() {
        return lastAuthorizationRequest().query();
    }

    /** The end_session calls for this broker that the simulator received ({@code GET /sim/api/logouts}). */
    List<Map<String, Object>> logouts() {
        List<Map<String, Object>> all = control().logouts();
        return all.stream().filter(l -> clientId.equals(l.get("idTokenHintAudience"))
                || realm.brokerLogoutEndpoint(ALIAS).equals(l.get("postLogoutRedirectUri"))).toList();
    }

    /** The simulator's last token request for this tenant: {@code GET /sim/api/token-requests/last}. */
    SimulatorControl.TokenRequestRecord lastTokenRequest() {
        return control().lastTokenRequest(tenant);
    }

    /** The simulator's control API, typed. */
    SimulatorControl control() {
        return SimulatorControl.of(sim);
    }
}
