package io.eidhub.it.cluster;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.eidhub.it.Browser;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The cluster's public address {@code http://127.0.0.1:<port>} and the routing a load balancer in front of the
 * nodes would do. The browser's requests are routed in the driver's browser ({@link #route}), so that the test
 * decides which node gets which step of a login; the provider's own requests to the public address (the simulator
 * reading the realm's JWKS for {@code private_key_jwt} and the encrypted ID token) reach a small forwarding listener
 * on that port ({@link #start}), which sends each GET to the nodes in rotation in turn. The driver decides, per login, which node gets the start of the login
 * and which gets the provider's callback; with failover on, a node out of rotation (its {@code /health/ready} not
 * UP) is skipped and a node that refuses the connection (stopped, crashed) is passed over for the next one, as a
 * health-checked load balancer would; when no node is in rotation, all are tried (what load balancers call panic
 * routing: after a crash the survivor reports not ready for a while, see README "A cluster").
 */
final class LoadBalancer {

    private final int port;
    private final List<ClusterNode> nodes;
    private final AtomicInteger next = new AtomicInteger();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private HttpServer server;

    LoadBalancer(int port, List<ClusterNode> nodes) {
        this.port = port;
        this.nodes = List.copyOf(nodes);
    }

    /** Opens the forwarding listener on the public address (GET only: what a provider asks of the hub). */
    void start() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + publicUrl(), e);
        }
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/", this::forward);
        server.start();
    }

    void stop() {
        if (server != null) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!"GET".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(405, -1);
                return;
            }
            List<ClusterNode> order = new ArrayList<>(nodes.stream().filter(ClusterNode::inRotation).toList());
            if (order.isEmpty()) {
                order.addAll(nodes); // panic routing, as for the browser
            }
            java.util.Collections.rotate(order, next.getAndIncrement());
            for (ClusterNode node : order) {
                try {
                    HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(on(node, exchange.getRequestURI()))
                            .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
                    r.headers().firstValue("content-type").ifPresent(v -> exchange.getResponseHeaders().set("Content-Type", v));
                    exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
                    exchange.getResponseBody().write(r.body());
                    return;
                } catch (IOException e) {
                    if (!Browser.refused(e)) {
                        throw e;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException(e);
                }
            }
            exchange.sendResponseHeaders(503, -1);
        }
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
            if (out.isEmpty()) { // no node reports ready: try them all (a load balancer's "panic" routing)
                out.add(on(first, url));
                nodes.stream().filter(n -> n != first).forEach(n -> out.add(on(n, url)));
            }
            return out;
        }
    }

    /** The same URL on one node. */
    static URI on(ClusterNode node, URI url) {
        return URI.create("http://127.0.0.1:" + node.httpPort + (url.getRawPath() == null ? "" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }
}
