package io.eidhub.keycloak.authenticator;

import org.keycloak.models.AuthenticationExecutionModel.Requirement;

/** Registers {@link StepUpRedirector} as the browser-flow step "eID step-up redirector". */
public class StepUpRedirectorFactory extends SingletonAuthenticatorFactory {

    public static final String PROVIDER_ID = "eidhub-step-up-redirector";

    public StepUpRedirectorFactory() {
        super(PROVIDER_ID, "eID step-up redirector",
                "Place right after Cookie (both Alternative). When the application asks for a higher level of authentication"
                        + " than the SSO session has, redirects to the identity provider that created the session, which is asked"
                        + " for the higher level. Otherwise does nothing.",
                new StepUpRedirector(), Requirement.ALTERNATIVE, Requirement.DISABLED);
    }
}
