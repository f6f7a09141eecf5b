package io.eidhub.keycloak.broker;

import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;
import org.keycloak.authentication.authenticators.util.AcrStore;
import org.keycloak.authentication.authenticators.util.LoAUtil;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AuthenticationFlowModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.AuthenticationFlowResolver;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.resources.IdentityBrokerService;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.util.Map;

/**
 * Records the level of assurance a login reached, in two steps. When the ID token arrives ({@link #record}), the acr
 * the provider returned and the level it maps to ({@code loaMapping}) go into the brokered identity's context data
 * ({@value #UPSTREAM_ACR}, {@value #ACHIEVED_LEVEL}), and an application whose
 * essential level was not reached is answered before any user is looked up. Once the broker flows have run
 * ({@link #finish}), that level becomes the level of the Keycloak login and of its user session.
 */
final class LevelRecorder {

    /**
     * The acr the provider returned (canonical spelling; absent when it returned none): the context-data key for
     * mappers and the name of the user-session note a protocol mapper can emit ({@code oidc-usersessionmodel-note-mapper}).
     */
    static final String UPSTREAM_ACR = "eidhub.upstream_acr";
    /** Context-data key: the Keycloak level the login reached, as a String (context data crosses requests). */
    static final String ACHIEVED_LEVEL = "eidhub.loa";

    /** Context-data key: "true" when the login links the provider to an account instead of logging in. */
    static final String LINKING = "eidhub.linking";

    /** The broker's own log category. */
    private static final Logger logger = EidIdentityProvider.logger;

    private final KeycloakSession session;
    private final EidIdentityProvider<?> provider;

    LevelRecorder(KeycloakSession session, EidIdentityProvider<?> provider) {
        this.session = session;
        this.provider = provider;
    }

    /**
     * Keeps the returned {@code acr} (canonical spelling, or null) and computes the level the login reached, both in the
     * context data, for {@link #finish}. Before any user is looked up or created, answers the application with
     * {@code unmet_authentication_requirements} when it asked for an essential level this login did not reach.
     *
     * @param event this login's event, or null
     */
    void record(BrokeredIdentityContext identity, String acr, EventBuilder event) {
        identity.getContextData().put(UPSTREAM_ACR, acr);
        String alias = provider.getConfig().getAlias();
        int achieved = AcrSelector.loaMapping(provider).achievedLevel(acr);
        identity.getContextData().put(ACHIEVED_LEVEL, String.valueOf(achieved));
        AuthenticationSessionModel authSession = session.getContext().getAuthenticationSession();
        if (authSession == null) {
            return;
        }
        if (authSession.getAuthNote(IdentityBrokerService.LINKING_IDENTITY_PROVIDER) != null) {
            identity.getContextData().put(LINKING, "true");
            return;
        }
        LoaRequest asked = AcrSelector.loaRequest(authSession);
        if (asked.unmetBy(achieved) && !UnmetRequirements.canAnswer(authSession)) {
            // not an OpenID Connect login (SAML): Keycloak's error page, as for a login below the broker's minimum
            throw provider.refuse("acr_unmet", "Level " + achieved + " is below the required " + asked.level(), EidMessages.ACR_NOT_MET);
        }
        if (asked.unmetBy(achieved)) {
            if (event != null) {
                event.event(EventType.IDENTITY_PROVIDER_LOGIN)
                        .detail(Details.IDENTITY_PROVIDER, alias)
                        .detail(Details.REASON, "acr_unmet")
                        .detail("requested_loa", String.valueOf(asked.level()))
                        .detail("achieved_loa", String.valueOf(achieved))
                        .error(Errors.IDENTITY_PROVIDER_LOGIN_FAILURE);
            }
            logger.debugf("Identity provider %s reached level %d, the application requires %d", alias, achieved, asked.level());
            throw new WebApplicationException(UnmetRequirements.response(session, authSession,
                    "The identity provider did not reach the requested level of authentication"));
        }
    }

    /**
     * Makes the level {@link #record} kept the level of this Keycloak login: the auth note Keycloak turns into the
     * tokens' {@code acr}, and the {@code loa-map} of the user session that SSO logins and step-up read (only the levels
     * the browser flow declares with a max age, as Keycloak's own "Condition - Level of Authentication" does). Also
     * keeps the returned acr as the user-session note {@value #UPSTREAM_ACR}, or removes an earlier
     * login's. Does nothing when the login links an account or recorded no level.
     */
    void finish(AuthenticationSessionModel authSession, BrokeredIdentityContext context) {
        Map<String, Object> data = context.getContextData();
        if ("true".equals(data.get(LINKING)) || !(data.get(ACHIEVED_LEVEL) instanceof String achievedNote)) {
            return;
        }
        int achieved = Integer.parseInt(achievedNote);
        AcrStore acrStore = new AcrStore(session, authSession);
        Map<Integer, Integer> declared = declaredMaxAges(authSession);
        for (int level : AcrSelector.loaMapping(provider).distinctLevels()) {
            if (level <= achieved && declared.getOrDefault(level, 0) > 0) {
                acrStore.setLevelAuthenticated(level);
            }
        }
        acrStore.setLevelAuthenticatedToCurrentRequest(achieved);
        String loaMap = authSession.getAuthNote(Constants.LOA_MAP);
        if (loaMap != null) {
            authSession.setUserSessionNote(Constants.LOA_MAP, loaMap);
        }
        if (data.get(UPSTREAM_ACR) instanceof String upstreamAcr) {
            authSession.setUserSessionNote(UPSTREAM_ACR, upstreamAcr);
        } else {
            // no acr this time: an SSO session stepped up from an earlier login must not keep that login's acr
            UserSessionModel userSession = new AuthenticationSessionManager(session).getUserSession(authSession);
            if (userSession != null) {
                userSession.removeNote(UPSTREAM_ACR);
            }
        }
    }

    /** Max age of each level the login's browser flow declares ("Condition - Level of Authentication" executions). */
    private Map<Integer, Integer> declaredMaxAges(AuthenticationSessionModel authSession) {
        try {
            AuthenticationFlowModel flow = AuthenticationFlowResolver.resolveBrowserFlow(authSession);
            return flow == null ? Map.of() : LoAUtil.getLoaMaxAgesConfiguredInRealmFlow(authSession.getRealm(), flow.getId());
        } catch (RuntimeException e) {
            logger.debugf("No browser flow for the levels of %s: %s", provider.getConfig().getAlias(), e.getMessage());
            return Map.of();
        }
    }
}
