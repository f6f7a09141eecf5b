package io.eidhub.it.cluster;

import io.eidhub.it.Browser;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * The cluster's public address {@code http://127.0.0.1:<port>} (nothing listens there) and the routing a load
 * balancer in front of the nodes would do. The driver decides, per login, which node gets the start of the login
 * and which gets the provider's callback; with failover on, a node out of rotation (not yet ready, or exited) is
 * skipped and a node that refuses the connection (stopped, crashed) is passed over for the next one, as a
 * health-checked load balancer would.
 */
final class LoadBalancer {

    private final int port;
    private final List<ClusterNode> nodes;

    LoadBalancer(int port, List<ClusterNode> nodes) {
        this.port = port;
        this.nodes = List.copyOf(nodes);
    }

    /** The address every node announces ({@code --hostname}) and every URL the browser sees names. */
    String publicUrl() {
        return "http://127.0.0.1:" + port;
    }

    /**
     * A route for one login: its requests to the public address go to {@code start} until the provider's callback
     * ({@code /broker/<alias>/endpoint}) is requested, then to {@code callback} (for the rest of that login). With
     * {@code failover}, the other nodes follow as candidates when the connection is refused.
     */
    Route route(ClusterNode start, ClusterNode callback, boolean failover) {
        return new Route(start, callback, failover);
    }

    final class Route implements Browser.Router {
        private final ClusterNode callback;
        private final boolean failover;
        private volatile ClusterNode current;

        private Route(ClusterNode start, ClusterNode callback, boolean failover) {
            this.current = start;
            this.callback = callback;
            this.failover = failover;
        }

        @Override
        public List<URI> targets(URI url) {
            if (!"127.0.0.1".equals(url.getHost()) || url.getPort() != port) {
                return List.of(url);
            }
            String path = url.getRawPath() == null ? "" : url.getRawPath();
            if (path.contains("/broker/") && path.endsWith("/endpoint")) {
                current = callback;
            }
            if (!failover) {
                return List.of(on(current, url));
            }
            List<URI> out = new ArrayList<>();
            ClusterNode first = current;
            if (first.inRotation()) {
                out.add(on(first, url));
            }
            nodes.stream().filter(n -> n != first && n.inRotation()).forEach(n -> out.add(on(n, url)));
            return out.isEmpty() ? List.of(on(first, url)) : out;
        }
    }

    /** The same URL on one node. */
    static URI on(ClusterNode node, URI url) {
        return URI.create("http://127.0.0.1:" + node.httpPort + (url.getRawPath() == null ? "" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }
}
