package io.eidhub.simulator;

import java.util.List;
import java.util.Map;

/** The few HTML pages of the simulator (inline CSS, no scripts except the form_post auto-submit). */
public final class Html {

    private static final String CSS = """
            body{font-family:system-ui,-apple-system,'Segoe UI',sans-serif;background:#f4f5f7;color:#222;margin:0}
            main{max-width:560px;margin:32px auto;padding:0 16px}
            h1{font-size:1.35rem;margin:0 0 4px} h2{font-size:1.05rem;margin:0}
            .brand{padding:14px 18px;border-radius:12px 12px 0 0;color:#fff;font-weight:600}
            .itsme{background:#ff4612} .idemia{background:#3b2a8f} .neutral{background:#555}
            .card{background:#fff;border-radius:0 0 12px 12px;padding:16px 18px;box-shadow:0 1px 4px rgba(0,0,0,.12)}
            dl{display:grid;grid-template-columns:max-content 1fr;gap:4px 12px;margin:0 0 12px;font-size:.9rem}
            dt{color:#666} dd{margin:0;word-break:break-all}
            .person{border:1px solid #ddd;border-radius:10px;padding:12px;margin:10px 0;display:flex;
              justify-content:space-between;align-items:center;gap:12px}
            .person p{margin:2px 0 0;color:#666;font-size:.85rem}
            button{border:0;border-radius:8px;padding:8px 14px;font-size:.9rem;cursor:pointer;margin-left:6px}
            .approve{background:#1a7f37;color:#fff} .refuse{background:#e5e5e5;color:#222}
            .error{color:#b00020} code{background:#eee;padding:1px 4px;border-radius:4px}
            ul{padding-left:20px} li{margin:4px 0}
            """;

    private Html() {
    }

    /** HTML-escapes text for element content and attribute values. */
    public static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(s.length() + 16);
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String page(String title, String brandClass, String brand, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">"
                + "<title>" + esc(title) + "</title><style>" + CSS + "</style></head>\n<body><main>"
                + "<div class=\"brand " + brandClass + "\">" + esc(brand) + "</div>"
                + "<div class=\"card\">" + body + "</div></main></body></html>\n";
    }

    static String errorPage(String brandClass, String brand, String title, String message) {
        return page(title, brandClass, brand,
                "<h1 class=\"error\">" + esc(title) + "</h1><p>" + esc(message) + "</p>"
                        + "<p>This request is not sent back to the application.</p>");
    }

    /** The simulated phone: one form per test person with approve / refuse buttons. */
    static String phonePage(AuthorizationRequest req, String txId, String decisionUrl, List<TestPerson> persons) {
        Tenant t = req.tenant;
        StringBuilder b = new StringBuilder();
        b.append("<h1>Confirm on your phone</h1>");
        b.append("<dl>");
        row(b, "Application", req.client.clientId());
        if (req.serviceCode != null) {
            row(b, "Service", req.serviceCode);
        }
        row(b, "Level (acr)", req.acr);
        if (!req.acrValues.isEmpty()) {
            row(b, "acr_values asked", String.join(" ", req.acrValues));
        }
        row(b, "Scope", String.join(" ", req.scopes));
        if (req.claims != null) {
            row(b, "Claims", Json.write(req.claims));
        }
        row(b, "ui_locales", req.uiLocales == null ? "(none)" : req.uiLocales);
        row(b, "Response mode", req.responseMode);
        b.append("</dl>");
        b.append("<h2>Who is approving?</h2>");
        for (TestPerson p : persons) {
            b.append("<form method=\"post\" action=\"").append(esc(decisionUrl)).append("\"><div class=\"person\">")
                    .append("<input type=\"hidden\" name=\"tx\" value=\"").append(esc(txId)).append("\">")
                    .append("<input type=\"hidden\" name=\"person\" value=\"").append(esc(p.id())).append("\">")
                    .append("<div><strong>").append(esc(p.displayName())).append("</strong> <code>")
                    .append(esc(p.id())).append("</code><p>").append(esc(p.description())).append("</p></div>")
                    .append("<div><button type=\"submit\" name=\"decision\" value=\"approve\" class=\"approve\" id=\"approve-")
                    .append(esc(p.id())).append("\">Approve</button>")
                    .append("<button type=\"submit\" name=\"decision\" value=\"refuse\" class=\"refuse\" id=\"refuse-")
                    .append(esc(p.id())).append("\">Refuse</button></div>")
                    .append("</div></form>\n");
        }
        return page(t.title + " - confirm", brandClass(t), t.title + " simulator", b.toString());
    }

    /** OAuth 2.0 Form Post Response Mode: auto-submitting form. */
    static String formPost(String action, Map<String, String> params) {
        StringBuilder b = new StringBuilder();
        b.append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Submit This Form</title></head>\n")
                .append("<body onload=\"document.forms[0].submit()\">\n")
                .append("<form method=\"post\" action=\"").append(esc(action)).append("\">\n");
        params.forEach((name, value) -> {
            if (value != null) {
                b.append("<input type=\"hidden\" name=\"").append(esc(name)).append("\" value=\"")
                        .append(esc(value)).append("\">\n");
            }
        });
        b.append("<noscript><button type=\"submit\">Continue</button></noscript>\n</form>\n</body></html>\n");
        return b.toString();
    }

    static String landing(String baseUrl, List<Tenant> tenants) {
        StringBuilder b = new StringBuilder();
        b.append("<h1>eID hub simulator</h1><p>Base URL <code>").append(esc(baseUrl)).append("</code></p><ul>");
        for (Tenant t : tenants) {
            b.append("<li><strong>").append(esc(t.title)).append("</strong>: <a href=\"")
                    .append(esc(t.url(t.discoveryPath))).append("\">").append(esc(t.url(t.discoveryPath)))
                    .append("</a></li>");
        }
        b.append("</ul><h2>Control API</h2><ul>")
                .append("<li><code>GET/POST /sim/api/clients</code></li>")
                .append("<li><code>GET /sim/api/requests/last?provider=itsme|idemia</code></li>")
                .append("<li><code>GET /sim/api/token-requests/last?provider=itsme|idemia</code></li>")
                .append("<li><code>GET /sim/api/logouts</code></li>")
                .append("<li><code>GET/POST /sim/api/faults</code></li>")
                .append("<li><code>POST /sim/api/reset</code></li>")
                .append("<li><code>GET /sim/api/persons?provider=itsme|idemia&amp;clientId=...</code></li></ul>");
        return page("eID hub simulator", "neutral", "eID hub simulator", b.toString());
    }

    static String brandClass(Tenant t) {
        return t.provider.id();
    }

    private static void row(StringBuilder b, String name, String value) {
        b.append("<dt>").append(esc(name)).append("</dt><dd>").append(esc(value)).append("</dd>");
    }
}
