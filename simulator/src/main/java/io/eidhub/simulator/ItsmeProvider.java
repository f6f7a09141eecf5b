package io.eidhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.eidhub.simulator.TestPersons.ISM;

/**
 * itsme v2 ({@code /v2}) and the legacy client-secret "csapi" layout, as itsme documents them (see the simulator
 * README): scope must carry {@code service:<code>}; acr is {@code acr_basic} / {@code acr_advanced}, asked through
 * {@code acr_values} (the strictest wins); scope claims come only from userinfo, the ID token carries only the claims
 * requested under {@code claims.id_token}; undocumented {@code claims} members get {@code unsupported_request}; ID
 * token and userinfo are signed then encrypted to the client (userinfo labelled {@code application/json}); client
 * authentication by private_key_jwt or POST body, never HTTP Basic; token errors carry {@code detail}.
 */
final class ItsmeProvider extends OidcProvider {

    static final String ACR_BASIC = "http://itsme.services/v2/claim/acr_basic";
    static final String ACR_ADVANCED = "http://itsme.services/v2/claim/acr_advanced";
    /** Not an itsme level: what the {@code lower_acr} fault answers when basic was asked. */
    static final String ACR_BELOW_BASIC = "http://itsme.services/v2/claim/acr_none";

    static final Map<String, List<String>> SCOPE_CLAIMS = Map.of(
            "profile", List.of("given_name", "family_name", "name", "birthdate", "gender", "locale"),
            "email", List.of("email", "email_verified"),
            "phone", List.of("phone_number", "phone_number_verified"),
            "address", List.of("address"),
            "eid", List.of(ISM + "BENationalNumber", ISM + "BEeidSn"),
            "idDocument", List.of(ISM + "IDDocumentSN", ISM + "IDDocumentType"));

    ItsmeProvider(Tenant tenant, SimContext ctx) {
        super(tenant, ctx);
    }

    @Override
    List<String> scopesSupported() {
        return List.of("openid", "profile", "email", "address", "phone", "eid", "idDocument");
    }

    @Override
    List<String> responseModesSupported() {
        return List.of("query");
    }

    @Override
    List<String> acrValuesSupported() {
        return List.of(ACR_BASIC, ACR_ADVANCED);
    }

    @Override
    List<String> subjectTypesSupported() {
        return List.of("pairwise");
    }

    /**
     * The user claims itsme documents (claims appendix and authorization page, re-checked December 2026): the only
     * members the {@code claims} parameter may name. Slovenia's national number is spelled both ways there.
     */
    static final List<String> DOCUMENTED_CLAIMS = documentedClaims();

    private static List<String> documentedClaims() {
        List<String> out = new ArrayList<>(List.of("given_name", "family_name", "name", "birthdate", "gender",
                "locale", "picture", "email", "email_verified", "phone_number", "phone_number_verified", "address",
                "age_gte_16", "age_gte_18", "age_gte_21", "age_gte_30"));
        for (String c : List.of("BENationalNumber", "BEeidSn", "IDDocumentSN", "IDDocumentType", "IDIssuingCountry",
                "validityFrom", "validityTo", "verificationDate", "issuance_locality", "claim_citizenship",
                "claim_citizenship_as_iso", "place_of_birth", "birthdate_as_string", "official_gender",
                "physical_person_photo", "claim_device", "app", "account", "identification_mode", "transaction_ip",
                "ongoing_call", "RONationalNumber", "BGNationalNumber", "CZNationalNumber", "SKNationalNumber",
                "HRNationalNumber", "LTNationalNumber", "SINationalNumber", "SVNationalNumber", "LVNationalNumber",
                "MTNationalNumber", "RSNationalNumber", "MDNationalNumber")) {
            out.add(ISM + c);
        }
        return List.copyOf(out);
    }

    @Override
    List<String> claimsSupported() {
        List<String> out = new ArrayList<>(List.of("iss", "sub", "aud", "exp", "iat", "nonce"));
        out.addAll(DOCUMENTED_CLAIMS);
        return out;
    }

    @Override
    void addDiscovery(Map<String, Object> doc) {
        doc.put("ui_locales_supported", List.of("fr", "nl", "de", "en"));
        doc.put("display_values_supported", List.of("page"));
        if (tenant.revocationPath != null) {
            doc.put("revocation_endpoint_auth_methods_supported", authMethodsSupported());
        }
    }

    @Override
    void validate(AuthorizationRequest req, Map<String, Object> params) throws OAuthError {
        List<String> services = req.scopes.stream().filter(s -> s.startsWith("service:")).toList();
        if (services.isEmpty()) {
            throw new OAuthError("invalid_scope", "scope must contain service:<SERVICE_CODE>");
        }
        if (services.size() > 1) {
            throw new OAuthError("invalid_scope", "only one service:<SERVICE_CODE> per request");
        }
        String code = services.get(0).substring("service:".length());
        if (!req.client.serviceCodes().contains(code)) {
            throw new OAuthError("invalid_scope", "service code '" + code + "' is not registered for client '"
                    + req.client.clientId() + "'");
        }
        req.serviceCode = code;
        checkClaimsMembers(req.claims);
        String display = str(params.get("display"));
        if (display != null && !"page".equals(display)) {
            throw new OAuthError("unsupported_display", "display must be 'page'");
        }
    }

