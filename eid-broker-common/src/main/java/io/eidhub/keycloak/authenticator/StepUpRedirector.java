package io.eidhub.keycloak.authenticator;

import org.jboss.logging.Logger;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.authenticators.browser.IdentityProviderAuthenticator;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.events.Details;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * "eID step-up redirector" ({@value StepUpRedirectorFactory#PROVIDER_ID}): in a browser flow, right after "Cookie",
 * sends a user whose SSO session is below the level the application asked for back to the identity provider that
 * created the session (the user-session note {@code identity_provider}), so that the user logs in again there at the
 * higher level. Keycloak's Cookie authenticator lets the flow go on in that case (it answers "attempted" instead of
 * re-using the session) only when the browser flow declares the session's levels with a max age (see
 * {@code docs/levels-of-assurance.md}).
 * <p>
 * Does nothing ("attempted") when there is no SSO session, when the session's level is enough, when the session was
 * not created through an identity provider, when that provider is gone or disabled, and when the flow is shown again
 * after an error (so that a refused step-up does not loop back to the provider).
 */
final class StepUpRedirector extends IdentityProviderAuthenticator {

    private static final Logger logger = Logger.getLogger(StepUpRedirector.class);

    @Override
    public void authenticate(AuthenticationFlowContext context) {
        String alias = stepUpProvider(context);
        if (alias == null) {
            context.attempted();
            return;
        }
        logger.debugf("Step-up: redirecting to identity provider %s", alias);
        redirect(context, alias);
    }

    private String stepUpProvider(AuthenticationFlowContext context) {
        UserModel user = context.getUser();
        if (user == null || context.getForwardedErrorMessage() != null) {
            return null;
        }
        AcrStore acrStore = new AcrStore(context.getSession(), context.getAuthenticationSession());
        int requested = acrStore.getRequestedLevelOfAuthentication(context.getTopLevelFlow());
        int current = acrStore.getLevelOfAuthenticationFromCurrentAuthentication();
        if (requested <= 0 || requested <= current) {
            return null;
        }
        AuthenticationManager.AuthResult sso = AuthenticationManager.authenticateIdentityCookie(context.getSession(), context.getRealm(), true);
        if (sso == null || sso.session() == null || !user.equals(sso.user())) {
            return null;
        }
        String alias = sso.session().getNote(Details.IDENTITY_PROVIDER);
        if (alias == null || alias.isBlank()) {
            return null;
        }
        IdentityProviderModel idp = context.getSession().identityProviders().getByAlias(alias);
        return idp != null && idp.isEnabled() ? alias : null;
    }

    @Override
    public boolean requiresUser() {
        return false;
    }
}
