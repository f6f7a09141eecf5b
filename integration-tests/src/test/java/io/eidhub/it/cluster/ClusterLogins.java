package io.eidhub.it.cluster;

import io.eidhub.it.AuthRequest;
import io.eidhub.it.Browser;
import io.eidhub.it.Page;
import io.eidhub.it.TestRealm;
import io.eidhub.it.Tokens;
import io.eidhub.it.bench.BenchBroker;

import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Broker logins across the cluster, driven without a browser engine by the benchmark's driver
 * ({@link BenchBroker#approve}): the application's authorization request and the redirect to the provider on one
 * node, the provider's callback (query redirect or {@code form_post}) and the rest of the login on another, the
 * application's code exchange on a third choice. The outcome of each login is kept for the figures.
 */
final class ClusterLogins {

    /** Where the three parts of one login go. */
    record Plan(BenchBroker broker, ClusterNode start, ClusterNode callback, ClusterNode exchange) {
        @Override
        public String toString() {
            return broker.name() + " start=" + start.name + " callback=" + callback.name + " exchange=" + exchange.name;
        }
    }

    /** One login: when it started and ended ({@link System#nanoTime()}), and why it failed (null when it did not). */
    record Outcome(int index, Plan plan, long startNanos, long endNanos, String error) {
        boolean ok() {
            return error == null;
        }

        long millis() {
            return (endNanos - startNanos) / 1_000_000;
        }
    }

    private final TestRealm realm;
    private final LoadBalancer lb;
    private final List<ClusterNode> nodes;
    private final List<Outcome> outcomes = Collections.synchronizedList(new ArrayList<>());

    ClusterLogins(TestRealm realm, LoadBalancer lb, List<ClusterNode> nodes) {
        this.realm = realm;
        this.lb = lb;
        this.nodes = List.copyOf(nodes);
    }

    /**
     * Runs one login as planned and records its outcome. Without {@code failover} every request goes exactly where
     * the plan says (a refused connection fails the login); with it, a refused connection is retried on the other
     * node, as a load balancer would.
     */
    Outcome run(int index, Plan plan, boolean failover) {
        long t0 = System.nanoTime();
        String error = null;
        try {
            login(plan, failover);
        } catch (RuntimeException | AssertionError e) {
            error = firstLine(e);
        }
        Outcome o = new Outcome(index, plan, t0, System.nanoTime(), error);
        outcomes.add(o);
        return o;
    }

    private void login(Plan plan, boolean failover) {
        Browser browser = new Browser().route(lb.route(plan.start(), plan.callback(), failover));
        AuthRequest request = realm.authRequest().idpHint(plan.broker().name());
        Page callback = request.assertCallback(plan.broker().approve(browser, request));
        String code = callback.queryParam("code");
        if (code == null) {
            throw new AssertionError("no code: error=" + callback.queryParam("error") + " "
                    + callback.queryParam("error_description"));
        }
        Tokens tokens = exchange(code, plan.exchange(), failover);
        if (!request.nonce().equals(tokens.idTokenClaims().get("nonce"))) {
            throw new AssertionError("ID token nonce " + tokens.idTokenClaims().get("nonce") + " != " + request.nonce());
        }
    }

    private Tokens exchange(String code, ClusterNode node, boolean failover) {
        List<ClusterNode> candidates = new ArrayList<>();
        if (failover) { // as the load balancer routes: nodes in rotation, the planned one first
            nodes.stream().filter(n -> n.inRotation()).sorted((x, y) -> x == node ? -1 : y == node ? 1 : 0).forEach(candidates::add);
        }
        if (candidates.isEmpty()) { // none ready: all, the planned one first (the load balancer's panic routing)
            candidates.add(node);
            nodes.stream().filter(n -> n != node).forEach(candidates::add);
        }
        for (int i = 0; ; i++) {
            String endpoint = candidates.get(i).url() + "/realms/" + realm.name() + "/protocol/openid-connect/token";
            try {
                return realm.exchangeCode(code, endpoint);
            } catch (UncheckedIOException e) {
                if (!Browser.refused(e) || i + 1 == candidates.size()) {
                    throw new UncheckedIOException("code exchange at " + endpoint + " failed", e.getCause());
                }
            }
        }
    }

    List<Outcome> outcomes() {
        synchronized (outcomes) {
            return List.copyOf(outcomes);
        }
    }

    void clear() {
        outcomes.clear();
    }

    private static String firstLine(Throwable e) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = String.valueOf(t.getMessage());
            int nl = m.indexOf('\n');
            out.append(out.length() == 0 ? "" : " <- ").append(t.getClass().getSimpleName()).append(": ")
                    .append(nl < 0 ? m : m.substring(0, nl));
        }
        return out.toString();
    }
}
