package io.eidhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test control API under {@code /sim/api}: clients, recorded requests, logouts, faults, reset, persons.
 * Answers pretty-printed JSON; errors are {@code {"error": "..."}}.
 */
final class ControlApi {

    static final String PREFIX = "/sim/api";

    /** Header that authorises a control request from another host than the simulator's own. */
    static final String TOKEN_HEADER = "X-Sim-Control-Token";

    private final SimContext ctx;
    /** Printed at start: the control API hands out codes and tokens and rewrites what the providers assert. */
    private final String token = Ids.random(32);
    private final List<Tenant> tenants;
    private final SimulatorKeys keys;

    ControlApi(SimContext ctx, List<Tenant> tenants, SimulatorKeys keys) {
        this.ctx = ctx;
        this.tenants = List.copyOf(tenants);
        this.keys = keys;
    }

    void register(Router router) {
        ctx.log.always("control API %s: loopback requests only; from another host send the header %s: %s",
                PREFIX, TOKEN_HEADER, token);
        register(router, PREFIX + "/clients", this::clients);
        register(router, PREFIX + "/requests/last", ex -> last(ex, true));
        register(router, PREFIX + "/token-requests/last", ex -> last(ex, false));
        register(router, PREFIX + "/logouts", this::logouts);
        register(router, PREFIX + "/faults", this::faults);
        register(router, PREFIX + "/reset", this::reset);
        register(router, PREFIX + "/persons", this::persons);
        register(router, PREFIX + "/credentials", this::credentials);
        register(router, PREFIX + "/jwks-requests", this::jwksRequests);
        register(router, PREFIX + "/counts", this::counts);
        register(router, PREFIX + "/keys", this::keys);
        register(router, PREFIX + "/claims", this::claims);
        register(router, PREFIX + "/rotate-encryption-key", this::rotateEncryptionKey);
        register(router, PREFIX + "/switches", this::switches);
        register(router, PREFIX + "/userinfo-requests", this::userinfoRequests);
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

    /** {@code GET /sim/api/userinfo-requests}: per client id, how many userinfo requests with a valid token arrived. */
    private void userinfoRequests(HttpExchange ex) throws IOException {
        if (!OidcProvider.isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        HttpIo.prettyJson(ex, 200, ctx.recorder.userinfoRequests());
    }

    /**
     * Switches that depart from a tenant's documented behaviour ({@link TenantSwitches}):
     * {@code POST {"tenant":"itsme-v2","switch":"omitAcr","on":true}}, {@code GET} lists them, {@code DELETE} clears them.
     */
    private void switches(HttpExchange ex) throws IOException {
        switch (ex.getRequestMethod()) {
            case "GET" -> HttpIo.prettyJson(ex, 200, ctx.switches.snapshot());
            case "POST" -> {
                Map<String, Object> body;
                try {
                    body = Json.parseObject(HttpIo.body(ex));
                } catch (ParseException e) {
                    error(ex, 400, "body must be {\"tenant\":\"...\",\"switch\":\"...\",\"on\":true|false}");
                    return;
                }
                String tenant = String.valueOf(body.get("tenant"));
                if (!ctx.tenants.containsKey(tenant)
                        || !(body.get("on") instanceof Boolean on)) {
                    error(ex, 400, "unknown tenant, or 'on' is not a boolean");
                    return;
                }
                try {
                    ctx.switches.set(tenant, String.valueOf(body.get("switch")), on);
                } catch (IllegalArgumentException e) {
                    error(ex, 400, e.getMessage());
                    return;
                }
                ctx.log.info("switch %s of %s set to %s", body.get("switch"), tenant, on);
                HttpIo.prettyJson(ex, 200, ctx.switches.snapshot());
            }
            case "DELETE" -> {
                ctx.switches.clear();
                HttpIo.prettyJson(ex, 200, ctx.switches.snapshot());
            }
            default -> HttpIo.methodNotAllowed(ex, "GET, POST, DELETE");
        }
    }

    /**
     * Test-only: {@code GET /sim/api/credentials?clientId=...} lists, oldest first, the secrets this client received
     * or presented (authorization codes, PKCE verifiers, client assertions, access tokens, ID tokens with their inner
     * JWS, itsme userinfo JWTs), so that a test can check that none of them appears in a log. Nothing here is logged.
     */
    private void credentials(HttpExchange ex) throws IOException {
        if (!OidcProvider.isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        String clientId = HttpIo.single(HttpIo.query(ex)).get("clientId");
        if (clientId == null) {
            error(ex, 400, "query parameter 'clientId' is required");
            return;
        }
        HttpIo.noStore(ex);
        HttpIo.prettyJson(ex, 200, ctx.recorder.credentials(clientId));
    }

    /**
     * {@code POST /sim/api/rotate-encryption-key?tenant=itsme-v2}: the tenant's encryption key is replaced by a new one
     * (the {@code enc_key_rotated} case); answers {@code {"tenant":"...","kid":"<new kid>"}}.
     */
    private void rotateEncryptionKey(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            HttpIo.methodNotAllowed(ex, "POST");
            return;
        }
        String tenantId = HttpIo.single(HttpIo.query(ex)).get("tenant");
        Tenant tenant = tenants.stream().filter(t -> t.id.equals(tenantId)).findFirst().orElse(null);
        if (tenant == null || tenant.encryptionKey == null) {
            error(ex, 400, "query parameter 'tenant' must name a tenant with an encryption key");
            return;
        }
        String kid = tenant.rotateEncryptionKey(keys);
        ctx.log.info("%s: encryption key rotated, new kid %s", tenant.id, kid);
        HttpIo.prettyJson(ex, 200, Map.of("tenant", tenant.id, "kid", kid));
    }

    /** {@code GET /sim/api/jwks-requests}: per tenant id, how many JWKS requests arrived and when the last one did. */
    private void jwksRequests(HttpExchange ex) throws IOException {
        if (!OidcProvider.isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        HttpIo.prettyJson(ex, 200, ctx.recorder.jwksRequests());
    }

    /**
     * {@code GET /sim/api/counts}: per tenant id, how many requests each endpoint ({@code discovery}, {@code jwks},
     * {@code authorization}, {@code token}, {@code userinfo}) received since the start or the last reset.
     */
    private void counts(HttpExchange ex) throws IOException {
        if (!OidcProvider.isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        HttpIo.noStore(ex);
        HttpIo.prettyJson(ex, 200, ctx.recorder.counts());
    }

    /**
     * Signing-key rotation of a tenant: {@code POST {"tenant":"itsme-v2","action":"rotate"}} publishes a new key next
     * to the old ones and signs with it from then on; {@code "action":"retire"} removes all but the current key from
     * the JWKS. {@code GET ?tenant=} lists the published kids, oldest first, and the current one.
     */
    private void keys(HttpExchange ex) throws IOException {
        switch (ex.getRequestMethod()) {
            case "GET" -> {
                Tenant t = ctx.tenant(HttpIo.single(HttpIo.query(ex)).get("tenant"));
                if (t == null) {
                    error(ex, 400, "query parameter 'tenant' must be a tenant id");
                    return;
                }
                HttpIo.prettyJson(ex, 200, keyState(t));
            }
            case "POST" -> {
                Map<String, Object> body;
                try {
                    body = Json.parseObject(HttpIo.body(ex));
                } catch (ParseException e) {
                    error(ex, 400, "body must be {\"tenant\":\"...\",\"action\":\"rotate|retire\"}");
                    return;
                }
                Tenant t = ctx.tenant(String.valueOf(body.get("tenant")));
                String action = String.valueOf(body.get("action"));
                if (t == null || !("rotate".equals(action) || "retire".equals(action))) {
                    error(ex, 400, "'tenant' must be a tenant id and 'action' rotate or retire");
                    return;
                }
                if ("rotate".equals(action)) {
                    ctx.log.info("%s signing key rotated: now %s", t.id, t.signingKeys.rotate());
                } else {
                    ctx.log.info("%s signing keys retired: %s", t.id, t.signingKeys.retireOld());
                }
                HttpIo.prettyJson(ex, 200, keyState(t));
            }
            default -> HttpIo.methodNotAllowed(ex, "GET, POST");
        }
    }

    private static Map<String, Object> keyState(Tenant t) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("tenant", t.id);
        out.put("published", t.signingKeys.published().stream().map(k -> k.getKeyID()).toList());
        out.put("current", t.signingKey().getKeyID());
        return out;
    }

    /**
     * Test-only changes to a person's claims: {@code POST {"provider":"itsme","person":"alice","claims":{"family_name":"X"}}}
     * (a null value withdraws a claim), {@code GET} lists them, {@code DELETE} clears them.
     */
    private void claims(HttpExchange ex) throws IOException {
        switch (ex.getRequestMethod()) {
            case "GET" -> HttpIo.prettyJson(ex, 200, ctx.claimOverrides.snapshot());
            case "POST" -> {
                Map<String, Object> body;
                try {
                    body = Json.parseObject(HttpIo.body(ex));
                } catch (ParseException e) {
                    error(ex, 400, "body must be {\"provider\":\"...\",\"person\":\"...\",\"claims\":{...}}");
                    return;
                }
                String provider = String.valueOf(body.get("provider"));
                String person = String.valueOf(body.get("person"));
                Map<String, Object> claims = Json.asObject(body.get("claims"));
                if (TestPersons.find(provider, person) == null || claims == null) {
                    error(ex, 400, "unknown provider/person, or 'claims' is not an object");
                    return;
                }
                ctx.claimOverrides.set(provider, person, claims);
                ctx.log.info("claims of %s/%s overridden: %s", provider, person, claims.keySet());
                HttpIo.prettyJson(ex, 200, ctx.claimOverrides.snapshot());
            }
            case "DELETE" -> {
                ctx.claimOverrides.clear();
                HttpIo.prettyJson(ex, 200, ctx.claimOverrides.snapshot());
            }
            default -> HttpIo.methodNotAllowed(ex, "GET, POST, DELETE");
        }
    }

    private void clients(HttpExchange ex) throws IOException {
        switch (ex.getRequestMethod()) {
            case "GET" -> HttpIo.prettyJson(ex, 200, clientList());
            case "POST" -> {
                ClientRegistration client;
                try {
                    client = ClientRegistration.fromJson(HttpIo.body(ex));
                } catch (IllegalArgumentException e) {
                    error(ex, 400, e.getMessage());
                    return;
                }
                boolean replaced = ctx.clients.register(client);
                ctx.log.info("%s %s", replaced ? "replaced" : "registered", client);
                HttpIo.prettyJson(ex, replaced ? 200 : 201, client.toMap(false));
            }
            case "DELETE" -> {
                Map<String, String> q = HttpIo.single(HttpIo.query(ex));
                boolean removed = ctx.clients.remove(String.valueOf(q.get("provider")), q.get("clientId"));
                if (removed) {
                    HttpIo.send(ex, 204, null, new byte[0]);
                } else {
                    error(ex, 404, "no such client");
                }
            }
            default -> HttpIo.methodNotAllowed(ex, "GET, POST, DELETE");
        }
    }

    private List<Map<String, Object>> clientList() {
        List<Map<String, Object>> out = new ArrayList<>();
        ctx.clients.all().forEach(c -> out.add(c.toMap(false)));
        return out;
    }

    private void last(HttpExchange ex, boolean authorization) throws IOException {
        if (!OidcProvider.isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        String provider = HttpIo.single(HttpIo.query(ex)).get("provider");
        if (provider == null) {
            error(ex, 400, "query parameter 'provider' is required (itsme, idemia, or a tenant id)");
            return;
        }
        Map<String, Object> record = authorization ? ctx.recorder.lastAuthorization(provider)
                : ctx.recorder.lastToken(provider);
        if (record == null) {
            error(ex, 404, "no " + (authorization ? "authorization" : "token") + " request recorded for " + provider);
        } else {
            HttpIo.prettyJson(ex, 200, record);
        }
    }

    private void logouts(HttpExchange ex) throws IOException {
        if (!OidcProvider.isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        HttpIo.prettyJson(ex, 200, ctx.recorder.logouts());
    }

    private void faults(HttpExchange ex) throws IOException {
        switch (ex.getRequestMethod()) {
            case "GET" -> HttpIo.prettyJson(ex, 200, faultState());
            case "POST" -> {
                Map<String, Object> body;
                try {
                    body = Json.parseObject(HttpIo.body(ex));
                } catch (ParseException e) {
                    error(ex, 400, "body must be {\"provider\":\"itsme|idemia\",\"fault\":\"...\"}");
                    return;
                }
                try {
                    Fault fault = arm(ctx, String.valueOf(body.get("provider")), String.valueOf(body.get("fault")),
                            body.get("delayMillis") instanceof Number n ? n.longValue() : null);
                    ctx.log.info("fault %s armed for %s", fault.id(), body.get("provider"));
                    HttpIo.prettyJson(ex, 200, faultState());
                } catch (IllegalArgumentException e) {
                    error(ex, 400, e.getMessage());
                }
            }
            case "DELETE" -> {
                ctx.faults.clear();
                HttpIo.prettyJson(ex, 200, faultState());
            }
            default -> HttpIo.methodNotAllowed(ex, "GET, POST, DELETE");
        }
    }

    static Fault arm(SimContext ctx, String provider, String faultName) {
        return arm(ctx, provider, faultName, null);
    }

    /** Arms a fault; {@code delayMillis} (for {@code token_slow} only, null for the default) is how long it waits. */
    static Fault arm(SimContext ctx, String provider, String faultName, Long delayMillis) {
        SimulatedProvider simulated = SimulatedProviders.byId(provider);
        if (simulated == null) {
            throw new IllegalArgumentException("provider must be " + SimulatedProviders.idsForMessage(false));
        }
        Fault fault = Fault.fromId(faultName);
        if (fault == null) {
            throw new IllegalArgumentException("unknown fault '" + faultName + "'; known: " + String.join(", ", Fault.ids()));
        }
        if (!simulated.supports(fault)) {
            throw new IllegalArgumentException(fault.notApplicableMessage());
        }
        if (delayMillis != null && fault != Fault.TOKEN_SLOW) {
            throw new IllegalArgumentException("delayMillis applies to token_slow only");
        }
        if (delayMillis != null && (delayMillis < 0 || delayMillis > 600_000)) {
            throw new IllegalArgumentException("delayMillis must be between 0 and 600000");
        }
        if (fault == Fault.TOKEN_SLOW) {
            ctx.faults.armSlow(provider, delayMillis == null ? Faults.DEFAULT_SLOW_MILLIS : delayMillis);
        } else {
            ctx.faults.arm(provider, fault);
        }
        return fault;
    }

    private Map<String, Object> faultState() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("armed", ctx.faults.snapshot());
        out.put("known", Fault.ids());
        return out;
    }

    private void reset(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            HttpIo.methodNotAllowed(ex, "POST");
            return;
        }
        reset(ctx);
        HttpIo.prettyJson(ex, 200, Map.of("reset", true));
    }

    static void reset(SimContext ctx) {
        ctx.faults.clear();
        ctx.recorder.clear();
        ctx.clientJwks.clear();
        ctx.claimOverrides.clear();
        ctx.switches.clear();
        ctx.log.info("reset: faults, switches, recorded requests, logouts, credentials and claim overrides cleared");
    }

    /** Persons of a provider with their claims and, given a clientId, their pairwise sub for that client. */
    private void persons(HttpExchange ex) throws IOException {
        if (!OidcProvider.isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        Map<String, String> q = HttpIo.single(HttpIo.query(ex));
        String clientId = q.get("clientId");
        List<Map<String, Object>> out = new ArrayList<>();
        for (TestPerson p : TestPersons.all()) {
            if (q.get("provider") != null && !p.provider().equals(q.get("provider"))) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", p.id());
            m.put("provider", p.provider());
            m.put("displayName", p.displayName());
            m.put("description", p.description());
            if (clientId != null) {
                m.put("sub", Ids.subject(p.provider(), clientId, p.id()));
            }
            m.put("claims", p.claims(java.time.LocalDate.now()));
            out.add(m);
        }
        HttpIo.prettyJson(ex, 200, out);
    }

    private static void error(HttpExchange ex, int status, String message) throws IOException {
        HttpIo.prettyJson(ex, status, Map.of("error", message));
    }
}
