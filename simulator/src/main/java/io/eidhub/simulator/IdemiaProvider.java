package io.eidhub.simulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * IDEMIA Mobile ID on Gluu oxAuth: classic tenant ({@code /oxauth}, claims from userinfo, end_session) and the
 * "Digital Credential" tenant ({@code /oxauth-dc}, claims in the ID token, no userinfo, no end_session).
 * acr is exactly one of {@code loa-2|loa-3|loa-4} (default {@code loa-2}); {@code form_post} is supported.
 */
final class IdemiaProvider extends OidcProvider {

    static final List<String> LOA = List.of("loa-2", "loa-3", "loa-4");

    static final Map<String, List<String>> SCOPE_CLAIMS = Map.of(
            "id_basic", List.of("firstName1", "lastName1", "dateOfBirth", "ageOver18", "ageOver21", "issuingState"),
            "mt_scope", List.of("firstName1", "lastName1", "documentId", "address1", "dateOfBirth", "issuingState",
                    "documentType", "expiryDate"));

    IdemiaProvider(Tenant tenant, SimContext ctx) {
        super(tenant, ctx);
    }

    private boolean digitalCredential() {
        return tenant.userinfoPath == null;
    }

    @Override
    List<String> scopesSupported() {
        return List.of("openid", "id_basic", "mt_scope");
    }

    @Override
    List<String> responseModesSupported() {
        return List.of("query", "form_post");
    }

    @Override
    List<String> acrValuesSupported() {
        return LOA;
    }

    @Override
    List<String> subjectTypesSupported() {
        return List.of("public", "pairwise");
    }

    @Override
    List<String> claimsSupported() {
        return List.of("iss", "sub", "aud", "exp", "iat", "auth_time", "nonce", "acr", "amr", "at_hash", "sid",
                "firstName1", "lastName1", "documentId", "address1", "dateOfBirth", "ageOver18", "ageOver21",
                "issuingState", "documentType", "expiryDate");
    }

    @Override
    void addDiscovery(Map<String, Object> doc) {
        List<Map<String, Object>> mapping = new ArrayList<>();
        mapping.add(Map.of("openid", List.of("sub")));
        for (String scope : List.of("id_basic", "mt_scope")) {
            mapping.add(Map.of(scope, SCOPE_CLAIMS.get(scope)));
        }
        doc.put("scope_to_claims_mapping", mapping);
        Map<String, Object> levels = new LinkedHashMap<>();
        for (String loa : LOA) {
            levels.put(level(loa), List.of(loa));
        }
        doc.put("auth_level_mapping", levels);
        doc.put("frontchannel_logout_supported", !digitalCredential());
        doc.put("backchannel_logout_supported", false);
    }

    @Override
    void validate(AuthorizationRequest req, Map<String, Object> params) {
        // oxAuth ignores unknown scopes
    }

    @Override
    String resolveAcr(AuthorizationRequest req) throws OAuthError {
        if (req.acrValues.isEmpty()) {
            return "loa-2";
        }
        if (req.acrValues.size() > 1) {
            throw new OAuthError("invalid_request", "acr_values must be exactly one of " + String.join(", ", LOA));
        }
        String acr = req.acrValues.get(0);
        if (!LOA.contains(acr)) {
            throw new OAuthError("invalid_request", "unsupported acr_values '" + acr + "'; use one of "
                    + String.join(", ", LOA));
        }
        return acr;
    }

    @Override
    String lowerAcr(String acr) {
        return switch (acr) {
            case "loa-4" -> "loa-3";
            case "loa-3" -> "loa-2";
            default -> "loa-1";
        };
    }

    @Override
    void addIdTokenClaims(Map<String, Object> claims, GrantStore.Code code, GrantStore.AccessGrant at) {
        Object acr = claims.getOrDefault("acr", code.request.acr);
        claims.put("amr", List.of(level(acr.toString())));
        claims.put("at_hash", Ids.atHash(at.token()));
        claims.put("sid", Ids.random(16));
        claims.put("oxOpenIDConnectVersion", "openidconnect-1.0");
        if (digitalCredential()) {
            releasedClaims(code.request, code.person, SCOPE_CLAIMS, "id_token", "userinfo").forEach(claims::putIfAbsent);
        }
    }

