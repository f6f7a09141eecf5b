package io.eidhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.text.ParseException;
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

    /** Why an authorization request fails: an HTML page (no redirect) or an error redirect. */
    static final class AuthorizeFailure extends Exception {
        final OAuthError error;
        final String redirectUri;  // null: show a page
        final String state;
        final String responseMode;

        AuthorizeFailure(OAuthError error, String redirectUri, String state, String responseMode) {
            super(error.description(), null, false, false);
            this.error = error;
            this.redirectUri = redirectUri;
            this.state = state;
            this.responseMode = responseMode;
        }
    }

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
        Map<String, Object> document = discoveryDocument();
        String variant = HttpIo.single(HttpIo.query(ex)).get("variant");
        if ("http_endpoint".equals(variant)) {
            // a token endpoint without TLS on a host that is not this machine
            document.put("token_endpoint", "http://token.eidhub-sim.invalid" + tenant.tokenPath);
        } else if ("foreign_issuer".equals(variant)) {
            document.put("issuer", "https://issuer.eidhub-sim.invalid" + tenant.basePath);
        }
        HttpIo.json(ex, 200, document);
    }

    Map<String, Object> discoveryDocument() {
        List<String> encAlgs = List.of("RSA-OAEP", "RSA-OAEP-256", "dir");
        List<String> encEncs = List.of("A128CBC-HS256", "A256GCM");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", tenant.issuer());
        d.put("authorization_endpoint", tenant.url(tenant.authorizePath));
        d.put("token_endpoint", tenant.url(tenant.tokenPath));
        if (tenant.userinfoPath != null) {
            d.put("userinfo_endpoint", tenant.url(tenant.userinfoPath));
        }
        d.put("jwks_uri", tenant.url(tenant.jwksPath));
        if (tenant.endSessionPath != null) {
            d.put("end_session_endpoint", tenant.url(tenant.endSessionPath));
        }
        if (tenant.revocationPath != null) {
            d.put("revocation_endpoint", tenant.url(tenant.revocationPath));
        }
        d.put("scopes_supported", scopesSupported());
        d.put("response_types_supported", List.of("code"));
        d.put("response_modes_supported", responseModesSupported());
        d.put("grant_types_supported", List.of("authorization_code"));
        d.put("acr_values_supported", acrValuesSupported());
        d.put("subject_types_supported", subjectTypesSupported());
        d.put("token_endpoint_auth_methods_supported", authMethodsSupported());
        if (authMethodsSupported().contains(ClientRegistration.PRIVATE_KEY_JWT)) {
            d.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256"));
        }
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("id_token_encryption_alg_values_supported", encAlgs);
        d.put("id_token_encryption_enc_values_supported", encEncs);
        if (tenant.userinfoPath != null) {
            d.put("userinfo_signing_alg_values_supported", List.of("RS256"));
            d.put("userinfo_encryption_alg_values_supported", encAlgs);
            d.put("userinfo_encryption_enc_values_supported", encEncs);
        }
        d.put("request_object_signing_alg_values_supported", List.of("RS256"));
        if (tenant.encryptionKey != null) {
            d.put("request_object_encryption_alg_values_supported", List.of("RSA-OAEP", "RSA-OAEP-256"));
            d.put("request_object_encryption_enc_values_supported", encEncs);
        }
        d.put("claims_parameter_supported", true);
        d.put("request_parameter_supported", true);
        d.put("request_uri_parameter_supported", false);
        d.put("code_challenge_methods_supported", List.of("S256"));
        d.put("claim_types_supported", List.of("normal"));
        d.put("claims_supported", claimsSupported());
        addDiscovery(d);
        return d;
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
            AuthorizationRequest req = parse(query, record);
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

    private AuthorizationRequest parse(Map<String, List<String>> query, Map<String, Object> record)
            throws AuthorizeFailure {
        Map<String, String> q = HttpIo.single(query);
        String clientId = q.get("client_id");
        ClientRegistration client = ctx.clients.find(tenant.provider.id(), clientId);
        if (client == null) {
            throw page("invalid_client_id", clientId == null ? "client_id is missing"
                    : "client_id '" + clientId + "' is not registered at " + tenant.title);
        }

        Map<String, Object> params = new LinkedHashMap<>(q);
        OAuthError requestObjectError = null;
        if (q.containsKey("request")) {
            Map<String, Object> ro = new LinkedHashMap<>();
            record.put("requestObject", ro);
            try {
                params.putAll(RequestObjects.asParameters(
                        ctx.requestObjects.process(tenant, client, q.get("request"), ro)));
            } catch (OAuthError e) {
                requestObjectError = e;
            }
        }
        if (q.containsKey("request_uri")) {
            requestObjectError = new OAuthError("request_uri_not_supported",
                    "request_uri is not supported by the simulator; send the request object by value");
        }

        String redirectUri = str(params.get("redirect_uri"));
        if (redirectUri == null || !client.redirectUris().contains(redirectUri)) {
            throw page("invalid_redirect_uri", redirectUri == null ? "redirect_uri is missing"
                    : "redirect_uri '" + redirectUri + "' is not registered for client '" + client.clientId() + "'");
        }
        AuthorizationRequest req = new AuthorizationRequest(tenant, client);
        req.redirectUri = redirectUri;
        req.state = str(params.get("state"));
        String responseMode = str(params.get("response_mode"));
        if (responseMode != null && !responseModesSupported().contains(responseMode)) {
            throw redirect(req, new OAuthError("invalid_request", "unsupported response_mode '" + responseMode + "'"));
        }
        if (responseMode != null) {
            req.responseMode = responseMode;
        }
        String repeated = HttpIo.firstRepeated(query);
        if (repeated != null) {
            throw redirect(req, new OAuthError("invalid_request", "parameter '" + repeated + "' is repeated"));
        }
        if (requestObjectError != null) {
            throw redirect(req, requestObjectError);
        }
        if (!"code".equals(str(params.get("response_type")))) {
            throw redirect(req, new OAuthError("unsupported_response_type", "response_type must be 'code'"));
        }
        req.scopes = split(str(params.get("scope")));
        if (!req.scopes.contains("openid")) {
            throw redirect(req, new OAuthError("invalid_scope", "scope must contain 'openid'"));
        }

        req.codeChallenge = str(params.get("code_challenge"));
        req.codeChallengeMethod = str(params.get("code_challenge_method"));
        if (req.codeChallenge != null) {
            if (!"S256".equals(req.codeChallengeMethod)) {
                throw redirect(req, new OAuthError("invalid_request", "code_challenge_method must be S256"));
            }
            if (!req.codeChallenge.matches("[A-Za-z0-9_-]{43}")) {
                throw redirect(req, new OAuthError("invalid_request", "code_challenge is not a base64url SHA-256"));
            }
        } else if (req.codeChallengeMethod != null) {
            throw redirect(req, new OAuthError("invalid_request", "code_challenge_method without code_challenge"));
        }

        Object claims = params.get("claims");
        if (claims instanceof Map<?, ?>) {
            req.claims = Json.asObject(claims);
        } else if (claims != null) {
            try {
                req.claims = Json.parseObject(claims.toString());
            } catch (ParseException e) {
                throw redirect(req, new OAuthError("invalid_request", "claims is not a JSON object"));
            }
        }
        record.put("claims", req.claims);
        req.nonce = str(params.get("nonce"));
        req.uiLocales = str(params.get("ui_locales"));
        req.prompt = str(params.get("prompt"));
        req.acrValues = split(str(params.get("acr_values")));
        try {
            validate(req, params);
            req.acr = resolveAcr(req);
        } catch (OAuthError e) {
            throw redirect(req, e);
        }

        Map<String, Object> effective = new LinkedHashMap<>();
        effective.put("clientId", client.clientId());
        effective.put("redirectUri", req.redirectUri);
        effective.put("responseType", "code");
        effective.put("responseMode", req.responseMode);
        effective.put("scope", String.join(" ", req.scopes));
        effective.put("serviceCode", req.serviceCode);
        effective.put("state", req.state);
        effective.put("nonce", req.nonce);
        effective.put("acrValues", req.acrValues);
        effective.put("acr", req.acr);
        effective.put("codeChallenge", req.codeChallenge);
        effective.put("codeChallengeMethod", req.codeChallengeMethod);
        effective.put("uiLocales", req.uiLocales);
        effective.put("prompt", req.prompt);
        effective.put("loginHint", str(params.get("login_hint")));
        effective.put("claims", req.claims);
        record.put("effective", effective);
        return req;
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
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("provider", tenant.provider.id());
        record.put("tenant", tenant.id);
        record.put("receivedAt", Instant.now().toString());
        // test-only record of the secrets involved (never logged; GET /sim/api/credentials)
        Map<String, Object> secrets = new LinkedHashMap<>();
        secrets.put("kind", "token_request");
        secrets.put("tenant", tenant.id);
        secrets.put("at", record.get("receivedAt"));
        String secretsClient = null;
        boolean recorded = false;
        try {
            Map<String, List<String>> form = HttpIo.form(ex);
            if (form.isEmpty()) {
                throw new OAuthError("invalid_request", "the token request must be an application/x-www-form-urlencoded POST");
            }
            Map<String, String> p = HttpIo.single(form);
            secretsClient = p.get("client_id");
            secrets.put("code", p.get("code"));
            secrets.put("codeVerifier", p.get("code_verifier"));
            secrets.put("clientAssertion", p.get("client_assertion"));
            record.put("parameters", new ArrayList<>(form.keySet()));
            record.put("grantType", p.get("grant_type"));
            record.put("redirectUri", p.get("redirect_uri"));
            record.put("codeVerifierPresent", p.containsKey("code_verifier"));
            String repeated = HttpIo.firstRepeated(form);
            if (repeated != null) {
                throw new OAuthError("invalid_request", "parameter '" + repeated + "' is repeated");
            }
            ClientRegistration client = ctx.authenticator.authenticate(ex, tenant, p, record, assertionErrorCode());
            secretsClient = client.clientId();
            if (ctx.faults.take(tenant.provider.id(), Fault.TOKEN_ERROR)) {
                throw new OAuthError("invalid_grant", "simulated token endpoint failure (fault token_error)");
            }
            if (!"authorization_code".equals(p.get("grant_type"))) {
                throw new OAuthError("unsupported_grant_type", "grant_type must be authorization_code");
            }
            GrantStore.Code code = ctx.grants.code(p.get("code"));
            if (code == null || code.request.tenant != tenant
                    || !code.request.client.clientId().equals(client.clientId())) {
                throw new OAuthError("invalid_grant", "unknown authorization code");
            }
            if (!code.used.compareAndSet(false, true)) {
                ctx.grants.revokeAccessToken(code.accessToken);
                throw new OAuthError("invalid_grant", "authorization code already used");
            }
            if (Instant.now().isAfter(code.expiresAt)) {
                throw new OAuthError("invalid_grant", "authorization code expired");
            }
            if (!code.request.redirectUri.equals(p.get("redirect_uri"))) {
                throw new OAuthError("invalid_grant", "redirect_uri does not match the authorization request");
            }
            checkPkce(code.request, p.get("code_verifier"));

            String sub = Ids.subject(tenant.provider.id(), client.clientId(), code.person.id());
            GrantStore.AccessGrant at = ctx.grants.newAccessToken(code.request, code.person, sub);
            code.accessToken = at.token();
            Set<Fault> faults = ctx.faults.take(tenant.provider.id(), Fault.Stage.ID_TOKEN);
            Map<String, Object> claims = idTokenClaims(code, at, faults);
            TokenIssuer.Issued issued = ctx.tokenIssuer.issueDetailed(tenant, client, claims, faults);
            String idToken = issued.token();
            secrets.put("accessToken", at.token());
            secrets.put("idToken", idToken);
            secrets.put("idTokenJws", issued.inner());

            Map<String, Object> body = new LinkedHashMap<>();
            body.put("access_token", at.token());
            body.put("token_type", "Bearer");
            body.put("expires_in", GrantStore.ACCESS_TOKEN_LIFETIME.toSeconds());
            body.put("id_token", idToken);
            Set<Fault> answerFaults = ctx.faults.take(tenant.provider.id(), Fault.Stage.TOKEN_ANSWER);
            faults.addAll(answerFaults);
            record.put("outcome", "tokens_issued");
            record.put("faults", faults.stream().map(Fault::id).toList());
            ctx.log.info("%s token issued to client=%s for %s (acr=%s%s)", tenant.id, client.clientId(),
                    code.person.id(), claims.get("acr"), faults.isEmpty() ? "" : ", faults=" + record.get("faults"));
            secrets.put("outcome", "tokens_issued");
            recordToken(record, secretsClient, secrets);
            recorded = true;
            HttpIo.noStore(ex);
            if (answerFaults.isEmpty()) {
                HttpIo.json(ex, 200, body);
            } else {
                new FaultyTokenAnswer(ctx, tenant, record).send(ex, body, answerFaults);
            }
        } catch (OAuthError e) {
            record.put("outcome", "error: " + e.error());
            record.put("errorDescription", e.description());
            ctx.log.info("%s token request rejected: %s (%s)", tenant.id, e.error(), e.description());
            secrets.put("outcome", "error: " + e.error());
            recordToken(record, secretsClient, secrets);
            recorded = true;
            if (e.status() == 401) {
                ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + tenant.issuer() + "\"");
            }
            HttpIo.noStore(ex);
            HttpIo.json(ex, e.status(), tokenErrorBody(e));
        } finally {
            if (!recorded) {
                recordToken(record, secretsClient, secrets);
            }
        }
    }

    /** Stores what a token request was and carried BEFORE the answer is sent (see {@link #authorize}). */
    private void recordToken(Map<String, Object> record, String clientId, Map<String, Object> secrets) {
        ctx.recorder.token(tenant, record);
        if (secrets.get("code") != null || secrets.get("clientAssertion") != null) {
            ctx.recorder.credentials(clientId, secrets);
        }
    }

    private static void checkPkce(AuthorizationRequest req, String verifier) throws OAuthError {
        if (req.codeChallenge == null) {
            if (verifier != null) {
                throw new OAuthError("invalid_grant", "code_verifier sent but the authorization request had no code_challenge");
            }
            return;
        }
        if (verifier == null) {
            throw new OAuthError("invalid_grant", "code_verifier is required (PKCE)");
        }
        if (!verifier.matches("[A-Za-z0-9._~-]{43,128}") || !Ids.s256(verifier).equals(req.codeChallenge)) {
            throw new OAuthError("invalid_grant", "code_verifier does not match the code_challenge");
        }
    }

    private Map<String, Object> idTokenClaims(GrantStore.Code code, GrantStore.AccessGrant at, Set<Fault> faults) {
        AuthorizationRequest req = code.request;
        long now = Instant.now().getEpochSecond();
        long iat = now;
        if (faults.contains(Fault.EXPIRED)) {
            iat = now - 900;
        } else if (faults.contains(Fault.IAT_FUTURE)) {
            iat = now + 3600;
        }
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("iss", faults.contains(Fault.WRONG_ISS) ? tenant.issuer() + "/not-the-issuer" : tenant.issuer());
        c.put("sub", at.sub());
        if (faults.contains(Fault.MULTI_AUD_NO_AZP)) {
            c.put("aud", List.of(req.client.clientId(), "another-client"));
        } else {
            c.put("aud", faults.contains(Fault.WRONG_AUD) ? "another-client" : req.client.clientId());
        }
        c.put("exp", iat + ID_TOKEN_LIFETIME_SECONDS);
        c.put("iat", iat);
        c.put("auth_time", faults.contains(Fault.OLD_AUTH_TIME) ? code.authTime.getEpochSecond() - 7200 : code.authTime.getEpochSecond());
        if (faults.contains(Fault.NONCE_MISMATCH)) {
            c.put("nonce", "mismatch-" + Ids.random(8));
        } else if (req.nonce != null) {
            c.put("nonce", req.nonce);
        }
        if (!faults.contains(Fault.MISSING_ACR) && !ctx.switches.on(tenant.id, TenantSwitches.OMIT_ACR)) {
            c.put("acr", faults.contains(Fault.LOWER_ACR) ? lowerAcr(req.acr) : req.acr);
        }
        addIdTokenClaims(c, code, at);
        return c;
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

    AuthorizeFailure page(String error, String description) {
        return new AuthorizeFailure(new OAuthError(error, description), null, null, null);
    }

    static AuthorizeFailure redirect(AuthorizationRequest req, OAuthError error) {
        return new AuthorizeFailure(error, req.redirectUri, req.state, req.responseMode);
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
