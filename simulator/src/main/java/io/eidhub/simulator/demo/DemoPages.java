package io.eidhub.simulator.demo;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.eidhub.simulator.Html.esc;

/** The demo app's HTML: one inline stylesheet, no script, no external asset. */
final class DemoPages {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'")
            .withZone(ZoneOffset.UTC);

    /** Claims shown in the summary, in this order, when present. */
    private static final List<String> SUMMARY = List.of("sub", "name", "given_name", "family_name",
            "preferred_username", "email", "age_over_18", "acr", "upstream_acr", "identity_provider");

    private static final Map<String, String> NOTES = Map.of(
            "sub", "the hub's user id (stable per user; the eID's own sub is kept in the federated identity)",
            "acr", "the hub's own level of authentication",
            "upstream_acr", "the acr returned by itsme or IDEMIA, carried by the hub",
            "identity_provider", "the broker used for this session",
            "age_over_18", "the age scope: the hub says whether the person is 18 or older, nothing else");

    private static final String CSS = """
            :root{color-scheme:light}
            body{margin:0;font-family:system-ui,-apple-system,'Segoe UI',Roboto,sans-serif;background:#f3f4f6;color:#1f2328}
            header{background:#1f2937;color:#fff;padding:12px 24px;font-weight:600;letter-spacing:.2px}
            header span{font-weight:400;color:#d1d5db;margin-left:8px}
            main{max-width:920px;margin:24px auto;padding:0 16px}
            .card{background:#fff;border-radius:12px;box-shadow:0 1px 3px rgba(0,0,0,.12);padding:20px 24px;margin-bottom:16px}
            h1{font-size:1.4rem;margin:0 0 8px} h2{font-size:1.1rem;margin:0 0 10px} h3{font-size:.95rem;margin:14px 0 6px;color:#4b5563}
            p{line-height:1.5;margin:8px 0}
            .actions{display:flex;flex-wrap:wrap;gap:12px;margin:16px 0}
            .btn{display:inline-block;min-height:44px;box-sizing:border-box;padding:11px 20px;border-radius:8px;font-weight:600;
              text-decoration:none;border:0;font-size:1rem;cursor:pointer;font-family:inherit}
            .btn:focus-visible,a:focus-visible{outline:3px solid #0066cc;outline-offset:2px}
            .itsme{background:#ff4612;color:#111}
            .idemia{background:#3b2a8f;color:#fff}
            .neutral{background:#e5e7eb;color:#111}
            .danger{background:#b42318;color:#fff}
            table{border-collapse:collapse;width:100%;font-size:.92rem}
            th,td{text-align:left;vertical-align:top;padding:7px 8px;border-bottom:1px solid #e5e7eb}
            th{width:190px;font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-weight:600;color:#374151}
            td{word-break:break-word}
            .note{display:block;color:#6b7280;font-size:.8rem}
            .eid th{color:#92400e}
            pre{background:#0f172a;color:#e2e8f0;padding:12px 14px;border-radius:8px;overflow-x:auto;font-size:.82rem;
              line-height:1.45;margin:0;white-space:pre-wrap;word-break:break-all}
            details{margin-top:10px} summary{cursor:pointer;color:#374151}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 14px;font-size:.9rem;margin:12px 0 0}
            dt{color:#6b7280} dd{margin:0;word-break:break-all}
            code{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:#f3f4f6;padding:1px 4px;border-radius:4px}
            .error{color:#b42318}
            .muted{color:#6b7280;font-size:.9rem}
            form{display:inline}
            """;

    private DemoPages() {
    }

    static String start(String issuer, String clientId) {
        String body = "<div class=\"card\"><h1>Sign in to the demo app</h1>"
                + "<p>A stand-in for <code>jwt.ms</code>: sign in through the eID hub and see the ID and access tokens "
                + "that Keycloak issues to this application.</p>"
                + loginButtons()
                + "<p class=\"muted\"><a id=\"login-page\" href=\"" + DemoApp.PATH + "/login\">Open the hub's sign-in page</a> "
                + "instead (both providers, language menu).</p>"
                + "<dl><dt>Realm</dt><dd>" + esc(issuer) + "</dd><dt>Client</dt><dd>" + esc(clientId) + "</dd>"
                + "<dt>Flow</dt><dd>authorization code with PKCE (S256), <code>state</code> and <code>nonce</code> checked, "
                + "<code>kc_idp_hint</code> to go straight to the provider</dd></dl></div>";
        return page("Demo app", body);
    }

