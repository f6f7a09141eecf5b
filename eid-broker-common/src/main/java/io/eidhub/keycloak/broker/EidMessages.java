package io.eidhub.keycloak.broker;

/**
 * Message keys shown to users (translated in {@code theme-resources/messages/messages_*.properties}) and the
 * {@code reason} values written into Keycloak events when a login through an eID broker is refused.
 */
public final class EidMessages {

    /** The provider could not be reached or answered something unusable. */
    public static final String PROVIDER_UNAVAILABLE = "eidhubProviderUnavailable";
    /** The user refused or cancelled at the provider. */
    public static final String CANCELLED = "eidhubLoginCancelled";
    /** The provider reported an error other than a refusal. */
    public static final String PROVIDER_ERROR = "eidhubProviderError";
    /** The level of assurance reached is missing or below the configured minimum. */
    public static final String ACR_NOT_MET = "eidhubAcrNotMet";
    /** A token or userinfo answer failed validation. */
    public static final String INVALID_RESPONSE = "eidhubInvalidResponse";

    private EidMessages() {
    }
}
