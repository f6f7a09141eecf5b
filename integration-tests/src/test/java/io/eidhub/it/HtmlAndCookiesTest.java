package io.eidhub.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

/** Unit tests of the test helpers (run by surefire, no Keycloak needed). */
class HtmlAndCookiesTest {

    private static final String PHONE = """
            <html><head><title>itsme &amp; co</title></head><body>
            <form method="post" action="/v2/decision?x=1&amp;y=2">
              <input type="hidden" name="tx" value="T1&amp;2">
              <input type=hidden name=person value=alice>
              <button type="submit" name="decision" value="approve">Approve</button>
              <button type="submit" name="decision" value="refuse">Refuse</button>
            </form>
            <form method='POST' action='http://other.test/cb' id="auto">
              <input type='hidden' name='code' value='c&#39;1'/>
              <input type="checkbox" name="remember">
              <input type="checkbox" name="agree" checked>
              <select name="lang"><option value="nl">NL<option value="fr" selected>FR</select>
              <textarea name="note">a &lt;b&gt;</textarea>
              <input type="submit" value="Go">
            </form>
            <div id="kc-error-message"><p class="instruction">Bad &quot;thing&quot;</p><p class="instruction" id="traceId">x</p></div>
            <a id="social-itsme" href="/realms/r/broker/itsme/login?a=1&amp;b=2">itsme</a>
            </body></html>
            """;

    @Test
    void parsesFormsTitleErrorsAndLinks() {
        Page p = new Page(URI.create("http://127.0.0.1:8099/v2/authorization?q=1"), 200, Map.of(), PHONE, false, List.of());
        assertEquals("itsme & co", p.title());
        List<HtmlForm> forms = p.forms();
        assertEquals(2, forms.size());
        HtmlForm f = forms.get(0);
        assertEquals("POST", f.method());
        assertEquals(URI.create("http://127.0.0.1:8099/v2/decision?x=1&y=2"), f.action());
        assertEquals(Map.of("tx", "T1&2", "person", "alice"), f.fields());
        assertEquals("refuse", f.click("decision", "refuse").field("decision"));
        HtmlForm alice = p.form(x -> "alice".equals(x.field("person")), "alice");
        assertEquals(f.action(), alice.action());

        HtmlForm auto = p.formById("auto");
        assertEquals("c'1", auto.field("code"));
        assertFalse(auto.fields().containsKey("remember"));
        assertEquals("on", auto.field("agree"));
        assertEquals("fr", auto.field("lang"));
        assertEquals("a <b>", auto.field("note"));
        assertEquals("Go", auto.buttons().get(0).value());

        assertEquals("Bad \"thing\"", p.feedbackText().orElseThrow());
        assertEquals(URI.create("http://127.0.0.1:8099/realms/r/broker/itsme/login?a=1&b=2"), p.linkById("social-itsme"));
    }

    @Test
    void queryParamsAreDecoded() {
        Page p = new Page(URI.create("http://127.0.0.1:1/callback?error=access_denied&error_description=User+said%20no&state=s"),
                302, Map.of(), "", true, List.of());
        assertEquals("access_denied", p.queryParam("error"));
        assertEquals("User said no", p.queryParam("error_description"));
    }

    @Test
    void secureCookiesAreSentOverHttpToLoopbackAndRedirectsStop() throws IOException {
        List<String> seenCookies = new CopyOnWriteArrayList<>();
        HttpServer http = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/", ex -> {
            String path = ex.getRequestURI().getPath();
            String cookie = ex.getRequestHeaders().getFirst("Cookie");
            seenCookies.add(path + ":" + cookie);
            switch (path) {
                case "/set" -> {
                    ex.getResponseHeaders().add("Set-Cookie", "AUTH_SESSION_ID=abc; Path=/; Secure; HttpOnly; SameSite=None");
                    ex.getResponseHeaders().add("Location", "/next");
                    ex.sendResponseHeaders(302, -1);
                }
                case "/next" -> {
                    ex.getResponseHeaders().add("Location", "http://127.0.0.1:1/callback?code=xyz&state=s");
                    ex.sendResponseHeaders(303, -1);
                }
                default -> {
                    byte[] b = "<html><title>t</title></html>".getBytes(StandardCharsets.UTF_8);
                    ex.sendResponseHeaders(200, b.length);
                    ex.getResponseBody().write(b);
                }
            }
            ex.close();
        });
        http.start();
        try {
            String base = "http://127.0.0.1:" + http.getAddress().getPort();
            Browser b = new Browser().stopAt("http://127.0.0.1:1/callback");
            Page p = b.get(base + "/set");
            assertTrue(p.stopped());
            assertEquals("xyz", p.queryParam("code"));
            assertEquals(303, p.status());
            assertEquals(List.of(URI.create(base + "/set"), URI.create(base + "/next"), p.url()), p.redirects());
            assertEquals(2, b.history().size());
            assertTrue(seenCookies.get(1).contains("AUTH_SESSION_ID=abc"), seenCookies.toString());
            assertEquals("abc", b.cookie("AUTH_SESSION_ID").orElseThrow());
        } finally {
            http.stop(0);
        }
    }
}
