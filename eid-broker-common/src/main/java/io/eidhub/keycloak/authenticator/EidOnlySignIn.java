package io.eidhub.keycloak.authenticator;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * "eID-only sign-in page" ({@value EidOnlySignInFactory#PROVIDER_ID}): the browser-flow step that shows the realm's
 * identity-provider buttons and nothing else (template {@value #TEMPLATE}), in place of Keycloak's username/password
 * form. It never accepts a credential: a user signs in only by clicking a provider, which leaves this flow. Anything
 * posted to the page (a username and password typed by hand, say) is refused with {@value #MESSAGE_NOT_ACCEPTED}, a
 * {@code LOGIN_ERROR} event with {@code reason=}{@value #REASON_NOT_ACCEPTED}, and the page again; no user is looked
 * up, no session created, so a password an admin set for a user opens no login.
 */
public class EidOnlySignIn implements Authenticator {

    /** Shipped in the extension's {@code theme-resources/templates}, so every login theme can show it. */
    public static final String TEMPLATE = "eidhub-eid-sign-in.ftl";
    /** Message key (extension's {@code theme-resources/messages}, one bundle per language of the eidhub theme). */
    public static final String MESSAGE_NOT_ACCEPTED = "eidhubCredentialsNotAccepted";
    public static final String REASON_NOT_ACCEPTED = "credentials_not_accepted";

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        context.challenge(context.form().createForm(TEMPLATE));
    }

    @Override
    public void action(AuthenticationFlowContext context) {
        context.getEvent().detail(Details.REASON, REASON_NOT_ACCEPTED).error(Errors.INVALID_USER_CREDENTIALS);
        context.failureChallenge(AuthenticationFlowError.INVALID_CREDENTIALS,
                context.form().setError(MESSAGE_NOT_ACCEPTED).createForm(TEMPLATE));
    }

    @Override
    public boolean requiresUser() {
        return false;
    }

    @Override
    public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
        return true;
    }

    @Override
    public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {
    }

    @Override
    public void close() {
    }
}
