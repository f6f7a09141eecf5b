package io.eidhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.List;
import java.util.Map;

/**
 * Test control API under {@code /sim/api}: the routes and who may call them. The handlers live in {@link RecordsApi}
 * (what was received), {@link FaultsApi} (faults and reset) and {@link TenantsApi} (clients, persons, claims,
 * switches, keys). Answers pretty-printed JSON; errors are {@code {"error": "..."}}.
 */
final class ControlApi {

    static final String PREFIX = "/sim/api";

    /** Header that authorises a control request from another host than the simulator's own. */
    static final String TOKEN_HEADER = "X-Sim-Control-Token";

    private final SimContext ctx;
    /** Printed at start: the control API hands out codes and tokens and rewrites what the providers assert. */
    private final String token = Ids.random(32);
    private final RecordsApi records;
    private final FaultsApi faults;
    private final TenantsApi tenants;

    ControlApi(SimContext ctx, List<Tenant> tenants, SimulatorKeys keys) {
        this.ctx = ctx;
        this.records = new RecordsApi(ctx);
        this.faults = new FaultsApi(ctx);
        this.tenants = new TenantsApi(ctx, tenants, keys);
    }

    void register(Router router) {
        ctx.log.always("control API %s: loopback requests only; from another host send the header %s: %s",
                PREFIX, TOKEN_HEADER, token);
        register(router, PREFIX + "/clients", tenants::clients);
        register(router, PREFIX + "/requests/last", ex -> records.last(ex, true));
        register(router, PREFIX + "/token-requests/last", ex -> records.last(ex, false));
        register(router, PREFIX + "/logouts", records::logouts);
        register(router, PREFIX + "/faults", faults::faults);
        register(router, PREFIX + "/reset", faults::reset);
        register(router, PREFIX + "/persons", tenants::persons);
        register(router, PREFIX + "/credentials", records::credentials);
        register(router, PREFIX + "/jwks-requests", records::jwksRequests);
        register(router, PREFIX + "/counts", records::counts);
        register(router, PREFIX + "/keys", tenants::keys);
        register(router, PREFIX + "/claims", tenants::claims);
        register(router, PREFIX + "/rotate-encryption-key", tenants::rotateEncryptionKey);
        register(router, PREFIX + "/switches", tenants::switches);
        register(router, PREFIX + "/userinfo-requests", records::userinfoRequests);
    }

    String token() {
        return token;
    }

    private void register(Router router, String path, Router.Route route) {
        router.add(path, ex -> {
            if (allowed(ex)) {
                route.handle(ex);
            } else {
                ctx.log.info("control API: refused %s %s from a non-loopback address without the token", ex.getRequestMethod(), path);
                error(ex, 403, "the control API answers loopback requests only, or requests with the header " + TOKEN_HEADER
                        + " the simulator printed at start");
            }
        });
    }

    /** A request from a loopback address, or one carrying the token printed at start. */
    private boolean allowed(HttpExchange ex) {
        java.net.InetAddress remote = ex.getRemoteAddress() == null ? null : ex.getRemoteAddress().getAddress();
        if (remote != null && remote.isLoopbackAddress()) {
            return true;
        }
        String presented = ex.getRequestHeaders().getFirst(TOKEN_HEADER);
        return presented != null && java.security.MessageDigest.isEqual(
                presented.getBytes(java.nio.charset.StandardCharsets.UTF_8), token.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    static void error(HttpExchange ex, int status, String message) throws IOException {
        HttpIo.prettyJson(ex, status, Map.of("error", message));
    }
}
