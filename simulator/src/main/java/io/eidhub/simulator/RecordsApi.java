package io.eidhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.util.Map;

import static io.eidhub.simulator.ControlApi.error;

/** The control API's read-only records: last requests, logouts, credentials, JWKS fetches, counts, userinfo requests. */
final class RecordsApi {

    private final SimContext ctx;

    RecordsApi(SimContext ctx) {
        this.ctx = ctx;
    }

    /** {@code GET /sim/api/userinfo-requests}: per client id, how many userinfo requests with a valid token arrived. */
    void userinfoRequests(HttpExchange ex) throws IOException {
        if (!OidcProvider.isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        HttpIo.prettyJson(ex, 200, ctx.recorder.userinfoRequests());
    }

    /**
     * Test-only: {@code GET /sim/api/credentials?clientId=...} lists, oldest first, the secrets this client received
     * or presented (authorization codes, PKCE verifiers, client assertions, access tokens, ID tokens with their inner
     * JWS, itsme userinfo JWTs), so that a test can check that none of them appears in a log. Nothing here is logged.
     */
    void credentials(HttpExchange ex) throws IOException {
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

    /** {@code GET /sim/api/jwks-requests}: per tenant id, how many JWKS requests arrived and when the last one did. */
    void jwksRequests(HttpExchange ex) throws IOException {
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
    void counts(HttpExchange ex) throws IOException {
        if (!OidcProvider.isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        HttpIo.noStore(ex);
        HttpIo.prettyJson(ex, 200, ctx.recorder.counts());
    }

    void last(HttpExchange ex, boolean authorization) throws IOException {
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

    void logouts(HttpExchange ex) throws IOException {
        if (!OidcProvider.isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        HttpIo.prettyJson(ex, 200, ctx.recorder.logouts());
    }
}
