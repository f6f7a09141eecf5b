package io.eidhub.it;

import java.util.Map;

/**
 * An eID broker in a test realm, pointed at the simulator, as a test drives it: the shape of Keycloak's own
 * {@code BrokerConfiguration} for its broker tests. One implementation per provider
 * ({@code itsme.ItsmeBroker}, {@code idemia.IdemiaBroker}); a scenario written against this interface runs for both.
 *
 * <p>The client is registered at the simulator when the object is made; the identity provider is added to the realm
 * by {@link #createBroker(Map)}, with the test's own configuration.
 */
public interface EidBroker {

    /** The simulator's provider name ({@code itsme}, {@code idemia}), also the broker's provider id. */
    String providerId();

    /** The broker's alias in the realm. */
    String alias();

    /** The simulator tenant the broker's {@code metadataUrl} points at. */
    String tenant();

    /** The client id registered at the simulator. */
    String clientId();

    /** The client secret Keycloak holds for this broker, or null for a key-pair client. */
    String clientSecret();

    /** Adds the identity provider with {@link #config()} plus {@code extra} (a null value removes a key). */
    EidBroker createBroker(Map<String, String> extra);

    /** The documented configuration keys, pointed at the simulator tenant. */
    Map<String, String> config();

    /** Starts a login of the realm's application straight to this broker; asserts and returns the phone page. */
    Page openPhone(Browser browser, AuthRequest request);

    /**
     * Answers the phone page as {@code person} ({@code approve} or {@code refuse}) and lets the browser carry the answer
     * to Keycloak, posting a {@code form_post} page on; returns where the browser ends.
     */
    Page answer(Browser browser, Page phone, String person, String decision);

    /** A complete login with a new authorization request; returns where the browser ends. */
    default Page login(Browser browser, AuthRequest request, String person) {
        return answer(browser, openPhone(browser, request), person, "approve");
    }

    /** Approves on the phone page, but captures the authorization response instead of delivering it. */
    Callback approveAndCapture(Browser browser, Page phone, String person);

    /** The {@code sub} the simulator issues for a person to this client. */
    String sub(String person);

    /** The Keycloak username the default template mapper gives a person: {@code <alias>.<sub>}. */
    String username(String person);

    /** A person whose account the scenarios create first and keep. */
    String existingPerson();

    /** A person who never logs in successfully in the hostile scenarios: a refused login let through would create them. */
    String newPerson();

    /** A claim that sets the user's last name, for showing that a refused login changed nothing. */
    String lastNameClaim();

    /** True when the provider answers by {@code form_post} (IDEMIA's default), false for a redirect. */
    boolean formPost();

    /** The simulator's record of the authorization request that showed {@code phone} (an exact lookup, no polling). */
    SimulatorControl.AuthorizationRecord authorizationRequest(Page phone);
}
