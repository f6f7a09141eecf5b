package io.eidhub.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Local itsme (v2 and legacy csapi) and IDEMIA Mobile ID (oxAuth classic and "Digital Credential") OpenID
 * providers on 127.0.0.1, in one JDK {@link HttpServer}.
 *
 * <pre>
 * try (Simulator sim = Simulator.start(SimulatorOptions.defaults().client(...))) {
 *     String discovery = sim.discoveryUrl(Simulator.ITSME_V2);
 * }
 * </pre>
 */
public final class Simulator implements AutoCloseable {

    /** Tenant ids (see {@link #issuer(String)}). */
    public static final String ITSME_V2 = ItsmeSimulation.V2;
    public static final String ITSME_CSAPI = ItsmeSimulation.CSAPI;
    public static final String IDEMIA = IdemiaSimulation.CLASSIC;
    public static final String IDEMIA_DC = IdemiaSimulation.DC;

    /** Where the phone page's forms post {@code tx}, {@code person} and {@code decision}. */
    public static final String DECISION_PATH = "/sim/decision";

    private final HttpServer server;
    private final ExecutorService executor;
    private final SimContext ctx;
    private final Map<String, Tenant> tenants = new LinkedHashMap<>();
    private final Map<String, OidcProvider> providers = new LinkedHashMap<>();
    private final ControlApi controlApi;

    private Simulator(HttpServer server, ExecutorService executor, SimContext ctx, List<Tenant> tenantList, SimulatorKeys keys) {
        this.server = server;
        this.executor = executor;
        this.ctx = ctx;
        Router router = new Router(ctx.log);
        for (Tenant t : tenantList) {
            tenants.put(t.id, t);
            ctx.tenants.put(t.id, t);
            OidcProvider p = t.provider.endpoints(t, ctx);
            providers.put(t.id, p);
            p.register(router);
        }
        this.controlApi = new ControlApi(ctx, tenantList, keys);
        controlApi.register(router);
        router.add(DECISION_PATH, this::decision);
        router.add("/", ex -> HttpIo.html(ex, 200, Html.landing(ctx.baseUrl, tenantList)));
        server.createContext("/", router);
    }