    @Override
    void sendUserinfo(HttpExchange ex, GrantStore.AccessGrant grant, String sub) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("sub", sub);
        body.putAll(releasedClaims(grant.request(), grant.person(), SCOPE_CLAIMS, "userinfo", "id_token"));
        HttpIo.noStore(ex);
        HttpIo.json(ex, 200, body);
    }

    @Override
    Map<String, Object> tokenErrorBody(OAuthError e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("error_description", e.description());
        return body;
    }

    @Override
    boolean accessTokenParameterAllowed() {
        return true;
    }

    @Override
    void registerExtra(Router router) {
        if (tenant.endSessionPath != null) {
            router.add(tenant.endSessionPath, this::endSession);
        }
    }

    /** RP-initiated logout: records the call, redirects only to a registered post-logout URI. */
    private void endSession(HttpExchange ex) throws IOException {
        if (!isGet(ex)) {
            HttpIo.methodNotAllowed(ex, "GET");
            return;
        }
        Map<String, String> p = HttpIo.single(HttpIo.query(ex));
        String hint = p.get("id_token_hint");
        String postLogout = p.get("post_logout_redirect_uri");
        String state = p.get("state");
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("tenant", tenant.id);
        record.put("receivedAt", Instant.now().toString());
        record.put("idTokenHintPresent", hint != null);
        record.put("postLogoutRedirectUri", postLogout);
        record.put("state", state);
        record.put("clientId", p.get("client_id"));
        if (ctx.faults.take(tenant.provider.id(), Fault.END_SESSION_ERROR)) {
            record.put("outcome", "server_error (fault)");
            ctx.recorder.logout(record);
            ctx.log.info("%s end_session: HTTP 500 (fault)", tenant.id);
            HttpIo.html(ex, 500, Html.errorPage(Html.brandClass(tenant), tenant.title + " simulator", "server_error", "end_session failed (fault)"));
            return;
        }
        boolean[] recorded = {false};
        try {
            endSession(ex, hint, postLogout, state, p.get("client_id"), record, () -> {
                // stored before the answer is sent, so that /sim/api/logouts already lists a call its client saw answered
                ctx.recorder.logout(record);
                recorded[0] = true;
            });
        } finally {
            if (!recorded[0]) {
                ctx.recorder.logout(record);
            }
        }
    }

    private void endSession(HttpExchange ex, String hint, String postLogout, String state, String clientId,
                            Map<String, Object> record, Runnable recordIt) throws IOException {
        ClientRegistration client = ctx.clients.find(tenant.provider.id(), clientId);
        if (hint != null) {
            String aud = verifiedAudience(hint);
            if (aud == null) {
                record.put("outcome", "invalid_id_token_hint");
                recordIt.run();
                HttpIo.html(ex, 400, Html.errorPage(Html.brandClass(tenant), tenant.title + " simulator", "invalid_request",
                        "id_token_hint is not an ID token issued by " + tenant.issuer()));
                return;
            }
            record.put("idTokenHintAudience", aud);
            if (client == null) {
                client = ctx.clients.find(tenant.provider.id(), aud);
            }
        }
        ctx.log.info("%s end_session (id_token_hint %s, post_logout_redirect_uri %s)", tenant.id,
                hint != null ? "present" : "absent", postLogout == null ? "absent" : postLogout);
        if (postLogout == null) {
            record.put("outcome", "logged_out_page");
            recordIt.run();
            HttpIo.html(ex, 200, Html.page("Logged out", Html.brandClass(tenant), tenant.title + " simulator",
                    "<h1>You are signed out</h1>"));
            return;
        }
        ClientRegistration known = client;
        boolean registered = known != null
                ? known.postLogoutRedirectUris().contains(postLogout)
                : ctx.clients.all().stream().anyMatch(c -> c.provider().equals(tenant.provider.id())
                        && c.postLogoutRedirectUris().contains(postLogout));
        if (!registered) {
            record.put("outcome", "post_logout_uri_not_associated_with_client");
            recordIt.run();
            HttpIo.html(ex, 400, Html.errorPage(Html.brandClass(tenant), tenant.title + " simulator",
                    "post_logout_uri_not_associated_with_client",
                    "post_logout_redirect_uri '" + postLogout + "' is not registered"));
            return;
        }
        record.put("outcome", "redirect");
        Map<String, String> params = new LinkedHashMap<>();
        params.put("state", state);
        recordIt.run();
        HttpIo.redirect(ex, HttpIo.appendQuery(postLogout, params));
    }

    /** The aud of an ID token signed by this tenant (expiry not checked, as a hint may be old); null if invalid. */
    private String verifiedAudience(String idToken) {
        try {
            SignedJWT jwt = SignedJWT.parse(idToken);
            RSAKey key = tenant.signingKeys.find(jwt.getHeader().getKeyID());
            if (key == null || !jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))
                    || !tenant.issuer().equals(jwt.getJWTClaimsSet().getIssuer())
                    || jwt.getJWTClaimsSet().getAudience().isEmpty()) {
                return null;
            }
            return jwt.getJWTClaimsSet().getAudience().get(0);
        } catch (ParseException | JOSEException | RuntimeException e) {
            return null;
        }
    }

    private static String level(String loa) {
        return loa.startsWith("loa-") ? loa.substring(4) : loa;
    }
}
