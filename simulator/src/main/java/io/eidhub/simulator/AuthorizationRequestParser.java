package io.eidhub.simulator;

import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.eidhub.simulator.AuthorizeFailure.page;
import static io.eidhub.simulator.AuthorizeFailure.redirect;
import static io.eidhub.simulator.OidcProvider.split;
import static io.eidhub.simulator.OidcProvider.str;

/**
 * Reads one authorization request into an {@link AuthorizationRequest}, in named steps whose order decides which
 * error wins: the client, the request object, the redirect URI (until both are known, errors are pages, not
 * redirects), the response mode, repeated parameters, response type and scope, PKCE, the claims parameter, the
 * provider's own rules and acr, and last the "effective" request written to the record. One instance per request.
 */
final class AuthorizationRequestParser {

    private final OidcProvider provider;
    private final Map<String, List<String>> query;
    private final Map<String, String> q;
    private final Map<String, Object> record;
    private final Map<String, Object> params;
    private ClientRegistration client;
    private OAuthError requestObjectError;
    private AuthorizationRequest req;

    AuthorizationRequestParser(OidcProvider provider, Map<String, List<String>> query, Map<String, Object> record) {
        this.provider = provider;
        this.query = query;
        this.q = HttpIo.single(query);
        this.record = record;
        this.params = new LinkedHashMap<>(q);
    }

    AuthorizationRequest parse() throws AuthorizeFailure {
        client();
        requestObject();
        redirectUri();
        responseMode();
        noRepeatsNorBadRequestObject();
        responseTypeAndScope();
        pkce();
        claims();
        nonceLocalesPromptAcr();
        effective();
        return req;
    }

    private void client() throws AuthorizeFailure {
        String clientId = q.get("client_id");
        client = provider.ctx.clients.find(provider.tenant.provider.id(), clientId);
        if (client == null) {
            throw page("invalid_client_id", clientId == null ? "client_id is missing"
                    : "client_id '" + clientId + "' is not registered at " + provider.tenant.title);
        }
    }

    /** Merges the request object's claims into the parameters; its error waits until a redirect is possible. */
    private void requestObject() {
        if (q.containsKey("request")) {
            Map<String, Object> ro = new LinkedHashMap<>();
            record.put("requestObject", ro);
            try {
                params.putAll(RequestObjects.asParameters(
                        provider.ctx.requestObjects.process(provider.tenant, client, q.get("request"), ro)));
            } catch (OAuthError e) {
                requestObjectError = e;
            }
        }
        if (q.containsKey("request_uri")) {
            requestObjectError = new OAuthError("request_uri_not_supported",
                    "request_uri is not supported by the simulator; send the request object by value");
        }
    }

    private void redirectUri() throws AuthorizeFailure {
        String redirectUri = str(params.get("redirect_uri"));
        if (redirectUri == null || !client.redirectUris().contains(redirectUri)) {
            throw page("invalid_redirect_uri", redirectUri == null ? "redirect_uri is missing"
                    : "redirect_uri '" + redirectUri + "' is not registered for client '" + client.clientId() + "'");
        }
        req = new AuthorizationRequest(provider.tenant, client);
        req.redirectUri = redirectUri;
        req.state = str(params.get("state"));
    }

    private void responseMode() throws AuthorizeFailure {
        String responseMode = str(params.get("response_mode"));
        if (responseMode != null && !provider.responseModesSupported().contains(responseMode)) {
            throw redirect(req, new OAuthError("invalid_request", "unsupported response_mode '" + responseMode + "'"));
        }
        if (responseMode != null) {
            req.responseMode = responseMode;
        }
    }

    private void noRepeatsNorBadRequestObject() throws AuthorizeFailure {
        String repeated = HttpIo.firstRepeated(query);
        if (repeated != null) {
            throw redirect(req, new OAuthError("invalid_request", "parameter '" + repeated + "' is repeated"));
        }
        if (requestObjectError != null) {
            throw redirect(req, requestObjectError);
        }
    }

    private void responseTypeAndScope() throws AuthorizeFailure {
        if (!"code".equals(str(params.get("response_type")))) {
            throw redirect(req, new OAuthError("unsupported_response_type", "response_type must be 'code'"));
        }
        req.scopes = split(str(params.get("scope")));
        if (!req.scopes.contains("openid")) {
            throw redirect(req, new OAuthError("invalid_scope", "scope must contain 'openid'"));
        }
    }

    private void pkce() throws AuthorizeFailure {
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
    }

    private void claims() throws AuthorizeFailure {
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
    }

    private void nonceLocalesPromptAcr() throws AuthorizeFailure {
        req.nonce = str(params.get("nonce"));
        req.uiLocales = str(params.get("ui_locales"));
        req.prompt = str(params.get("prompt"));
        req.acrValues = split(str(params.get("acr_values")));
        try {
            provider.validate(req, params);
            req.acr = provider.resolveAcr(req);
        } catch (OAuthError e) {
            throw redirect(req, e);
        }
    }

    /** What the simulator understood, after the request object: the record's {@code effective} member. */
    private void effective() {
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
    }
}
