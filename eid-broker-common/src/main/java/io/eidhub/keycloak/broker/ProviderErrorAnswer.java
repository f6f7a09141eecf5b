package io.eidhub.keycloak.broker;

import org.keycloak.OAuthErrorException;
import org.keycloak.models.Constants;

/**
 * What the hub does with an {@code error} the provider sent back to the redirect endpoint (already reduced to a code
 * by {@link SafeProviderText#errorCode}), as Keycloak's own OIDC broker does:
 * <ul>
 *   <li>{@code access_denied}: the user cancelled, a translated page;</li>
 *   <li>{@code login_required}, {@code interaction_required}: sent on to the application as that OpenID Connect error
 *       (an application's silent login, {@code prompt=none}, learns it must show a login); {@code consent_required}
 *       as {@code interaction_required}, the code Keycloak's login protocol can send for it;</li>
 *   <li>{@code temporarily_unavailable} with the description {@code authentication_expired}: the login is started
 *       again at the provider; otherwise, and itsme's spelling {@code temporary_unavailable}: a translated "provider
 *       unavailable, try again" page;</li>
 *   <li>anything else: a translated "the provider answered with an error" page.</li>
 * </ul>
 */
record ProviderErrorAnswer(Kind kind, String code) {

    enum Kind { CANCELLED, TO_APPLICATION, RETRY, UNAVAILABLE, ERROR_PAGE }

    /** itsme's spelling of RFC 6749's {@code temporarily_unavailable}, as its documentation writes it. */
    static final String TEMPORARY_UNAVAILABLE = "temporary_unavailable";

    static ProviderErrorAnswer of(String code, String description) {
        return switch (code) {
            case OAuthErrorException.ACCESS_DENIED -> new ProviderErrorAnswer(Kind.CANCELLED, code);
            case OAuthErrorException.LOGIN_REQUIRED, OAuthErrorException.INTERACTION_REQUIRED ->
                    new ProviderErrorAnswer(Kind.TO_APPLICATION, code);
            case "consent_required" -> new ProviderErrorAnswer(Kind.TO_APPLICATION, OAuthErrorException.INTERACTION_REQUIRED);
            case OAuthErrorException.TEMPORARILY_UNAVAILABLE -> Constants.AUTHENTICATION_EXPIRED_MESSAGE.equals(description)
                    ? new ProviderErrorAnswer(Kind.RETRY, code) : new ProviderErrorAnswer(Kind.UNAVAILABLE, code);
            case TEMPORARY_UNAVAILABLE -> new ProviderErrorAnswer(Kind.UNAVAILABLE, code);
            default -> new ProviderErrorAnswer(Kind.ERROR_PAGE, code);
        };
    }
}
