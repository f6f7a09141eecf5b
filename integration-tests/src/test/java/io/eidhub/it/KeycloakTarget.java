package io.eidhub.it;

import org.keycloak.admin.client.Keycloak;

/**
 * A running Keycloak that end-to-end scenarios can use, whatever started it: the distribution child process of this
 * rig ({@link KeycloakServer}) or a container (testcontainers-keycloak, see {@code io.eidhub.it.hostile}).
 * {@link TestRealm} works on any target.
 */
public interface KeycloakTarget {

    /** Host the simulator runs on as Keycloak sees it: Keycloak in this machine's loopback. */
    String LOOPBACK = "127.0.0.1";
    /** Host the simulator runs on as a Testcontainers container sees it ({@code Testcontainers.exposeHostPorts}). */
    String TESTCONTAINERS_HOST = "host.testcontainers.internal";

    /** {@code http://localhost:<port>} as the tests (and their browser) reach it, no trailing slash. */
    String baseUrl();

    /** Master-realm admin client (admin/admin); shared, do not close it. */
    Keycloak adminClient();

    /** Current end of the server log; pass it to {@link #serverLogSince(long)}. */
    long logMark();

    /** Server log text written after {@code mark}. Keycloak logs asynchronously: poll if needed. */
    String serverLogSince(long mark);

    boolean isRunning();

    /**
     * The host name under which the server reaches services of the test JVM (the simulator): {@link #LOOPBACK} for a
     * child process, {@link #TESTCONTAINERS_HOST} for a container.
     */
    default String hostOfTestJvm() {
        return LOOPBACK;
    }

    /** {@code <base>/realms/<realm>} = the realm's OIDC issuer. */
    default String realmUrl(String realm) {
        return baseUrl() + "/realms/" + realm;
    }
}
