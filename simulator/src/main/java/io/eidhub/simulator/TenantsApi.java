package io.eidhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.eidhub.simulator.ControlApi.error;

/** The control API's per-tenant state: clients, persons, claim overrides, switches, signing and encryption keys. */
final class TenantsApi {

    private final SimContext ctx;
    private final List<Tenant> tenants;
    private final SimulatorKeys keys;

    TenantsApi(SimContext ctx, List<Tenant> tenants, SimulatorKeys keys) {
        this.ctx = ctx;
        this.tenants = List.copyOf(tenants);
        this.keys = keys;
    }

    /**
     * Switches that depart from a tenant's documented behaviour ({@link TenantSwitches}):
     * {@code POST {"tenant":"itsme-v2","switch":"omitAcr","on":true}}, {@code GET} lists them, {@code DELETE} clears them.
     */
    void switches(HttpExchange ex) throws IOException {
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
     * {@code POST /sim/api/rotate-encryption-key?tenant=itsme-v2}: the tenant's encryption key is replaced by a new one
     * (the {@code enc_key_rotated} case); answers {@code {"tenant":"...","kid":"<new kid>"}}.
     */
    void rotateEncryptionKey(HttpExchange ex) throws IOException {
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

    /**
     * Signing-key rotation of a tenant: {@code POST {"tenant":"itsme-v2","action":"rotate"}} publishes a new key next
     * to the old ones and signs with it from then on; {@code "action":"retire"} removes all but the current key from
     * the JWKS. {@code GET ?tenant=} lists the published kids, oldest first, and the current one.
     */
    void keys(HttpExchange ex) throws IOException {
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
    void claims(HttpExchange ex) throws IOException {
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

    void clients(HttpExchange ex) throws IOException {
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

    /** Persons of a provider with their claims and, given a clientId, their pairwise sub for that client. */
    void persons(HttpExchange ex) throws IOException {
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
}