    /**
     * itsme answers {@code unsupported_request} to {@code claims} members it does not support: a top-level member
     * other than {@code id_token} and {@code userinfo}, or a claim it does not document (such as {@code acr}, which
     * is asked for through {@code acr_values} only).
     */
    private static void checkClaimsMembers(Map<String, Object> claims) throws OAuthError {
        if (claims == null) {
            return;
        }
        for (Map.Entry<String, Object> member : claims.entrySet()) {
            if (!List.of("id_token", "userinfo").contains(member.getKey())) {
                throw unsupported("claims." + member.getKey());
            }
            Map<String, Object> names = Json.asObject(member.getValue());
            if (names == null) {
                throw new OAuthError("invalid_request", "claims." + member.getKey() + " is not a JSON object");
            }
            for (String name : names.keySet()) {
                if (!DOCUMENTED_CLAIMS.contains(name)) {
                    throw unsupported("claims." + member.getKey() + "." + name);
                }
            }
        }
    }

    private static OAuthError unsupported(String member) {
        return new OAuthError("unsupported_request", "the request contains a not supported parameter: " + member);
    }

    /** The strictest level asked through {@code acr_values} ("if both are sent, the strictest applies"); basic by default. */
    @Override
    String resolveAcr(AuthorizationRequest req) {
        return req.acrValues.stream().anyMatch(ACR_ADVANCED::equalsIgnoreCase) ? ACR_ADVANCED : ACR_BASIC;
    }

    @Override
    String lowerAcr(String acr) {
        // itsme has nothing below basic: a level itsme does not define stands for "lower" there (as IDEMIA's loa-1)
        return ACR_ADVANCED.equalsIgnoreCase(acr) ? ACR_BASIC : ACR_BELOW_BASIC;
    }

    /** Since October 2024 only the claims requested individually under {@code claims.id_token}, never scope claims. */
    @Override
    void addIdTokenClaims(Map<String, Object> claims, GrantStore.Code code, GrantStore.AccessGrant at) {
        releasedClaims(code.request, code.person, Map.of(), "id_token").forEach(claims::putIfAbsent);
    }

    @Override
    void sendUserinfo(HttpExchange ex, GrantStore.AccessGrant grant, String sub) throws IOException, OAuthError {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("sub", sub);
        claims.put("iss", tenant.issuer());
        claims.put("aud", grant.request().client.clientId());
        claims.put("iat", now);
        claims.put("nbf", now);
        claims.put("exp", now + ID_TOKEN_LIFETIME_SECONDS);
        // the scope claims (their only place since October 2024) and those requested under claims.userinfo
        releasedClaims(grant.request(), grant.person(), SCOPE_CLAIMS, "userinfo").forEach(claims::putIfAbsent);
        if (ctx.switches.on(tenant.id, TenantSwitches.PLAIN_USERINFO)) {
            HttpIo.noStore(ex);
            HttpIo.json(ex, 200, claims);
            return;
        }
        TokenIssuer.Issued issued = ctx.tokenIssuer.issueDetailed(tenant, grant.request().client, claims,
                EnumSet.noneOf(Fault.class));
        String jwt = issued.token();
        Map<String, Object> secrets = new LinkedHashMap<>();
        secrets.put("kind", "userinfo");
        secrets.put("tenant", tenant.id);
        secrets.put("at", Instant.ofEpochSecond(now).toString());
        secrets.put("userinfo", jwt);
        secrets.put("userinfoJws", issued.inner());
        ctx.recorder.credentials(grant.request().client.clientId(), secrets);
        HttpIo.noStore(ex);
        // a signed and encrypted JWT (for a key-pair client), labelled application/json as itsme's documentation shows
        String label = ctx.switches.on(tenant.id, TenantSwitches.USERINFO_APPLICATION_JWT) ? "application/jwt" : "application/json";
        HttpIo.send(ex, 200, label, jwt.getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    Map<String, Object> tokenErrorBody(OAuthError e) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", e.error());
        body.put("detail", e.description());
        return body;
    }

    @Override
    String assertionErrorCode() {
        return "unauthorized_client";
    }

    @Override
    void registerExtra(Router router) {
        if (tenant.revocationPath != null) {
            router.add(tenant.revocationPath, this::revoke);
        }
    }

    /** csapi token revocation: always 200 for an authenticated client. */
    private void revoke(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            HttpIo.methodNotAllowed(ex, "POST");
            return;
        }
        try {
            Map<String, String> p = HttpIo.single(HttpIo.form(ex));
            ClientRegistration client = ctx.authenticator.authenticate(ex, tenant, p, new LinkedHashMap<>(),
                    assertionErrorCode());
            String token = p.get("token");
            if (token == null) {
                throw new OAuthError("invalid_request", "token is required");
            }
            GrantStore.AccessGrant grant = ctx.grants.accessToken(token);
            if (grant != null && grant.request().client.clientId().equals(client.clientId())) {
                ctx.grants.revokeAccessToken(token);
            }
            ctx.log.info("%s revocation by client=%s", tenant.id, client.clientId());
            HttpIo.send(ex, 200, null, new byte[0]);
        } catch (OAuthError e) {
            HttpIo.json(ex, e.status(), tokenErrorBody(e));
        }
    }
}
