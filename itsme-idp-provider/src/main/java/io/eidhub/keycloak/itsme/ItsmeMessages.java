package io.eidhub.keycloak.itsme;

/** Message keys of the itsme broker (translated in {@code theme-resources/messages/messages_*.properties}). */
final class ItsmeMessages {

    /** The application names an itsme service code the broker does not allow. */
    static final String SERVICE_CODE_NOT_ALLOWED = "eidhubItsmeServiceCodeNotAllowed";

    private ItsmeMessages() {
    }
}
