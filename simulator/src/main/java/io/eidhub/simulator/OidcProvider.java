package io.eidhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The OpenID provider behaviour shared by itsme and IDEMIA: discovery, JWKS, authorization (phone page),
 * decision, token and userinfo endpoints. Subclasses supply the provider-specific rules through the hooks.
 */
abstract class OidcProvider {

    static final long ID_TOKEN_LIFETIME_SECONDS = 300;

    final Tenant tenant;
    final SimContext ctx;

    OidcProvider(Tenant tenant, SimContext ctx) {
        this.tenant = tenant;
        this.ctx = ctx;
    }

    // ---------------------------------------------------------------- hooks

    abstract List<String> scopesSupported();

    abstract List<String> responseModesSupported();

    abstract List<String> acrValuesSupported();

    /** The client authentication methods of the tenant's discovery document (its {@link TenantSpec}). */
    List<String> authMethodsSupported() {
        return tenant.authMethods;
    }

    abstract List<String> claimsSupported();

    abstract List<String> subjectTypesSupported();

    /** Provider-specific discovery fields. */
    abstract void addDiscovery(Map<String, Object> doc);

    /** Provider-specific checks on scope and other parameters (service code, display, ...). */
    abstract void validate(AuthorizationRequest req, Map<String, Object> params) throws OAuthError;

    /** The acr the login achieves for the requested values. */
    abstract String resolveAcr(AuthorizationRequest req) throws OAuthError;

    /** One level below (for the {@code lower_acr} fault). */
    abstract String lowerAcr(String acr);

    /** Adds the user and provider-specific claims to the ID token. */
    abstract void addIdTokenClaims(Map<String, Object> claims, GrantStore.Code code, GrantStore.AccessGrant at);

    /** Writes the userinfo response. */
    abstract void sendUserinfo(HttpExchange ex, GrantStore.AccessGrant grant, String sub) throws IOException, OAuthError;

    /** The JSON body of a token-endpoint error. */
    abstract Map<String, Object> tokenErrorBody(OAuthError e);

    /** The error code for an invalid client assertion. */
    String assertionErrorCode() {
        return "invalid_client";
    }

    /** Whether an access token may be sent as a query or form parameter at userinfo (oxAuth allows it). */
    boolean accessTokenParameterAllowed() {
        return false;
    }

    /** Extra routes (end_session, revocation). */
    void registerExtra(Router router) {
    }

    // ---------------------------------------------------------------- routes

    void register(Router router) {
        router.add(tenant.discoveryPath, this::discovery);
        router.add(tenant.jwksPath, this::jwks);
        router.add(tenant.authorizePath, this::authorize);
        router.add(tenant.tokenPath, this::token);
        if (tenant.userinfoPath != null) {
            router.add(tenant.userinfoPath, this::userinfo);
        }
        registerExtra(router);
    }

