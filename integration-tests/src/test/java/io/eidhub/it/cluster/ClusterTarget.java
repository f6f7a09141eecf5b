package io.eidhub.it.cluster;

import io.eidhub.it.KeycloakServer;
import io.eidhub.it.KeycloakTarget;
import org.keycloak.admin.client.Keycloak;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cluster as a {@link KeycloakTarget} for {@code TestRealm}: URLs name the public address; the admin API is
 * called on the first running node (its own address); the log is that node's.
 */
final class ClusterTarget implements KeycloakTarget {

    private final LoadBalancer lb;
    private final List<ClusterNode> nodes;
    private final Map<ClusterNode, Keycloak> admins = new ConcurrentHashMap<>();

    ClusterTarget(LoadBalancer lb, List<ClusterNode> nodes) {
        this.lb = lb;
        this.nodes = List.copyOf(nodes);
    }

    private ClusterNode running() {
        return nodes.stream().filter(ClusterNode::isRunning).findFirst()
                .orElseThrow(() -> new IllegalStateException("no node is running"));
    }

    @Override
    public String baseUrl() {
        return lb.publicUrl();
    }

    @Override
    public Keycloak adminClient() {
        return admins.computeIfAbsent(running(), n -> Keycloak.getInstance(n.url(), "master",
                KeycloakServer.ADMIN_USER, KeycloakServer.ADMIN_PASSWORD, "admin-cli"));
    }

    @Override
    public long logMark() {
        return running().logSinceStart().length();
    }

    @Override
    public String serverLogSince(long mark) {
        String log = running().logSinceStart();
        return log.substring((int) Math.min(mark, log.length()));
    }

    @Override
    public boolean isRunning() {
        return nodes.stream().anyMatch(ClusterNode::isRunning);
    }

    void closeAdminClients() {
        admins.values().forEach(Keycloak::close);
        admins.clear();
    }
}