    /** Binds 127.0.0.1 (port 0 = a free port), registers the option clients and starts serving. */
    public static Simulator start(SimulatorOptions options) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(options.bindAddress()), options.port()), 64);
        AtomicInteger n = new AtomicInteger();
        ExecutorService executor = Executors.newFixedThreadPool(16, r -> {
            Thread t = new Thread(r, "eid-sim-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        String baseUrl = options.baseUrl() != null ? options.baseUrl()
                : "http://127.0.0.1:" + server.getAddress().getPort();
        SimContext ctx = new SimContext(baseUrl, options);
        SimulatorKeys keys = SimulatorKeys.open(options.keysFile());
        List<Tenant> tenantList = Tenant.all(baseUrl, keys);
        keys.save();
        Simulator sim = new Simulator(server, executor, ctx, tenantList, keys);
        options.clients().forEach(sim::registerClient);
        server.start();
        ctx.log.info("listening on %s:%d, base URL %s", options.bindAddress(), sim.port(), baseUrl);
        return sim;
    }

    /** The token that opens the control API to requests from other hosts (printed at start). */
    String controlToken() {
        return controlApi.token();
    }

    /** The public base URL, e.g. {@code http://127.0.0.1:8099}. */
    public String baseUrl() {
        return ctx.baseUrl;
    }

    /** The bound port. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** Issuer of a tenant ({@link #ITSME_V2}, {@link #ITSME_CSAPI}, {@link #IDEMIA}, {@link #IDEMIA_DC}). */
    public String issuer(String tenantId) {
        return tenant(tenantId).issuer();
    }

    /** Discovery document URL of a tenant. */
    public String discoveryUrl(String tenantId) {
        Tenant t = tenant(tenantId);
        return t.url(t.discoveryPath);
    }

    /** Absolute URL of the phone page's decision endpoint. */
    public String decisionUrl() {
        return ctx.decisionUrl();
    }

    /** Registers or replaces a client. */
    public void registerClient(ClientRegistration client) {
        ctx.clients.register(client);
        ctx.log.info("registered %s", client);
    }

    public List<ClientRegistration> clients() {
        return ctx.clients.all();
    }

    /**
     * Arms a fault (wire name, e.g. {@code wrong_iss}) for the next relevant response of {@code itsme} or
     * {@code idemia}.
     *
     * @throws IllegalArgumentException for an unknown provider or fault
     */
    public void armFault(String provider, String fault) {
        FaultsApi.arm(ctx, provider, fault);
    }

    /**
     * Sets a switch that departs from a tenant's documented behaviour ({@code omitAcr}, {@code rsaOaep256}); reset
     * turns them all off.
     *
     * @throws IllegalArgumentException for an unknown switch
     */
    public void setSwitch(String tenantId, String name, boolean on) {
        ctx.switches.set(tenantId, name, on);
    }

    /** How many userinfo requests with a valid access token of this client arrived since the last reset. */
    public int userinfoRequests(String clientId) {
        return ctx.recorder.userinfoRequests().getOrDefault(clientId, 0);
    }

    /**
     * Arms {@code token_slow} for the next token answer of {@code itsme} or {@code idemia}: the code is redeemed,
     * the answer waits {@code delayMillis}.
     */
    public void armSlowTokenAnswer(String provider, long delayMillis) {
        FaultsApi.arm(ctx, provider, Fault.TOKEN_SLOW.id(), delayMillis);
    }

    /** Publishes a new signing key for the tenant next to the old ones and signs with it from now on; its kid. */
    public String rotateSigningKey(String tenantId) {
        return tenant(tenantId).signingKeys.rotate();
    }

    /** Ends a rotation's overlap: only the current signing key stays in the tenant's JWKS; the kids removed. */
    public List<String> retireOldSigningKeys(String tenantId) {
        return tenant(tenantId).signingKeys.retireOld();
    }

    /** The kid new tokens of the tenant are signed with. */
    public String currentSigningKid(String tenantId) {
        return tenant(tenantId).signingKey().getKeyID();
    }

    /** Clears faults, switches, recorded requests and logouts (clients stay registered). */
    public void reset() {
        FaultsApi.reset(ctx);
    }

    /** JSON of the last authorization request of a provider or tenant, or null (as {@code /sim/api/requests/last}). */
    public String lastAuthorizationRequestJson(String providerOrTenant) {
        Map<String, Object> r = ctx.recorder.lastAuthorization(providerOrTenant);
        return r == null ? null : Json.pretty(r);
    }

    /** JSON array of the end_session calls received (as {@code /sim/api/logouts}). */
    public String logoutsJson() {
        return Json.pretty(ctx.recorder.logouts());
    }

    /** The pairwise {@code sub} the simulator issues for a person ({@code alice}, ...) to a client. */
    public static String subject(String provider, String clientId, String personId) {
        return Ids.subject(provider, clientId, personId);
    }

    public List<String> tenantIds() {
        return new ArrayList<>(tenants.keySet());
    }

    /**
     * Serves {@code handler} under {@code path} (e.g. {@code /demo}: every request whose path starts with it) next to
     * the simulated providers, on the same port; see {@code io.eidhub.simulator.demo.DemoApp}.
     *
     * @throws IllegalArgumentException if something is already mounted there
     */
    public void mount(String path, HttpHandler handler) {
        server.createContext(path, handler);
        ctx.log.info("mounted %s%s", ctx.baseUrl, path);
    }

    /** Removes what {@link #mount} put under {@code path}; nothing happens when nothing is mounted there. */
    public void unmount(String path) {
        try {
            server.removeContext(path);
        } catch (IllegalArgumentException ignored) {
            // nothing mounted there
        }
    }

    /** Stops serving immediately. */
    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        ctx.log.info("stopped %s", ctx.baseUrl);
    }

    /** The endpoint summary printed at start. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("eID hub simulator at ").append(baseUrl()).append('\n');
        for (Tenant t : tenants.values()) {
            sb.append("  ").append(t.title).append("  [").append(t.id).append("]\n");
            line(sb, "issuer", t.issuer());
            line(sb, "discovery", t.url(t.discoveryPath));
            line(sb, "authorization", t.url(t.authorizePath));
            line(sb, "token", t.url(t.tokenPath));
            line(sb, "userinfo", t.url(t.userinfoPath));
            line(sb, "jwks", t.url(t.jwksPath));
            line(sb, "end_session", t.url(t.endSessionPath));
            line(sb, "revocation", t.url(t.revocationPath));
        }
        sb.append("  control API: ").append(baseUrl()).append(ControlApi.PREFIX)
                .append("/{clients,requests/last,token-requests/last,logouts,faults,reset,persons,counts,keys}\n");
        sb.append("  test persons: itsme alice, bob, chloe; idemia dana, eli, frank\n");
        return sb.toString();
    }

    private static void line(StringBuilder sb, String name, String url) {
        if (url != null) {
            sb.append(String.format("    %-14s %s%n", name, url));
        }
    }

    private Tenant tenant(String id) {
        Tenant t = tenants.get(id);
        if (t == null) {
            throw new IllegalArgumentException("unknown tenant '" + id + "'; known: " + tenants.keySet());
        }
        return t;
    }

    private void decision(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            HttpIo.methodNotAllowed(ex, "POST");
            return;
        }
        Map<String, String> form = HttpIo.single(HttpIo.form(ex));
        PendingTransaction tx = ctx.grants.transaction(form.get("tx"));
        if (tx == null || tx.expired()) {
            HttpIo.html(ex, 400, Html.errorPage("neutral", "eID hub simulator", "Unknown transaction",
                    "This sign-in request is unknown, expired or already answered."));
            return;
        }
        Tenant t = tx.request.tenant;
        TestPerson person = TestPersons.find(t.provider.id(), form.get("person"));
        String decision = form.get("decision");
        if (person == null || !("approve".equals(decision) || "refuse".equals(decision))) {
            HttpIo.html(ex, 400, Html.errorPage(Html.brandClass(t), t.title + " simulator", "Bad decision",
                    "person must be one of " + TestPersons.of(t.provider.id()).stream().map(TestPerson::id).toList()
                            + " and decision approve or refuse."));
            return;
        }
        if (!tx.complete()) {
            HttpIo.html(ex, 400, Html.errorPage(Html.brandClass(t), t.title + " simulator", "Already answered",
                    "This sign-in request was already answered."));
            return;
        }
        ctx.grants.removeTransaction(tx.id);
        providers.get(t.id).decide(ex, tx, person, "approve".equals(decision));
    }
}