    void discovery(HttpExchange ex) throws IOException {
        ctx.recorder.count(tenant, "discovery");
        if (!isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        Map<String, Object> document = DiscoveryDocument.of(this);
        String variant = HttpIo.single(HttpIo.query(ex)).get("variant");
        if ("http_endpoint".equals(variant)) {
            // a token endpoint without TLS on a host that is not this machine
            document.put("token_endpoint", "http://token.eidhub-sim.invalid" + tenant.tokenPath);
        } else if ("foreign_issuer".equals(variant)) {
            document.put("issuer", "https://issuer.eidhub-sim.invalid" + tenant.basePath);
        }
        HttpIo.json(ex, 200, document);
    }

    void jwks(HttpExchange ex) throws IOException {
        ctx.recorder.count(tenant, "jwks");
        if (!isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        ctx.recorder.jwksRequest(tenant);
        HttpIo.send(ex, 200, "application/json;charset=UTF-8",
                tenant.publicJwks().toString(true).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    // ---------------------------------------------------------------- authorization

    void authorize(HttpExchange ex) throws IOException {
        ctx.recorder.count(tenant, "authorization");
        if (!isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        Map<String, List<String>> query = HttpIo.query(ex);
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("provider", tenant.provider.id());
        record.put("tenant", tenant.id);
        record.put("issuer", tenant.issuer());
        record.put("endpoint", tenant.url(tenant.authorizePath));
        record.put("receivedAt", Instant.now().toString());
        record.put("query", HttpIo.recordable(query));
        // the record is stored BEFORE the answer is sent, so that a client that got the answer always finds it
        // through /sim/api/requests/last (the finally only covers an unexpected failure)
        boolean recorded = false;
        try {
            AuthorizationRequest req = new AuthorizationRequestParser(this, query, record).parse();
            PendingTransaction tx = ctx.grants.newTransaction(req);
            record.put("outcome", "phone_page");
            ctx.log.info("%s authorize client=%s acr=%s scope='%s' -> phone page", tenant.id, req.client.clientId(),
                    req.acr, String.join(" ", req.scopes));
            String page = Html.phonePage(req, tx.id, ctx.decisionUrl(), TestPersons.of(tenant.provider.id()));
            ctx.recorder.authorization(tenant, record);
            recorded = true;
            HttpIo.html(ex, 200, page);
        } catch (AuthorizeFailure f) {
            record.put("outcome", (f.redirectUri == null ? "error_page: " : "error_redirect: ") + f.error.error());
            record.put("error", f.error.error());
            record.put("errorDescription", f.error.description());
            ctx.log.info("%s authorize rejected: %s (%s)", tenant.id, f.error.error(), f.error.description());
            ctx.recorder.authorization(tenant, record);
            recorded = true;
            if (f.redirectUri == null) {
                HttpIo.html(ex, 400, Html.errorPage(Html.brandClass(tenant), tenant.title + " simulator",
                        f.error.error(), f.error.description()));
            } else {
                Map<String, String> params = new LinkedHashMap<>();
                params.put("error", f.error.error());
                params.put("error_description", f.error.description());
                params.put("state", f.state);
                sendAuthorizationResponse(ex, f.redirectUri, f.responseMode, params);
            }
        } finally {
            if (!recorded) {
                ctx.recorder.authorization(tenant, record);
            }
        }
    }

    /** Called by the decision endpoint. */
    void decide(HttpExchange ex, PendingTransaction tx, TestPerson person, boolean approve) throws IOException {
        AuthorizationRequest req = tx.request;
        Map<String, String> params = new LinkedHashMap<>();
        if (ctx.faults.take(tenant.provider.id(), Fault.TEMPORARY_UNAVAILABLE)) {
            // itsme's own error code (spelled so in its documentation): the service cannot take the request now
            params.put("error", "temporary_unavailable");
            params.put("error_description", "The service is temporarily unavailable");
            params.put("state", req.state);
            ctx.log.info("%s decision for client=%s: temporary_unavailable (fault)", tenant.id, req.client.clientId());
        } else if (ctx.faults.take(tenant.provider.id(), Fault.ERROR_WITHOUT_STATE)) {
            params.put("error", "access_denied");
            params.put("error_description", "The user denied the request");
            ctx.log.info("%s decision for client=%s: access_denied without state (fault)", tenant.id,
                    req.client.clientId());
        } else if (ctx.faults.take(tenant.provider.id(), Fault.LOGIN_REQUIRED)) {
            params.put("error", "login_required");
            params.put("state", req.state);
            ctx.log.info("%s decision for client=%s: login_required (fault)", tenant.id, req.client.clientId());
        } else if (approve) {
            GrantStore.Code code = ctx.grants.newCode(req, person);
            params.put("code", code.value);
            params.put("state", req.state);
            Map<String, Object> issued = new LinkedHashMap<>();
            issued.put("kind", "authorization_response");
            issued.put("tenant", tenant.id);
            issued.put("at", Instant.now().toString());
            issued.put("code", code.value);
            ctx.recorder.credentials(req.client.clientId(), issued);
            ctx.log.info("%s decision: %s approved for client=%s", tenant.id, person.id(), req.client.clientId());
        } else {
            params.put("error", "access_denied");
            params.put("error_description", "The user refused the request on the phone");
            params.put("state", req.state);
            ctx.log.info("%s decision: %s refused for client=%s", tenant.id, person.id(), req.client.clientId());
        }
        sendAuthorizationResponse(ex, req.redirectUri, req.responseMode, params);
    }

    void sendAuthorizationResponse(HttpExchange ex, String redirectUri, String responseMode, Map<String, String> params)
            throws IOException {
        if ("form_post".equals(responseMode)) {
            HttpIo.html(ex, 200, Html.formPost(redirectUri, params));
        } else {
            HttpIo.redirect(ex, HttpIo.appendQuery(redirectUri, params));
        }
    }

    // ---------------------------------------------------------------- token

    void token(HttpExchange ex) throws IOException {
        ctx.recorder.count(tenant, "token");
        if (!"POST".equals(ex.getRequestMethod())) {
            HttpIo.methodNotAllowed(ex, "POST");
            return;
        }
        new TokenEndpoint(this, ex).handle();
    }

    // ---------------------------------------------------------------- userinfo

    void userinfo(HttpExchange ex) throws IOException {
        ctx.recorder.count(tenant, "userinfo");
        String method = ex.getRequestMethod();
        if (!"GET".equals(method) && !"POST".equals(method)) {
            HttpIo.methodNotAllowed(ex, "GET, POST");
            return;
        }
        try {
            String token = bearerToken(ex);
            if (token == null && accessTokenParameterAllowed()) {
                token = HttpIo.single(HttpIo.query(ex)).get("access_token");
                if (token == null && "POST".equals(method)) {
                    token = HttpIo.single(HttpIo.form(ex)).get("access_token");
                }
            }
            if (token == null) {
                throw new OAuthError("invalid_request", "no access token (use Authorization: Bearer)", 401);
            }
            GrantStore.AccessGrant grant = ctx.grants.accessToken(token);
            if (grant == null || grant.expired() || grant.request().tenant != tenant) {
                throw new OAuthError("invalid_token", "the access token is unknown, expired or revoked", 401);
            }
            ctx.recorder.userinfoRequest(grant.request().client.clientId());
            String sub = grant.sub();
            if (ctx.faults.take(tenant.provider.id(), Fault.USERINFO_SUB_MISMATCH)) {
                sub = Ids.subject(tenant.provider.id(), grant.request().client.clientId(), "someone-else");
            }
            ctx.log.info("%s userinfo for client=%s person=%s", tenant.id, grant.request().client.clientId(),
                    grant.person().id());
            sendUserinfo(ex, grant, sub);
        } catch (OAuthError e) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"" + tenant.issuer() + "\""
                    + ("invalid_request".equals(e.error()) ? "" : ", error=\"" + e.error() + "\""));
            HttpIo.json(ex, e.status(), tokenErrorBody(e));
        }
    }

    private static String bearerToken(HttpExchange ex) {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).trim();
            return token.isEmpty() ? null : token;
        }
        return null;
    }

    // ---------------------------------------------------------------- helpers

    /**
     * The user claims to release: those of the scopes (per {@code scopeClaims}) plus the names requested under the
     * given {@code claims} members, restricted to what the person shares.
     */
    Map<String, Object> releasedClaims(AuthorizationRequest req, TestPerson person,
                                       Map<String, List<String>> scopeClaims, String... claimsMembers) {
        Set<String> names = new LinkedHashSet<>();
        for (String scope : req.scopes) {
            names.addAll(scopeClaims.getOrDefault(scope, List.of()));
        }
        for (String member : claimsMembers) {
            names.addAll(req.requestedClaims(member));
        }
        Map<String, Object> all = ctx.claimOverrides.apply(person, person.claims(LocalDate.now()));
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : names) {
            Object value = all.get(name);
            if (value != null) {
                out.put(name, value);
            }
        }
        return out;
    }

    static boolean isGet(HttpExchange ex) {
        return "GET".equals(ex.getRequestMethod()) || "HEAD".equals(ex.getRequestMethod());
    }

    static String str(Object o) {
        if (o == null) {
            return null;
        }
        String s = o.toString();
        return s.isEmpty() ? null : s;
    }

    static List<String> split(String s) {
        if (s == null || s.isBlank()) {
            return new ArrayList<>();
        }
        return new ArrayList<>(Arrays.stream(s.trim().split("\\s+")).distinct().toList());
    }
}
