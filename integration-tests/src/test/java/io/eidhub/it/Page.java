package io.eidhub.it;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The result of a {@link Browser} navigation: the last response received, or, when the browser stopped at a
 * redirect (see {@link Browser#stopAt(String)}), the redirect target that was NOT requested.
 *
 * <ul>
 *   <li>{@link #url()}: where the navigation ended (the stop URL when {@link #stopped()}, else the URL of the last response);</li>
 *   <li>{@link #status()}: HTTP status of the last response received (for a stopped page: the 3xx that pointed to {@link #url()});</li>
 *   <li>{@link #body()}: body of the last response ("" when stopped);</li>
 *   <li>{@link #redirects()}: every URL requested during this navigation, in order, then the stop URL if stopped.</li>
 * </ul>
 */
public final class Page {

    private final URI url;
    private final int status;
    private final Map<String, List<String>> headers;
    private final String body;
    private final boolean stopped;
    private final List<URI> redirects;

    Page(URI url, int status, Map<String, List<String>> headers, String body, boolean stopped, List<URI> redirects) {
        this.url = url;
        this.status = status;
        this.headers = headers;
        this.body = body == null ? "" : body;
        this.stopped = stopped;
        this.redirects = List.copyOf(redirects);
    }

    public URI url() {
        return url;
    }

    public int status() {
        return status;
    }

    public String body() {
        return body;
    }

    /** True if the browser stopped at a redirect to a stop prefix instead of requesting {@link #url()}. */
    public boolean stopped() {
        return stopped;
    }

    /** URLs requested during this navigation (plus the stop URL when stopped). */
    public List<URI> redirects() {
        return redirects;
    }

    /** Response headers (lower-case names) of the last response. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** First value of a response header (case-insensitive), if any. */
    public Optional<String> header(String name) {
        List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.get(0));
    }

    /** The Location header of a 3xx answer, resolved against the request URL. */
    public Optional<URI> location() {
        return header("location").map(l -> redirects.isEmpty() ? URI.create(l) : previousUrl().resolve(l));
    }

    private URI previousUrl() {
        // for a stopped page, the last requested URL is the one before the stop URL
        int i = stopped ? redirects.size() - 2 : redirects.size() - 1;
        return i >= 0 ? redirects.get(i) : url;
    }

    public boolean isRedirect() {
        return status >= 300 && status < 400;
    }

    /** True if {@link #url()} starts with this prefix. */
    public boolean isAt(String urlPrefix) {
        return url.toString().startsWith(urlPrefix);
    }

    // ------------------------------------------------------------- query / fragment parameters

    /** Query parameters of {@link #url()} (decoded; first value wins), e.g. {@code code}, {@code state}, {@code error}. */
    public Map<String, String> queryParams() {
        return parseParams(url.getRawQuery());
    }

    /** One query parameter of {@link #url()}, or null. */
    public String queryParam(String name) {
        return queryParams().get(name);
    }

    /** Fragment parameters of {@link #url()} (response_mode=fragment). */
    public Map<String, String> fragmentParams() {
        return parseParams(url.getRawFragment());
    }

    static Map<String, String> parseParams(String raw) {
        Map<String, String> map = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return map;
        }
        for (String pair : raw.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            map.putIfAbsent(k, v);
        }
        return map;
    }

    // ------------------------------------------------------------- HTML

    /** {@code <title>} text. Keycloak login/error pages: "Sign in to &lt;realm display name&gt;" or similar. */
    public String title() {
        return Html.title(body);
    }

    /** The whole visible text of the page (tags stripped, whitespace collapsed). */
    public String text() {
        return Html.text(body);
    }

    /** Keycloak page heading ({@code <h1 id="kc-page-title">}), e.g. "We are sorry..." on the error page. */
    public Optional<String> heading() {
        return Html.textById(body, "kc-page-title");
    }

    /**
     * Keycloak's message for the user: the alert of a login page ({@code <span class="kc-feedback-text">}) or, on
     * the error page, the text of {@code <div id="kc-error-message"><p class="instruction">} (without the trace id).
     * Empty if the page shows neither.
     */
    public Optional<String> feedbackText() {
        Optional<String> alert = Html.textByClass(body, "kc-feedback-text");
        if (alert.isPresent() && !alert.get().isEmpty()) {
            return alert;
        }
        return Html.innerHtmlById(body, "kc-error-message")
                .flatMap(inner -> Html.textByClass(inner, "instruction"))
                .filter(s -> !s.isEmpty());
    }

    /** True if this is Keycloak's error page ({@code error.ftl}: {@code id="kc-error-message"}). */
    public boolean isKeycloakErrorPage() {
        return Html.innerHtmlById(body, "kc-error-message").isPresent();
    }

    /** Text of the element with this id. */
    public Optional<String> textById(String id) {
        return Html.textById(body, id);
    }

    /** Text of the first element with this CSS class. */
    public Optional<String> textByClass(String cls) {
        return Html.textByClass(body, cls);
    }

    /** All forms, actions resolved against {@link #url()}. */
    public List<HtmlForm> forms() {
        return Html.forms(body, url);
    }

    /** The only form of the page, or the first if there are several. */
    public HtmlForm form() {
        List<HtmlForm> forms = forms();
        if (forms.isEmpty()) {
            throw new NoSuchElementException("No <form> on " + describe());
        }
        return forms.get(0);
    }

    /** The form with this id attribute. */
    public HtmlForm formById(String id) {
        return form(f -> id.equals(f.id()), "id=" + id);
    }

    /** The first form matching the predicate, e.g. {@code f -> "alice".equals(f.field("person"))}. */
    public HtmlForm form(Predicate<HtmlForm> predicate, String description) {
        return forms().stream().filter(predicate).findFirst().orElseThrow(() -> new NoSuchElementException(
                "No form " + description + " on " + describe() + "; forms: " + forms()));
    }

    /** All {@code <a>} elements. */
    public List<Html.Link> links() {
        return Html.links(body, url);
    }

    /** href of the link with this id, e.g. {@code linkById("social-itsme")} on Keycloak's login page. */
    public URI linkById(String id) {
        return links().stream().filter(l -> id.equals(l.id()) && l.href() != null).map(Html.Link::href).findFirst()
                .orElseThrow(() -> new NoSuchElementException("No link id=" + id + " on " + describe()));
    }

    /** Short description for assertion messages: status, url, title, feedback text. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(status).append(' ').append(url);
        if (stopped) {
            sb.append(" (stopped before request)");
        }
        String t = title();
        if (!t.isEmpty()) {
            sb.append(" title=\"").append(t).append('"');
        }
        feedbackText().ifPresent(f -> sb.append(" message=\"").append(f).append('"'));
        return sb.toString();
    }

    @Override
    public String toString() {
        return "Page[" + describe() + "]";
    }
}
