package io.eidhub.keycloak.broker;

import io.eidhub.keycloak.broker.claims.ClaimNeeds;
import io.eidhub.keycloak.broker.claims.VerifiedIdentity;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.sessions.AuthenticationSessionModel;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Builds the login's {@link VerifiedIdentity} from a checked identity and keeps it in the context data until
 * {@link EidIdentityProvider#authenticationFinished} puts it in the user session; drops the provider's claims the
 * application did not ask for. In this package (not {@code claims}) because it calls the provider's protected hooks
 * ({@code describeIdentity}, {@code knownUserClaims}, {@code neededUserClaims}).
 */
final class VerifiedIdentityKeeper {

    private final KeycloakSession session;
    private final EidIdentityProvider<?> provider;
    private final EidIdentityProviderConfig config;

    VerifiedIdentityKeeper(KeycloakSession session, EidIdentityProvider<?> provider) {
        this.session = session;
        this.provider = provider;
        this.config = provider.getConfig();
    }

    /**
     * When the application asked for the hub's scopes, drops the provider's claims it did not ask for (so that no
     * mapper imports them, e.g. the birth date itsme sent only for the hub to derive the age) after deriving the age.
     * Then builds the login's {@link VerifiedIdentity} (with this broker's trust framework and assurance level) and
     * keeps it in the context data. With {@code storeClaims=session} the profile fields Keycloak would copy to the user
     * are cleared: the person's data lives in the user session only.
     */
    void keep(BrokeredIdentityContext identity) {
        ClaimNeeds needs = applicationNeeds(session.getContext().getAuthenticationSession());
        Boolean ageOver18 = null;
        if (needs.applicationScoped()) {
            // the age first (it may need the birth date), then only what the application asked for goes on
            ageOver18 = newIdentity(identity).ageOver18();
            UpstreamClaims.retain(identity, provider.knownUserClaims(), provider.neededUserClaims(needs));
        }
        VerifiedIdentity verified = newIdentity(identity).ageOver18(ageOver18);
        identity.getContextData().put(VerifiedIdentity.NOTE, verified.toNote());
        if (config.storesClaimsInSessionOnly()) {
            identity.setFirstName(null);
            identity.setLastName(null);
            identity.setEmail(null);
        }
    }

    /**
     * What the application behind this login asked the hub for ({@code scope} and {@code claims} parameters), or
     * "not application-scoped" when no authentication session is at hand.
     */
    static ClaimNeeds applicationNeeds(AuthenticationSessionModel authSession) {
        if (authSession == null) {
            return ClaimNeeds.of(null, null);
        }
        return ClaimNeeds.of(authSession.getClientNote(OIDCLoginProtocol.SCOPE_PARAM),
                authSession.getClientNote(OIDCLoginProtocol.CLAIMS_PARAM));
    }

    /** The login's identity from what is left of the provider's claims, the age derived from a birth date if needed. */
    private VerifiedIdentity newIdentity(BrokeredIdentityContext identity) {
        VerifiedIdentity verified = VerifiedIdentity.of(config.getAlias(), config.getTrustFramework(), config.getAssuranceLevel(),
                Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        provider.describeIdentity(identity, verified);
        return verified.ageOver18(LocalDate.now(ZoneOffset.UTC));
    }

    /** Puts the login's {@link VerifiedIdentity} that {@link #keep} kept in the user session about to be attached. */
    static void finish(AuthenticationSessionModel authSession, BrokeredIdentityContext context) {
        if (context.getContextData().get(VerifiedIdentity.NOTE) instanceof String verified) {
            authSession.setUserSessionNote(VerifiedIdentity.NOTE, verified);
        }
    }
}
