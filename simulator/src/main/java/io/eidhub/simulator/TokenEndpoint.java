package io.eidhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One token request, in named steps: read the form, authenticate the client, the {@code token_error} fault, redeem
 * the code (grant type, code, reuse, expiry, redirect_uri, PKCE), issue the tokens, answer (with any
 * {@code TOKEN_ANSWER} fault); an {@link OAuthError} from any step becomes the error answer. The record (and the
 * test-only record of the secrets) is stored BEFORE the answer is sent, so a client that got the answer always finds
 * it through the control API. One instance per request.
 */
final class TokenEndpoint {

    private final OidcProvider provider;
    private final Tenant tenant;
    private final SimContext ctx;
    private final HttpExchange ex;
    private final Map<String, Object> record = new LinkedHashMap<>();
    /** Test-only record of the secrets involved (never logged; GET /sim/api/credentials). */
    private final Map<String, Object> secrets = new LinkedHashMap<>();
    private String secretsClient;
    private boolean recorded;
    private Map<String, String> p;
    private ClientRegistration client;
    private GrantStore.Code code;

    TokenEndpoint(OidcProvider provider, HttpExchange ex) {
        this.provider = provider;
        this.tenant = provider.tenant;
        this.ctx = provider.ctx;
        this.ex = ex;
    }

    void handle() throws IOException {
        record.put("provider", tenant.provider.id());
        record.put("tenant", tenant.id);
        record.put("receivedAt", Instant.now().toString());
        secrets.put("kind", "token_request");
        secrets.put("tenant", tenant.id);
        secrets.put("at", record.get("receivedAt"));
        try {
            readForm();
            authenticateClient();
            tokenErrorFault();
            redeemCode();
            answer(issueTokens());
        } catch (OAuthError e) {
            errorAnswer(e);
        } finally {
            if (!recorded) {
                store();
            }
        }
    }

    private void readForm() throws IOException, OAuthError {
        Map<String, List<String>> form = HttpIo.form(ex);
        if (form.isEmpty()) {
            throw new OAuthError("invalid_request", "the token request must be an application/x-www-form-urlencoded POST");
        }
        p = HttpIo.single(form);
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
    }

    private void authenticateClient() throws OAuthError {
        client = ctx.authenticator.authenticate(ex, tenant, p, record, provider.assertionErrorCode());
        secretsClient = client.clientId();
    }

    private void tokenErrorFault() throws OAuthError {
        if (ctx.faults.take(tenant.provider.id(), Fault.TOKEN_ERROR)) {
            throw new OAuthError("invalid_grant", "simulated token endpoint failure (fault token_error)");
        }
    }

    private void redeemCode() throws OAuthError {
        if (!"authorization_code".equals(p.get("grant_type"))) {
            throw new OAuthError("unsupported_grant_type", "grant_type must be authorization_code");
        }
        code = ctx.grants.code(p.get("code"));
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

    /** The subject, the access grant and the ID token (with any armed ID-token faults); returns the answer body. */
    private Tokens issueTokens() throws OAuthError {
        String sub = Ids.subject(tenant.provider.id(), client.clientId(), code.person.id());
        GrantStore.AccessGrant at = ctx.grants.newAccessToken(code.request, code.person, sub);
        code.accessToken = at.token();
        Set<Fault> faults = ctx.faults.take(tenant.provider.id(), Fault.Stage.ID_TOKEN);
        Map<String, Object> claims = new IdTokenClaims(provider).build(code, at, faults);
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
        return new Tokens(body, claims, faults);
    }

    private record Tokens(Map<String, Object> body, Map<String, Object> claims, Set<Fault> faults) {
    }

    private void answer(Tokens issued) throws IOException {
        Set<Fault> faults = issued.faults();
        Set<Fault> answerFaults = ctx.faults.take(tenant.provider.id(), Fault.Stage.TOKEN_ANSWER);
        faults.addAll(answerFaults);
        record.put("outcome", "tokens_issued");
        record.put("faults", faults.stream().map(Fault::id).toList());
        ctx.log.info("%s token issued to client=%s for %s (acr=%s%s)", tenant.id, client.clientId(),
                code.person.id(), issued.claims().get("acr"), faults.isEmpty() ? "" : ", faults=" + record.get("faults"));
        secrets.put("outcome", "tokens_issued");
        store();
        HttpIo.noStore(ex);
        if (answerFaults.isEmpty()) {
            HttpIo.json(ex, 200, issued.body());
        } else {
            new FaultyTokenAnswer(ctx, tenant, record).send(ex, issued.body(), answerFaults);
        }
    }

    private void errorAnswer(OAuthError e) throws IOException {
        record.put("outcome", "error: " + e.error());
        record.put("errorDescription", e.description());
        ctx.log.info("%s token request rejected: %s (%s)", tenant.id, e.error(), e.description());
        secrets.put("outcome", "error: " + e.error());
        store();
        if (e.status() == 401) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Basic realm=\"" + tenant.issuer() + "\"");
        }
        HttpIo.noStore(ex);
        HttpIo.json(ex, e.status(), provider.tokenErrorBody(e));
    }

    /** Stores what the request was and carried; called once, before the answer is sent. */
    private void store() {
        recorded = true;
        ctx.recorder.token(tenant, record);
        if (secrets.get("code") != null || secrets.get("clientAssertion") != null) {
            ctx.recorder.credentials(secretsClient, secrets);
        }
    }
}
