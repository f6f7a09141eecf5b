package io.eidhub.keycloak.broker;

import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Chooses the one acr the broker asks the provider for: the weakest whose level ({@code loaMapping}) reaches the level
 * the application asked for, never below the configured minimum; the strongest when none reaches it; the minimum when
 * the application asked for no level. When the application asked for an essential level that not even the strongest
 * acr reaches, it is answered with {@code unmet_authentication_requirements} before the provider is asked.
 */
final class AcrSelector {

    /** The broker's own log category. */
    private static final Logger logger = EidIdentityProvider.logger;

    private final KeycloakSession session;
    private final EidIdentityProvider<?> provider;

    AcrSelector(KeycloakSession session, EidIdentityProvider<?> provider) {
        this.session = session;
        this.provider = provider;
    }

    /** The acr to ask for, its level and whether it reaches the level the application asked for. */
    LoaMapping.Selection select(AuthenticationSessionModel authSession) {
        return loaMapping(provider).select(loaRequest(authSession).level(), provider.getConfig().getMinimumAcr());
    }

    /** The one acr to ask the provider for ({@link #select}); the configured minimum when no login is at hand. */
    String requestedAcr(AuthenticationSessionModel authSession) {
        if (authSession == null) {
            return provider.getConfig().getMinimumAcr();
        }
        return select(authSession).acr();
    }

    /** The level the application asked for, from the client notes Keycloak's authorization endpoint wrote. */
    static LoaRequest loaRequest(AuthenticationSessionModel authSession) {
        return LoaRequest.of(authSession.getClientNote(Constants.REQUESTED_LEVEL_OF_AUTHENTICATION),
                authSession.getClientNote(Constants.FORCE_LEVEL_OF_AUTHENTICATION));
    }

    /** The broker's {@code loaMapping}; an invalid stored value refuses the login. */
    static LoaMapping loaMapping(EidIdentityProvider<?> provider) {
        EidIdentityProviderConfig config = provider.getConfig();
        try {
            return config.getLoaMapping();
        } catch (IllegalArgumentException e) {
            logger.warnf("Identity provider %s: invalid '%s': %s", config.getAlias(), EidIdentityProviderConfig.LOA_MAPPING, e.getMessage());
            throw provider.refuse("loa_mapping_invalid", "Invalid loaMapping", EidMessages.PROVIDER_ERROR);
        }
    }

    /**
     * The answer to the application when it asked for an essential level above what this provider can give and can be
     * told so (an OpenID Connect login); null when the provider is to be asked (also when no login is at hand).
     */
    Response unreachableLevelAnswer(AuthenticationSessionModel authSession) {
        if (authSession == null) {
            return null;
        }
        LoaRequest asked = loaRequest(authSession);
        LoaMapping.Selection selection = select(authSession);
        if (!(asked.forced() && !selection.reaches() && UnmetRequirements.canAnswer(authSession))) {
            return null;
        }
        String alias = provider.getConfig().getAlias();
        new EventBuilder(session.getContext().getRealm(), session, session.getContext().getConnection())
                .event(EventType.IDENTITY_PROVIDER_LOGIN)
                .client(authSession.getClient())
                .detail(Details.IDENTITY_PROVIDER, alias)
                .detail(Details.REASON, "acr_unreachable")
                .detail("requested_loa", String.valueOf(asked.level()))
                .detail("highest_loa", String.valueOf(selection.level()))
                .error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
        logger.debugf("Identity provider %s cannot reach the essential level %d (at most %d)", alias, asked.level(), selection.level());
        return UnmetRequirements.response(session, authSession,
                "The identity provider cannot reach the requested level of authentication");
    }
}
