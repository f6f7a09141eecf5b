package io.eidhub.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.CookieStore;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * A tiny HTTP user agent for end-to-end tests (java.net.http, no JavaScript).
 *
 * <ul>
 *   <li>Cookie jar that also sends {@code Secure} cookies over plain http to loopback hosts (Keycloak sets
 *       {@code Secure; SameSite=None} cookies even over http; the JDK's CookieManager would not send them back,
 *       which ends in {@code cookie_not_found}).</li>
 *   <li>Redirects are followed by hand (301/302/303 turn into GET, 307/308 repeat the request), at most 30,
 *       each request recorded in {@link #history()}. The browser does NOT request a redirect target that starts
 *       with a stop prefix ({@link #stopAt(String)}): the navigation returns a {@link Page#stopped() stopped} page
 *       whose {@link Page#url()} is that target, so a test reads {@code code}/{@code error} from the client's
 *       redirect URI (which need not exist), or inspects the request sent to the simulator.</li>
 *   <li>{@link #get}, {@link #post}, {@link #submit(HtmlForm)}, {@link #follow(Page)}.</li>
 * </ul>
 * Not thread-safe; one per test (cheap to create).
 */
public final class Browser {

    private static final int MAX_REDIRECTS = 30;

    private final CookieManager cookies = new CookieManager(null, CookiePolicy.ACCEPT_ALL);
    private final HttpClient client;
    private final List<String> stopPrefixes = new CopyOnWriteArrayList<>();
    private final List<Visit> history = new ArrayList<>();
    private final Map<String, String> defaultHeaders = new LinkedHashMap<>();
    private final Map<String, String> hostAliases = new LinkedHashMap<>();
    private Duration timeout = Duration.ofSeconds(30);
    private Router router = Router.DIRECT;

    /**
     * Where a request for a URL really goes, like a load balancer in front of several servers: {@link #targets}
     * lists the candidate URLs in order; the next one is tried only when the connection to the previous one was
     * refused (the request never reached it), so a retry never repeats a request a server has seen.
     */
    @FunctionalInterface
    public interface Router {
        Router DIRECT = List::of;

        List<URI> targets(URI url);
    }

    /** One request made by the browser. {@code status} is -1 if the request failed. */
    public record Visit(String method, URI url, int status) {
        @Override
        public String toString() {
            return method + " " + url + " -> " + status;
        }
    }

    public Browser() {
        this.client = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .cookieHandler(new LoopbackSecureCookies(cookies))
                .connectTimeout(Duration.ofSeconds(10))
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        defaultHeaders.put("User-Agent", "eidhub-it-browser/1.0");
        // like a real browser; NOT application/json, or Keycloak answers errors as JSON instead of its error page
        defaultHeaders.put("Accept", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
    }

    // ------------------------------------------------------------------ configuration

    /** Do not request redirect targets starting with this prefix (e.g. the client's redirect URI, the simulator's base URL). */
    public Browser stopAt(String urlPrefix) {
        if (!stopPrefixes.contains(urlPrefix)) {
            stopPrefixes.add(urlPrefix);
        }
        return this;
    }

    /** Remove a stop prefix. */
    public Browser dontStopAt(String urlPrefix) {
        stopPrefixes.remove(urlPrefix);
        return this;
    }

    public List<String> stopPrefixes() {
        return List.copyOf(stopPrefixes);
    }

    /** A header sent with every request (e.g. {@code Accept-Language: fr}). A null value removes it. */
    public Browser header(String name, String value) {
        if (value == null) {
            defaultHeaders.remove(name);
        } else {
            defaultHeaders.put(name, value);
        }
        return this;
    }

    /**
     * Sends requests for URLs on {@code host} to {@code toHost} (same port and path), like an /etc/hosts entry: e.g.
     * the simulator's pages name it {@code host.testcontainers.internal} (how a Keycloak container reaches it) while
     * this JVM reaches it on {@code 127.0.0.1}. Pages, history and redirects keep the original URL.
     */
    public Browser resolve(String host, String toHost) {
        hostAliases.put(host.toLowerCase(Locale.ROOT), toHost);
        return this;
    }

    /** Sends every request through this router (default: straight to its URL). */
    public Browser route(Router router) {
        this.router = router;
        return this;
    }

    /** Per-request timeout (default 30 s). */
    public Browser timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    // ------------------------------------------------------------------ navigation

    /** GET the URL and follow redirects (stopping at stop prefixes). */
    public Page get(String url) {
        return get(URI.create(url));
    }

    public Page get(URI url) {
        return navigate("GET", url, null);
    }

    /** POST an application/x-www-form-urlencoded body and follow redirects. */
    public Page post(String url, Map<String, String> form) {
        return post(URI.create(url), form);
    }

    public Page post(URI url, Map<String, String> form) {
        return navigate("POST", url, formEncode(form));
    }

    /** Submit the form (its method and action, its fields) and follow redirects. */
    public Page submit(HtmlForm form) {
        if ("POST".equals(form.method())) {
            return post(form.action(), form.fields());
        }
        String q = formEncode(form.fields());
        URI a = form.action();
        String base = a.toString();
        int hash = base.indexOf('#');
        if (hash >= 0) {
            base = base.substring(0, hash);
        }
        int qm = base.indexOf('?');
        if (qm >= 0) {
            base = base.substring(0, qm); // HTML: a GET form replaces the action's query
        }
        return get(URI.create(q.isEmpty() ? base : base + "?" + q));
    }

    /** Submit the form after setting these fields (e.g. username/password, or the simulator's decision). */
    public Page submit(HtmlForm form, Map<String, String> values) {
        return submit(form.with(values));
    }

    /** Continue a {@link Page#stopped() stopped} navigation: request its URL (ignoring stop prefixes for that one request). */
    public Page follow(Page stoppedPage) {
        if (!stoppedPage.stopped()) {
            throw new IllegalArgumentException("Page is not a stopped redirect: " + stoppedPage);
        }
        return navigate("GET", stoppedPage.url(), null);
    }

    /** One request, no redirect following (the Page is the raw answer). */
    public Page fetch(String method, URI url, Map<String, String> form) {
        HttpResponse<String> r = send(method, url, form == null ? null : formEncode(form));
        return new Page(url, r.statusCode(), lowerCaseHeaders(r), r.body(), false, List.of(url));
    }

    private Page navigate(String method, URI url, String body) {
        List<URI> chain = new ArrayList<>();
        String m = method;
        String b = body;
        URI current = url;
        for (int i = 0; i <= MAX_REDIRECTS; i++) {
            chain.add(current);
            HttpResponse<String> r = send(m, current, b);
            int s = r.statusCode();
            Optional<String> loc = r.headers().firstValue("location");
            if (s >= 300 && s < 400 && s != 304 && loc.isPresent()) {
                URI next = current.resolve(loc.get().trim());
                if (isStop(next)) {
                    chain.add(next);
                    return new Page(next, s, lowerCaseHeaders(r), "", true, chain);
                }
                if (s != 307 && s != 308) {
                    m = "GET";
                    b = null;
                }
                current = next;
                continue;
            }
            return new Page(current, s, lowerCaseHeaders(r), r.body(), false, chain);
        }
        throw new IllegalStateException("More than " + MAX_REDIRECTS + " redirects: " + chain);
    }

    private boolean isStop(URI uri) {
        String s = uri.toString();
        return stopPrefixes.stream().anyMatch(s::startsWith);
    }

    private HttpResponse<String> send(String method, URI url, String formBody) {
        List<URI> targets = router.targets(resolved(url));
        for (int i = 0; ; i++) {
            URI target = targets.get(i);
            try {
                HttpResponse<String> r = client.send(request(method, target, formBody), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
                history.add(new Visit(method, url, r.statusCode()));
                return r;
            } catch (IOException e) {
                if (refused(e) && i + 1 < targets.size()) {
                    continue; // the request never reached this server: the next candidate gets it
                }
                history.add(new Visit(method, url, -1));
                throw new UncheckedIOException(method + " " + url + (target.equals(url) ? "" : " (sent to " + target + ")")
                        + " failed (history: " + history + ")", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted: " + method + " " + url, e);
            }
        }
    }

    private HttpRequest request(String method, URI target, String formBody) {
        HttpRequest.Builder rb = HttpRequest.newBuilder(target).timeout(timeout);
        defaultHeaders.forEach(rb::header);
        if (formBody != null) {
            rb.header("Content-Type", "application/x-www-form-urlencoded");
            rb.method(method, HttpRequest.BodyPublishers.ofString(formBody, StandardCharsets.UTF_8));
        } else {
            rb.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return rb.build();
    }

    /** True when the connection was refused (nothing listens there), as opposed to a failure during the exchange. */
    public static boolean refused(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.ConnectException) {
                return true;
            }
        }
        return false;
    }

    private URI resolved(URI url) {
        String alias = url.getHost() == null ? null : hostAliases.get(url.getHost().toLowerCase(Locale.ROOT));
        if (alias == null) {
            return url;
        }
        return URI.create(url.getScheme() + "://" + alias + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
    }

    private static Map<String, List<String>> lowerCaseHeaders(HttpResponse<?> r) {
        Map<String, List<String>> h = new TreeMap<>();
        r.headers().map().forEach((k, v) -> h.merge(k.toLowerCase(Locale.ROOT), v, (a, c) -> {
            List<String> all = new ArrayList<>(a);
            all.addAll(c);
            return all;
        }));
        return Collections.unmodifiableMap(h);
    }

    /** application/x-www-form-urlencoded (UTF-8). */
    public static String formEncode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue() == null ? "" : e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    // ------------------------------------------------------------------ history and cookies

    /** Every request made so far (method, URL, status), oldest first. */
    public List<Visit> history() {
        return List.copyOf(history);
    }

    /** URLs of every request made so far. */
    public List<URI> visited() {
        return history.stream().map(Visit::url).toList();
    }

    /** True if any request so far went to a URL starting with this prefix. */
    public boolean visited(String urlPrefix) {
        return history.stream().anyMatch(v -> v.url().toString().startsWith(urlPrefix));
    }

    public void clearHistory() {
        history.clear();
    }

    public CookieStore cookieStore() {
        return cookies.getCookieStore();
    }

    /** All cookies in the jar. */
    public List<HttpCookie> cookies() {
        return cookies.getCookieStore().getCookies();
    }

    /** Value of a cookie by name (any host/path), if present. */
    public Optional<String> cookie(String name) {
        return cookies().stream().filter(c -> c.getName().equals(name)).map(HttpCookie::getValue).findFirst();
    }

    /** Forget all cookies (= a new browser session, e.g. to force a fresh login). */
    public void clearCookies() {
        cookies.getCookieStore().removeAll();
    }

    // ------------------------------------------------------------------ cookie handling

    /**
     * Looks cookies up (and stores them) as if a loopback http URL were https, so {@code Secure} cookies set by
     * Keycloak over http to localhost are sent back. Non-loopback hosts are untouched.
     */
    static final class LoopbackSecureCookies extends CookieHandler {
        private final CookieHandler delegate;

        LoopbackSecureCookies(CookieHandler delegate) {
            this.delegate = delegate;
        }

        @Override
        public Map<String, List<String>> get(URI uri, Map<String, List<String>> requestHeaders) throws IOException {
            return delegate.get(asSecure(uri), requestHeaders);
        }

        @Override
        public void put(URI uri, Map<String, List<String>> responseHeaders) throws IOException {
            delegate.put(asSecure(uri), responseHeaders);
        }

        static URI asSecure(URI uri) {
            if (!"http".equalsIgnoreCase(uri.getScheme()) || !isLoopback(uri.getHost())) {
                return uri;
            }
            try {
                return new URI("https", uri.getUserInfo(), uri.getHost(), uri.getPort(), uri.getPath(),
                        null, null);
            } catch (URISyntaxException e) {
                return uri;
            }
        }

        static boolean isLoopback(String host) {
            if (host == null) {
                return false;
            }
            String h = host.toLowerCase(Locale.ROOT);
            return h.equals("localhost") || h.startsWith("127.") || h.equals("[::1]") || h.equals("::1");
        }
    }
}
