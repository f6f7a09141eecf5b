/**
 * Authenticator SPI, not broker API: Keycloak authenticators of the hub (e.g. the step-up redirector that sends a
 * login needing a higher level to an eID broker). Only the factories are public, for Keycloak's service loader.
 */
package io.eidhub.keycloak.authenticator;
