package io.eidhub.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A validated authorization request (query parameters merged with the request object, if any). */
final class AuthorizationRequest {

    final Tenant tenant;
    final ClientRegistration client;
    final Instant receivedAt = Instant.now();

    String redirectUri;
    String state;
    String nonce;
    String responseMode = "query";
    String uiLocales;
    String prompt;
    List<String> scopes = new ArrayList<>();
    String serviceCode;
    List<String> acrValues = new ArrayList<>();
    /** The acr the login will achieve (before faults). */
    String acr;
    /** The parsed {@code claims} parameter, or null. */
    Map<String, Object> claims;
    String codeChallenge;
    String codeChallengeMethod;

    AuthorizationRequest(Tenant tenant, ClientRegistration client) {
        this.tenant = tenant;
        this.client = client;
    }

    boolean formPost() {
        return "form_post".equals(responseMode);
    }

    /** Claim names listed under {@code claims.<member>} ({@code id_token} or {@code userinfo}). */
    Set<String> requestedClaims(String member) {
        Set<String> out = new LinkedHashSet<>();
        if (claims != null) {
            Map<String, Object> m = Json.asObject(claims.get(member));
            if (m != null) {
                out.addAll(m.keySet());
            }
        }
        return out;
    }
}
