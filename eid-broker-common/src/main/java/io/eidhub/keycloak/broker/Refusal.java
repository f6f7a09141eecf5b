package io.eidhub.keycloak.broker;

import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;

/**
 * A refused login, as built by {@link EidIdentityProvider#refuse}: the {@code reason} (and, for an ID-token check, the
 * failed {@code check}) that the redirect endpoint ({@link EidCallbackEndpoint}) records on the login's error event,
 * and the message the user is shown. Carries no provider text beyond the sanitised reason.
 */
final class Refusal extends IdentityBrokerException {

    private static final long serialVersionUID = 1L;

    private final String reason;
    private final String check;

    /** @param check the failed ID-token check ({@link IdTokenChecks}), or null */
    Refusal(String reason, String check, String messageCode) {
        super(reason);
        this.reason = reason;
        this.check = check;
        withMessageCode(messageCode);
    }

    String reason() {
        return reason;
    }

    /** The failed ID-token check, or null when the refusal is not about one. */
    String check() {
        return check;
    }

    /** Adds {@code reason}, {@code identity_provider} and, when there is one, {@code check} to {@code event}. */
    void recordOn(EventBuilder event, String alias) {
        if (check != null) {
            event.detail(IdTokenChecks.EVENT_DETAIL, check);
        }
        event.detail(Details.REASON, reason).detail(Details.IDENTITY_PROVIDER, alias);
    }
}
