package io.eidhub.simulator;

import java.util.List;
import java.util.Map;

/**
 * What one simulated provider (itsme, IDEMIA) does differently from the others, in one place: its tenants, its
 * protocol endpoints, its rules for client registrations, its subject scheme, its age claims and the faults that can
 * apply to it. The rest of the simulator asks the descriptor instead of testing the provider's name.
 * <p>
 * Adding a tenant is one more {@link TenantSpec} in {@link #tenants()}; adding a provider is one descriptor, one
 * {@link OidcProvider} subclass, one line in {@link SimulatedProviders#ALL} and its people in {@code persons.json}.
 */
interface SimulatedProvider {

    /** The provider id, e.g. {@code itsme}: also the brand CSS class and the {@code provider} of its persons. */
    String id();

    /** The tenants (issuers) this provider runs, in the order the landing page lists them. */
    List<TenantSpec> tenants();

    /** The protocol endpoints of one of its tenants. */
    OidcProvider endpoints(Tenant tenant, SimContext ctx);

    /** The client authentication method of a registration that names none. */
    String defaultAuthMethod(boolean hasJwks, boolean hasSecret);

    /** Why a registration with this authentication method is refused, or null when the method is accepted. */
    String refusedAuthMethodMessage(String method);

    /** The ID-token encryption of a registration that asked for {@code requested} (null: none asked). */
    String idTokenEncryption(String requested, String authMethod);

    /** Whether ID tokens are encrypted to the client (unless its registration says {@code none}). */
    boolean encryptsIdTokens();

    /** Whether a request object must be signed, then encrypted (a bare JWS is refused). */
    boolean requiresEncryptedRequestObject();

    /** Why the token endpoint refuses client credentials in HTTP Basic, or null when it accepts them. */
    String httpBasicRefusal();

    /** Whether the provider has an end_session endpoint. */
    boolean hasEndSession();

    /** The pairwise subject of a person for a client, stable across logins. */
    String subject(String clientId, String personId);

    /** The age claims of a person of this age, in the provider's spelling. */
    Map<String, Object> ageClaims(int age);

    /** Whether a fault can apply to this provider's answers. */
    default boolean supports(Fault fault) {
        return switch (fault.needs()) {
            case NOTHING -> true;
            case ENCRYPTED_ID_TOKEN -> encryptsIdTokens();
            case END_SESSION -> hasEndSession();
        };
    }
}