    static String tokens(String idp, String idToken, String accessToken, Map<String, Object> tokenResponse) {
        Map<String, Object> id = safePayload(idToken);
        Map<String, Object> at = safePayload(accessToken);
        StringBuilder b = new StringBuilder();
        Object via = id.getOrDefault("identity_provider", idp);
        b.append("<div class=\"card\"><h1 id=\"signed-in\">Signed in")
                .append(via == null ? "" : " with " + esc(label(String.valueOf(via))))
                .append("</h1><table id=\"summary\"><tbody>");
        for (String claim : SUMMARY) {
            Object value = id.containsKey(claim) ? id.get(claim) : at.get(claim);
            if (value != null) {
                row(b, claim, value, NOTES.get(claim), false);
            }
        }
        Map<String, Object> eid = new LinkedHashMap<>();
        id.forEach((k, v) -> {
            if (k.startsWith("itsme_") || k.startsWith("idemia_")) {
                eid.put(k, v);
            }
        });
        eid.forEach((k, v) -> row(b, k, v, null, true));
        time(b, id, "auth_time");
        time(b, id, "exp");
        b.append("</tbody></table>");
        b.append("<div class=\"actions\"><form method=\"post\" action=\"").append(DemoApp.PATH)
                .append("/logout\"><button class=\"btn danger\" id=\"logout\" type=\"submit\">Log out</button></form>")
                .append("<a class=\"btn neutral\" href=\"").append(DemoApp.PATH).append("/login?idp=itsme\">Log in again with itsme</a>")
                .append("<a class=\"btn neutral\" href=\"").append(DemoApp.PATH).append("/login?idp=idemia\">Log in again with IDEMIA</a>")
                .append("</div></div>");
        if (id.get("verified_claims") != null) {
            b.append("<div class=\"card\"><h2>Verified claims</h2><p class=\"muted\">The <code>verified_claims</code> of the ID "
                    + "token (OpenID Connect for Identity Assurance 1.0): who verified the identity, under which trust "
                    + "framework and on which evidence, and the verified claims.</p><pre id=\"verified-claims\">")
                    .append(esc(Jwts.pretty(id.get("verified_claims")))).append("</pre></div>");
        }
        token(b, "ID token", "id-token", idToken);
        token(b, "Access token", "access-token", accessToken);
        Map<String, Object> rest = new LinkedHashMap<>(tokenResponse);
        rest.remove("id_token");
        rest.remove("access_token");
        b.append("<div class=\"card\"><h2>Token response</h2><p class=\"muted\">The other members of the token "
                + "endpoint's answer (the refresh token is not shown).</p><pre id=\"token-response\">")
                .append(esc(Jwts.pretty(rest))).append("</pre></div>");
        return page("Demo app: tokens", b.toString());
    }

    static String loggedOut() {
        return page("Signed out", "<div class=\"card\"><h1 id=\"signed-out\">Signed out</h1>"
                + "<p>You are signed out of the demo app and of the eID hub.</p>" + loginButtons() + "</div>");
    }

    static String loginError(String error, String description) {
        return page("Sign-in failed", "<div class=\"card\"><h1 class=\"error\" id=\"login-error\">Sign-in failed</h1>"
                + "<p>Keycloak returned <code>error=" + esc(error) + "</code>"
                + (description == null ? "" : ": " + esc(description)) + "</p>" + loginButtons() + "</div>");
    }

    static String error(String title, String message) {
        return page(title, "<div class=\"card\"><h1 class=\"error\" id=\"error\">" + esc(title) + "</h1><p>"
                + esc(message) + "</p><p><a href=\"" + DemoApp.PATH + "/\">Back to the demo app</a></p></div>");
    }

    private static String loginButtons() {
        return "<div class=\"actions\">"
                + "<a class=\"btn itsme\" id=\"login-itsme\" href=\"" + DemoApp.PATH + "/login?idp=itsme\">Log in with itsme</a>"
                + "<a class=\"btn idemia\" id=\"login-idemia\" href=\"" + DemoApp.PATH + "/login?idp=idemia\">Log in with IDEMIA</a>"
                + "<a class=\"btn neutral\" id=\"login-age\" href=\"" + DemoApp.PATH + "/login?idp=itsme&amp;ask=age\">"
                + "Only prove I am 18 or older (itsme)</a>"
                + "</div>";
    }

    private static void token(StringBuilder b, String title, String id, String jwt) {
        b.append("<div class=\"card\"><h2>").append(esc(title)).append("</h2>");
        if (jwt == null) {
            b.append("<p class=\"muted\">None in the token response.</p></div>");
            return;
        }
        try {
            b.append("<h3>Header</h3><pre id=\"").append(id).append("-header\">")
                    .append(esc(Jwts.pretty(Jwts.header(jwt)))).append("</pre>");
            b.append("<h3>Payload</h3><pre id=\"").append(id).append("-payload\">")
                    .append(esc(Jwts.pretty(Jwts.payload(jwt)))).append("</pre>");
        } catch (IllegalArgumentException e) {
            b.append("<p class=\"error\">Cannot decode it: ").append(esc(e.getMessage())).append("</p>");
        }
        b.append("<details><summary>Encoded (signature not checked here: the token came from the token endpoint over "
                + "the back channel)</summary><pre>").append(esc(jwt)).append("</pre></details></div>");
    }

    private static void row(StringBuilder b, String claim, Object value, String note, boolean eid) {
        String text = value instanceof String s ? s : Jwts.pretty(value).replaceAll("\\s*\\n\\s*", " ");
        b.append("<tr").append(eid ? " class=\"eid\"" : "").append(" data-claim=\"").append(esc(claim)).append("\"><th>")
                .append(esc(claim)).append("</th><td>").append(esc(text));
        if (note != null) {
            b.append("<span class=\"note\">").append(esc(note)).append("</span>");
        }
        b.append("</td></tr>");
    }

    private static void time(StringBuilder b, Map<String, Object> claims, String claim) {
        if (claims.get(claim) instanceof Number n) {
            Instant t = Instant.ofEpochSecond(n.longValue());
            long left = t.getEpochSecond() - Instant.now().getEpochSecond();
            String note = "exp".equals(claim) ? (left > 0 ? "in " + left + " s (5-minute tokens)" : "expired") : null;
            row(b, claim, TIME.format(t), note, false);
        }
    }

    private static Map<String, Object> safePayload(String jwt) {
        if (jwt == null) {
            return Map.of();
        }
        try {
            return Jwts.payload(jwt);
        } catch (IllegalArgumentException e) {
            return Map.of();
        }
    }

    private static String label(String idp) {
        return switch (idp) {
            case "itsme" -> "itsme";
            case "idemia" -> "IDEMIA Mobile ID";
            default -> idp;
        };
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + esc(title) + "</title><style>" + CSS + "</style></head>\n<body>"
                + "<header>eID hub<span>demo app</span></header><main>" + body + "</main></body></html>\n";
    }
}
