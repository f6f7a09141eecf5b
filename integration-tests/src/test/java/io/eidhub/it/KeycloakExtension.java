package io.eidhub.it;

import io.eidhub.it.idemia.IdemiaBroker;
import io.eidhub.it.itsme.ItsmeBroker;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.keycloak.admin.client.Keycloak;

import io.eidhub.simulator.Simulator;

/**
 * JUnit 5 extension: starts the one Keycloak of this test JVM ({@link KeycloakServer#shared()}) before the first
 * test class that uses it and stops it when the whole run ends (root {@link ExtensionContext} store). A test class
 * never restarts the server.
 *
 * <p>Parameters it resolves (constructor, {@code @BeforeAll}, {@code @BeforeEach}, test methods):
 * <ul>
 *   <li>{@link KeycloakServer}: the shared server;</li>
 *   <li>{@link Keycloak}: the master-realm admin client (admin/admin), shared, do not close it;</li>
 *   <li>{@link TestRealm}: a NEW random realm per scope (test method or class), deleted when that scope ends
 *       (after the test method, or after the class for a {@code @BeforeAll}/constructor parameter).
 *       Keep realms for debugging with {@code -Deidhub.keepRealms=true};</li>
 *   <li>{@link ItsmeBroker} (a key-pair client at the itsme v2 tenant) and {@link IdemiaBroker} (the classic tenant):
 *       the client registered at the shared simulator for the scope's realm, the same realm a {@code TestRealm}
 *       parameter of the same method gets; the test adds the broker with its own configuration
 *       ({@code createBroker(Map)});</li>
 *   <li>{@link Browser}: a NEW browser (own cookie jar) per parameter;</li>
 *   <li>{@link Simulator}: the simulator of this JVM ({@link SharedSimulator}), started on first use on a free port.</li>
 * </ul>
 * Use {@link WithKeycloak} or {@code @ExtendWith(KeycloakExtension.class)}.
 */
public final class KeycloakExtension implements BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(KeycloakExtension.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        server(context);
    }

    /** The shared server, registering its shutdown with the root context of the run. */
    static KeycloakServer server(ExtensionContext context) {
        context.getRoot().getStore(NS).getOrComputeIfAbsent(StopAtEndOfRun.class, k -> new StopAtEndOfRun(),
                StopAtEndOfRun.class);
        return KeycloakServer.shared();
    }

    @Override
    public boolean supportsParameter(ParameterContext pc, ExtensionContext ec) {
        Class<?> t = pc.getParameter().getType();
        return t == KeycloakServer.class || t == Keycloak.class || t == TestRealm.class || t == Browser.class
                || t == Simulator.class || t == ItsmeBroker.class || t == IdemiaBroker.class;
    }

    @Override
    public Object resolveParameter(ParameterContext pc, ExtensionContext ec) {
        Class<?> t = pc.getParameter().getType();
        if (t == Simulator.class) {
            server(ec); // registers the end-of-run cleanup, which also stops the simulator
            return SharedSimulator.get();
        }
        KeycloakServer server = server(ec);
        if (t == KeycloakServer.class) {
            return server;
        }
        if (t == Keycloak.class) {
            return server.adminClient();
        }
        if (t == TestRealm.class) {
            return realm(server, ec);
        }
        if (t == ItsmeBroker.class) {
            return ItsmeBroker.keyPair(realm(server, ec), SharedSimulator.get());
        }
        if (t == IdemiaBroker.class) {
            return IdemiaBroker.classic(realm(server, ec), SharedSimulator.get());
        }
        if (t == Browser.class) {
            return new Browser();
        }
        throw new ParameterResolutionException("Unsupported parameter " + pc.getParameter());
    }

    /**
     * The realm of this context (method or class): made on first use, by a {@code TestRealm} parameter or by a broker
     * fixture's, so that a test's broker and its {@code TestRealm} are the same realm. Keyed by the context's unique
     * id, so that a method never gets the realm of its class's {@code @BeforeAll}.
     */
    private static TestRealm realm(KeycloakServer server, ExtensionContext ec) {
        String key = "realm:" + ec.getUniqueId();
        KnownRealm known = ec.getStore(NS).get(key, KnownRealm.class);
        if (known != null) {
            return known.realm();
        }
        TestRealm realm = server.createRealm();
        ec.getStore(NS).put(key, new KnownRealm(realm));
        if (!Boolean.getBoolean("eidhub.keepRealms")) {
            // closed (realm deleted) when this context (method or class) ends
            ec.getStore(NS).put(new Object(), new CloseRealm(realm));
        }
        return realm;
    }

    /** The realm of a context, held without closing it (a {@link TestRealm} is AutoCloseable; {@link CloseRealm} closes it). */
    private record KnownRealm(TestRealm realm) {
    }

    /** Stored in the root context: JUnit closes it after the last test of the run. */
    private static final class StopAtEndOfRun implements AutoCloseable {
        @Override
        public void close() {
            SharedSimulator.stop();
            KeycloakServer.stopShared();
        }
    }

    private static final class CloseRealm implements AutoCloseable {
        private final TestRealm realm;

        CloseRealm(TestRealm realm) {
            this.realm = realm;
        }

        @Override
        public void close() {
            realm.close();
        }
    }
}
