package io.eidhub.it;

import io.eidhub.simulator.Simulator;
import org.keycloak.representations.idm.IdentityProviderRepresentation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the two provider fixtures share: the identity provider's representation and creation, the phone page, the
 * answer (with the one {@code form_post} detection), the captured authorization response and the exact lookup of the
 * simulator's record. A subclass registers its client at the simulator in its factory and says what differs.
 */
public abstract class AbstractEidBroker implements EidBroker {

    public final TestRealm realm;
    /** The simulator the broker points at (the shared one, or the one a Keycloak container reaches). */
    public final Simulator sim;
    public final String clientId;
    public final String tenant;
    private final String providerId;
    private final String alias;
    private final String displayName;
    private Page lastPhone;

    protected AbstractEidBroker(TestRealm realm, Simulator sim, String providerId, String displayName, String tenant,
                                String clientId) {
        this.realm = realm;
        this.sim = sim;
        this.providerId = providerId;
        this.alias = providerId;
        this.displayName = displayName;
        this.tenant = tenant;
        this.clientId = clientId;
    }

    @Override
    public String providerId() {
        return providerId;
    }

    @Override
    public String alias() {
        return alias;
    }

    @Override
    public String tenant() {
        return tenant;
    }

    @Override
    public String clientId() {
        return clientId;
    }

    /** The simulator's control API, typed. */
    public SimulatorControl control() {
        return SimulatorControl.of(sim);
    }

    /** The keys every eID broker needs to reach its simulator tenant: {@code metadataUrl} and {@code clientId}. */
    protected final Map<String, String> simulatorConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("metadataUrl", sim.discoveryUrl(tenant));
        config.put("clientId", clientId);
        return config;
    }

    /** Adds the identity provider with {@link #config()} plus {@code extra} (a null value removes a key). */
    protected final void addBroker(Map<String, String> extra) {
        Map<String, String> config = config();
        extra.forEach((key, value) -> {
            if (value == null) {
                config.remove(key);
            } else {
                config.put(key, value);
            }
        });
        realm.addIdentityProvider(representation(config));
    }

    /** The identity provider with this alias, provider id and display name, and exactly this configuration. */
    public IdentityProviderRepresentation representation(Map<String, String> config) {
        IdentityProviderRepresentation idp = new IdentityProviderRepresentation();
        idp.setAlias(alias);
        idp.setProviderId(providerId);
        idp.setDisplayName(displayName);
        idp.setEnabled(true);
        idp.setConfig(new LinkedHashMap<>(config));
        return idp;
    }

    @Override
    public Page openPhone(Browser browser, AuthRequest request) {
        Page phone = request.idpHint(alias).start(browser);
        if (phone.status() != 200 || !phone.isAt(sim.baseUrl()) || phone.forms().stream().noneMatch(f -> f.field("person") != null)) {
            throw new AssertionError("expected the simulator's " + providerId + " phone page, got " + phone.describe()
                    + "\nhistory: " + browser.history() + "\nsimulator: " + lastRecordOrWhyNot());
        }
        lastPhone = phone;
        return phone;
    }

    @Override
    public Page answer(Browser browser, Page phone, String person, String decision) {
        Page answer = decide(browser, phone, person, decision);
        return isFormPost(answer) ? browser.submit(answer.form()) : answer;
    }

    @Override
    public Callback approveAndCapture(Browser browser, Page phone, String person) {
        String endpoint = realm.brokerEndpoint(alias);
        browser.stopAt(endpoint);
        try {
            Page answer = decide(browser, phone, person, "approve");
            if (formPost()) {
                if (!isFormPost(answer)) {
                    throw new AssertionError("expected the simulator's form_post page, got " + answer.describe());
                }
                HtmlForm response = answer.form();
                return Callback.post(response.action(), response.fields());
            }
            if (!answer.stopped() || !answer.isAt(endpoint)) {
                throw new AssertionError("expected the redirect to " + endpoint + ", got " + answer.describe());
            }
            return Callback.get(answer.url());
        } finally {
            browser.dontStopAt(endpoint);
        }
    }

    /** True for the simulator's form_post page: one form posting to this broker's endpoint at Keycloak. */
    public boolean isFormPost(Page page) {
        return !page.stopped() && page.status() == 200 && page.forms().size() == 1
                && page.form().action().toString().equals(realm.brokerEndpoint(alias))
                && "POST".equals(page.form().method());
    }

    @Override
    public String sub(String person) {
        return Simulator.subject(providerId, clientId, person);
    }

    @Override
    public String username(String person) {
        return alias + "." + sub(person);
    }

    @Override
    public SimulatorControl.AuthorizationRecord authorizationRequest(Page phone) {
        return control().authorizationRequest(tenant, phone.queryParams());
    }

    /** The simulator's record of the authorization request that showed the last phone page opened here. */
    public SimulatorControl.AuthorizationRecord lastAuthorizationRequest() {
        if (lastPhone == null) {
            throw new AssertionError("no phone page opened through this broker yet");
        }
        return authorizationRequest(lastPhone);
    }

    @Override
    public String toString() {
        return providerId;
    }

    /** For a failure message: the simulator's last record of this tenant, or why it could not be read. */
    private String lastRecordOrWhyNot() {
        try {
            return String.valueOf(control().lastAuthorizationRequest(tenant));
        } catch (RuntimeException | AssertionError e) {
            return "(not readable: " + e + ")";
        }
    }

    private static Page decide(Browser browser, Page phone, String person, String decision) {
        HtmlForm form = phone.form(f -> person.equals(f.field("person")), "person=" + person);
        return browser.submit(form.click("decision", decision));
    }
}
