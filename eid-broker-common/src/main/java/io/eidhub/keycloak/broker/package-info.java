/**
 * Keycloak's OIDC broker hardened for government eID providers, shared by the itsme and IDEMIA brokers.
 *
 * <p>On top of what Keycloak's {@code OIDCIdentityProvider} already does (JWE decryption with realm keys, JWKS cache
 * and rotation, private_key_jwt, PKCE, nonce), a broker built on {@link io.eidhub.keycloak.broker.EidIdentityProvider}
 * <ul>
 *   <li>reads endpoints, issuer and JWKS from the cached discovery document;</li>
 *   <li>sends one acr: the weakest that reaches the level the application asked for ({@code acr_values}, an essential
 *       {@code acr} claim), never below the configured minimum; refuses a returned acr that is unknown or below the
 *       minimum, and handles a missing one as {@code missingAcr} says ({@link io.eidhub.keycloak.broker.MissingAcr});</li>
 *   <li>makes the level the provider returned the level of the Keycloak login ({@code loaMapping}), so that the
 *       {@code acr} of Keycloak's tokens follows the realm's ACR to LoA mapping, also on later SSO logins; answers
 *       {@code unmet_authentication_requirements} to the application when an essential level cannot be met;</li>
 *   <li>requires {@code exp}, refuses an {@code iat} in the future and checks the nonce before anything else;</li>
 *   <li>reads userinfo whatever its content type says (JSON, or a signed and/or encrypted JWT) and requires its
 *       {@code sub} to equal the ID token's;</li>
 *   <li>decrypts ID tokens encrypted with {@code alg=dir} from the client secret (OpenID Connect Core §10.2), and
 *       RSA-OAEP / RSA-OAEP-256 JWEs with any RSA encryption key of the realm;</li>
 *   <li>accepts the authorization response as a GET or, where enabled, an HTTP POST ({@code form_post});</li>
 *   <li>turns provider errors and refused answers into translated messages and Keycloak error events with a
 *       {@code reason}, without ever logging a token or secret.</li>
 * </ul>
 *
 * <p><b>Extension API</b> (what provider modules in other jars use): {@code EidIdentityProvider} (its protected hooks
 * and {@code refuse}), {@code EidIdentityProviderConfig}, {@code ConfigCheck}, {@code AcrLevels}, {@code MissingAcr},
 * {@code LoaMapping}, {@code EidMessages}, {@code ProviderMetadata}, {@code UpstreamClaimMapper},
 * {@code UpstreamClaims}. Everything package-private is internal. {@code EidCallbackEndpoint} is public only because
 * Quarkus REST's generated code invokes its resource methods; it is internal too.
 *
 * <p><b>Message keys.</b> What an end user sees: {@code eidhub*} keys, named in {@code EidMessages}, in this module's
 * {@code theme-resources/messages}. What an admin sees in a provider's form: {@code <provider>.<key>} and
 * {@code <provider>.<key>.help}, in the provider module's own message files.
 */
package io.eidhub.keycloak.broker;
