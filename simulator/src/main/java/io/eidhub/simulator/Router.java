package io.eidhub.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Exact-path routing for the single {@code HttpServer} context, with uniform failure handling. */
final class Router implements HttpHandler {

    @FunctionalInterface
    interface Route {
        void handle(HttpExchange ex) throws Exception;
    }

    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final Log log;

    Router(Log log) {
        this.log = log;
    }

    void add(String path, Route route) {
        if (routes.putIfAbsent(path, route) != null) {
            throw new IllegalStateException("duplicate route " + path);
        }
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        Route route = routes.get(path);
        if (route == null && path.length() > 1 && path.endsWith("/")) {
            route = routes.get(path.substring(0, path.length() - 1));
        }
        try {
            if (route == null) {
                HttpIo.text(ex, 404, "not found: " + path);
            } else {
                route.handle(ex);
            }
        } catch (Exception e) {
            log.always("internal error on %s %s: %s", ex.getRequestMethod(), path, e);
            try {
                HttpIo.text(ex, 500, "internal simulator error: " + e.getMessage());
            } catch (IOException | RuntimeException ignored) {
                // response already started
            }
        } finally {
            ex.close();
        }
    }
}
