package io.eidhub.it.hostile;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.HtmlForm;
import io.eidhub.it.Page;
import io.eidhub.it.TestRealm;
import io.eidhub.it.idemia.IdemiaBroker;
import io.eidhub.it.itsme.ItsmeFixture;
import io.eidhub.simulator.Fault;
import io.eidhub.simulator.Simulator;

import java.util.Map;

import static io.eidhub.it.EidTestConstants.IDEMIA_LOA_3;
import static io.eidhub.it.EidTestConstants.IDEMIA_TEST_SECRET;

/**
 * One of the two brokers of the hostile realm, driven through the simulator: itsme with a key-pair client
 * (private_key_jwt, encrypted ID token, answer by redirect) or IDEMIA (client_secret_basic, {@code form_post}).
 * Built on the existing fixtures {@link ItsmeFixture} and {@link IdemiaBroker}.
 */
abstract class Upstream {

    /** {@code itsme} or {@code idemia}: the simulator's provider name and the broker's alias. */
    abstract String name();

    abstract String alias();

    /** The simulator tenant (for its JWKS request count). */
    abstract String tenant();

    abstract String clientId();

    /** The client secret Keycloak holds for this broker, or null for a key pair. */
    abstract String clientSecret();

    /** The person of the baseline login, whose account exists during the scenarios. */
    abstract String existingPerson();

    /** A person who never logs in successfully here: a refused login that was let through would create them. */
    abstract String newPerson();

    abstract String username(String person);

    abstract String sub(String person);

    /** A claim that sets the user's last name, for showing that a refused login changed nothing. */
    abstract String lastNameClaim();

    abstract boolean formPost();

    /** Starts a login of the realm's application straight to this broker; returns the simulator's phone page. */
    abstract Page openPhone(Browser browser, AuthRequest request);

    /** Answers the phone page and lets the browser carry the answer to Keycloak; returns where it ends. */
    abstract Page answer(Browser browser, Page phone, String person, String decision);

    /** Approves on the phone page, but captures the authorization response instead of delivering it. */
    abstract Callback approveAndCapture(Browser browser, Page phone, String person);

    /** A complete login attempt with a new authorization request; returns where the browser ends. */
    Page login(Browser browser, AuthRequest request, String person) {
        return answer(browser, openPhone(browser, request.idpHint(alias())), person, "approve");
    }

    @Override
    public String toString() {
        return name();
    }

    // ------------------------------------------------------------------ itsme

    static final class Itsme extends Upstream {
        private final ItsmeFixture fixture;

        Itsme(TestRealm realm, Simulator sim) {
            fixture = ItsmeFixture.keyPair(realm, sim).createBroker(Map.of(
                    "minimumAcr", "advanced",        // so that a lower acr and a missing acr are both below the minimum
                    "claimsDelivery", "userinfo",    // so that userinfo is read (and its faults apply)
                    "syncMode", "FORCE",             // so that a successful login WOULD update the profile
                    // what an admin types in the console's secret field for a key-pair client (keycloak#21891)
                    "clientSecret", Fault.PLACEHOLDER_SECRET));
        }

        @Override
        String name() {
            return "itsme";
        }

        @Override
        String alias() {
            return ItsmeFixture.ALIAS;
        }

        @Override
        String tenant() {
            return Simulator.ITSME_V2;
        }

        @Override
        String clientId() {
            return fixture.clientId;
        }

        @Override
        String clientSecret() {
            return null;
        }

        @Override
        String existingPerson() {
            return "alice";
        }

        @Override
        String newPerson() {
            return "bob";
        }

        @Override
        String username(String person) {
            return fixture.username(person);
        }

        @Override
        String sub(String person) {
            return fixture.sub(person);
        }

        @Override
        String lastNameClaim() {
            return "family_name";
        }

        @Override
        boolean formPost() {
            return false;
        }

        @Override
        Page openPhone(Browser browser, AuthRequest request) {
            return fixture.startAtPhone(browser, request.idpHint(alias()));
        }

        @Override
        Page answer(Browser browser, Page phone, String person, String decision) {
            return fixture.decide(browser, phone, person, decision);
        }

        @Override
        Callback approveAndCapture(Browser browser, Page phone, String person) {
            String endpoint = fixture.realm.brokerEndpoint(alias());
            browser.stopAt(endpoint);
            try {
                Page stopped = fixture.decide(browser, phone, person, "approve");
                if (!stopped.stopped() || !stopped.isAt(endpoint)) {
                    throw new AssertionError("expected the redirect to " + endpoint + ", got " + stopped.describe());
                }
                return Callback.get(stopped.url());
            } finally {
                browser.dontStopAt(endpoint);
            }
        }
    }

    // ------------------------------------------------------------------ IDEMIA

    static final class Idemia extends Upstream {
        private final IdemiaBroker broker;

        Idemia(TestRealm realm, Simulator sim) {
            broker = IdemiaBroker.create(realm, sim, Map.of("minimumAcr", IDEMIA_LOA_3, "syncMode", "FORCE"));
        }

        @Override
        String name() {
            return "idemia";
        }

        @Override
        String alias() {
            return IdemiaBroker.ALIAS;
        }

        @Override
        String tenant() {
            return broker.tenant;
        }

        @Override
        String clientId() {
            return broker.clientId;
        }

        @Override
        String clientSecret() {
            return IDEMIA_TEST_SECRET;
        }

        @Override
        String existingPerson() {
            return "dana";
        }

        @Override
        String newPerson() {
            return "frank";
        }

        @Override
        String username(String person) {
            return broker.username(person);
        }

        @Override
        String sub(String person) {
            return broker.subject(person);
        }

        @Override
        String lastNameClaim() {
            return "lastName1";
        }

        @Override
        boolean formPost() {
            return true;
        }

        @Override
        Page openPhone(Browser browser, AuthRequest request) {
            return broker.openPhonePage(browser, request);
        }

        @Override
        Page answer(Browser browser, Page phone, String person, String decision) {
            return broker.decide(browser, phone, person, decision);
        }

        @Override
        Callback approveAndCapture(Browser browser, Page phone, String person) {
            HtmlForm form = phone.form(f -> person.equals(f.field("person")), "person=" + person);
            Page formPost = browser.submit(form.click("decision", "approve"));
            if (!broker.isFormPost(formPost)) {
                throw new AssertionError("expected the simulator's form_post page, got " + formPost.describe());
            }
            HtmlForm response = formPost.form();
            return Callback.post(response.action(), response.fields());
        }
    }
}
