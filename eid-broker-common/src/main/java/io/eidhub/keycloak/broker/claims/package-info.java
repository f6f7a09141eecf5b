/**
 * The hub's provider-neutral description of a verified person ({@code VerifiedIdentity}, {@code VerifiedClaims}),
 * what an application asked for ({@code ClaimNeeds}), and the protocol mappers that emit them. Extension API for the
 * provider modules (which describe their claims in this vocabulary) and for realm configuration (the mappers).
 */
package io.eidhub.keycloak.broker.claims;
