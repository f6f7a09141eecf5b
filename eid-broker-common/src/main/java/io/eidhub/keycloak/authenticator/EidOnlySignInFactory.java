package io.eidhub.keycloak.authenticator;

import org.keycloak.models.AuthenticationExecutionModel.Requirement;

/** Registers {@link EidOnlySignIn} as the browser-flow step "eID-only sign-in page". */
public class EidOnlySignInFactory extends SingletonAuthenticatorFactory {

    public static final String PROVIDER_ID = "eidhub-eid-only-sign-in";

    public EidOnlySignInFactory() {
        super(PROVIDER_ID, "eID-only sign-in page",
                "The sign-in page with the identity-provider buttons only, in place of Username Password Form (Required in the"
                        + " forms sub-flow). Accepts no username, password or other credential: users sign in with an identity provider.",
                new EidOnlySignIn(), Requirement.REQUIRED, Requirement.ALTERNATIVE, Requirement.DISABLED);
    }
}
