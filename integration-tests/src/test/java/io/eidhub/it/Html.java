package io.eidhub.it;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A deliberately small, regex-based HTML reader for test pages (Keycloak's login/error pages, the simulator's
 * phone page, form_post pages). Not a general HTML parser: no scripts, no broken markup recovery.
 */
public final class Html {

    private static final int FLAGS = Pattern.CASE_INSENSITIVE | Pattern.DOTALL;
    private static final Pattern FORM = Pattern.compile("<form\\b([^>]*)>(.*?)</form\\s*>", FLAGS);
    private static final Pattern INPUT = Pattern.compile("<input\\b([^>]*)>", FLAGS);
    private static final Pattern BUTTON = Pattern.compile("<button\\b([^>]*)>(.*?)</button\\s*>", FLAGS);
    private static final Pattern TEXTAREA = Pattern.compile("<textarea\\b([^>]*)>(.*?)</textarea\\s*>", FLAGS);
    private static final Pattern SELECT = Pattern.compile("<select\\b([^>]*)>(.*?)</select\\s*>", FLAGS);
    private static final Pattern OPTION = Pattern.compile("<option\\b([^>]*)>(.*?)(?=<option\\b|</select|$)", FLAGS);
    private static final Pattern ATTR = Pattern.compile(
            "([a-zA-Z_:@][-a-zA-Z0-9_:.@]*)(?:\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)'|([^\\s\"'>=`]+)))?", FLAGS);
    private static final Pattern TITLE = Pattern.compile("<title\\b[^>]*>(.*?)</title\\s*>", FLAGS);
    private static final Pattern SCRIPT_STYLE = Pattern.compile("<(script|style|svg)\\b[^>]*>.*?</\\1\\s*>", FLAGS);
    private static final Pattern COMMENT = Pattern.compile("<!--.*?-->", Pattern.DOTALL);
    private static final Pattern TAG = Pattern.compile("<[^>]*>", Pattern.DOTALL);
    private static final Pattern OPEN_TAG = Pattern.compile("<([a-zA-Z][a-zA-Z0-9-]*)\\b([^>]*)>", FLAGS);
    private static final Pattern ANCHOR = Pattern.compile("<a\\b([^>]*)>(.*?)</a\\s*>", FLAGS);
    private static final Pattern ENTITY = Pattern.compile("&(#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);");
    private static final Map<String, String> NAMED = Map.of(
            "amp", "&", "lt", "<", "gt", ">", "quot", "\"", "apos", "'", "nbsp", "\u00a0",
            "#39", "'", "laquo", "\u00ab", "raquo", "\u00bb");

    private Html() {
    }

    /** Decodes character references: {@code &amp; &lt; &gt; &quot; &apos; &nbsp; &#39; &#x2F;} etc. */
    public static String unescape(String s) {
        if (s == null || s.indexOf('&') < 0) {
            return s;
        }
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String e = m.group(1);
            String rep;
            if (e.startsWith("#x") || e.startsWith("#X")) {
                rep = new String(Character.toChars(Integer.parseInt(e.substring(2), 16)));
            } else if (e.startsWith("#")) {
                rep = new String(Character.toChars(Integer.parseInt(e.substring(1))));
            } else {
                rep = NAMED.get(e.toLowerCase(Locale.ROOT));
                if (rep == null) {
                    rep = m.group(); // unknown named entity: keep as is
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(rep));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Attributes of a tag's attribute string (names lower-cased, values unescaped; valueless attributes = ""). */
    public static Map<String, String> attributes(String attrs) {
        Map<String, String> map = new LinkedHashMap<>();
        Matcher m = ATTR.matcher(attrs == null ? "" : attrs);
        while (m.find()) {
            String name = m.group(1).toLowerCase(Locale.ROOT);
            String v = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4);
            map.putIfAbsent(name, v == null ? "" : unescape(v));
        }
        return map;
    }

    /** The {@code <title>} text (unescaped, whitespace collapsed), or "" if none. */
    public static String title(String html) {
        Matcher m = TITLE.matcher(html);
        return m.find() ? text(m.group(1)) : "";
    }

    /** Visible text: scripts, styles, svg and comments removed, tags replaced by spaces, entities decoded, whitespace collapsed. */
    public static String text(String html) {
        if (html == null) {
            return "";
        }
        String s = COMMENT.matcher(html).replaceAll(" ");
        s = SCRIPT_STYLE.matcher(s).replaceAll(" ");
        s = TAG.matcher(s).replaceAll(" ");
        s = unescape(s).replace('\u00a0', ' ');
        return s.replaceAll("\\s+", " ").trim();
    }

    /** All forms of the page; relative actions are resolved against {@code base} (empty action = {@code base}). */
    public static List<HtmlForm> forms(String html, URI base) {
        List<HtmlForm> forms = new ArrayList<>();
        Matcher fm = FORM.matcher(html);
        while (fm.find()) {
            Map<String, String> fa = attributes(fm.group(1));
            String body = fm.group(2);
            String action = fa.getOrDefault("action", "");
            URI actionUri = action.isBlank() ? base : (base == null ? URI.create(action) : base.resolve(action.trim()));
            String method = fa.getOrDefault("method", "get").toUpperCase(Locale.ROOT);
            Map<String, String> fields = new LinkedHashMap<>();
            List<HtmlForm.Button> buttons = new ArrayList<>();

            Matcher im = INPUT.matcher(body);
            while (im.find()) {
                Map<String, String> a = attributes(im.group(1));
                String name = a.get("name");
                String type = a.getOrDefault("type", "text").toLowerCase(Locale.ROOT);
                String value = a.getOrDefault("value", "");
                if (type.equals("submit") || type.equals("image")) {
                    buttons.add(new HtmlForm.Button(name, value, value, a.get("id")));
                    continue;
                }
                if (name == null || name.isEmpty() || type.equals("button") || type.equals("reset") || type.equals("file")) {
                    continue;
                }
                if ((type.equals("checkbox") || type.equals("radio")) && !a.containsKey("checked")) {
                    continue;
                }
                if ((type.equals("checkbox") || type.equals("radio")) && !a.containsKey("value")) {
                    value = "on";
                }
                fields.putIfAbsent(name, value);
            }
            Matcher tm = TEXTAREA.matcher(body);
            while (tm.find()) {
                String name = attributes(tm.group(1)).get("name");
                if (name != null && !name.isEmpty()) {
                    fields.putIfAbsent(name, unescape(tm.group(2)));
                }
            }
            Matcher sm = SELECT.matcher(body);
            while (sm.find()) {
                String name = attributes(sm.group(1)).get("name");
                if (name == null || name.isEmpty()) {
                    continue;
                }
                String first = null;
                String selected = null;
                Matcher om = OPTION.matcher(sm.group(2));
                while (om.find()) {
                    Map<String, String> oa = attributes(om.group(1));
                    String v = oa.containsKey("value") ? oa.get("value") : text(om.group(2));
                    if (first == null) {
                        first = v;
                    }
                    if (selected == null && oa.containsKey("selected")) {
                        selected = v;
                    }
                }
                String v = selected != null ? selected : first;
                if (v != null) {
                    fields.putIfAbsent(name, v);
                }
            }
            Matcher bm = BUTTON.matcher(body);
            while (bm.find()) {
                Map<String, String> a = attributes(bm.group(1));
                String type = a.getOrDefault("type", "submit").toLowerCase(Locale.ROOT);
                if (type.equals("submit")) {
                    buttons.add(new HtmlForm.Button(a.get("name"), a.getOrDefault("value", ""), text(bm.group(2)), a.get("id")));
                }
            }
            forms.add(new HtmlForm(fa.get("id"), fa.get("name"), method, actionUri, fields, buttons));
        }
        return forms;
    }

    /** {@code <a>} elements: list of (id, href resolved against base, text). */
    public static List<Link> links(String html, URI base) {
        List<Link> links = new ArrayList<>();
        Matcher m = ANCHOR.matcher(html);
        while (m.find()) {
            Map<String, String> a = attributes(m.group(1));
            String href = a.get("href");
            URI uri = null;
            if (href != null && !href.isBlank() && !href.startsWith("javascript:")) {
                try {
                    uri = base == null ? URI.create(href.trim()) : base.resolve(href.trim());
                } catch (IllegalArgumentException e) {
                    uri = null;
                }
            }
            links.add(new Link(a.get("id"), uri, text(m.group(2)), a));
        }
        return links;
    }

    /** An {@code <a>}: id may be null, href null for javascript/empty links. */
    public record Link(String id, URI href, String text, Map<String, String> attributes) {
    }

    /** Inner HTML of the first element with this id, if any. */
    public static Optional<String> innerHtmlById(String html, String id) {
        return innerHtml(html, a -> id.equals(a.get("id")));
    }

    /** Inner HTML of the first element whose class attribute contains this class name, if any. */
    public static Optional<String> innerHtmlByClass(String html, String cls) {
        return innerHtml(html, a -> hasClass(a, cls));
    }

    /** Visible text of the first element with this id, if any. */
    public static Optional<String> textById(String html, String id) {
        return innerHtmlById(html, id).map(Html::text);
    }

    /** Visible text of the first element with this class, if any. */
    public static Optional<String> textByClass(String html, String cls) {
        return innerHtmlByClass(html, cls).map(Html::text);
    }

    /** Attributes of the first element with this id, if any. */
    public static Optional<Map<String, String>> attributesById(String html, String id) {
        Matcher m = OPEN_TAG.matcher(html);
        while (m.find()) {
            Map<String, String> a = attributes(m.group(2));
            if (id.equals(a.get("id"))) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    static boolean hasClass(Map<String, String> attrs, String cls) {
        String c = attrs.get("class");
        if (c == null) {
            return false;
        }
        for (String part : c.trim().split("\\s+")) {
            if (part.equals(cls)) {
                return true;
            }
        }
        return false;
    }

    private static Optional<String> innerHtml(String html, java.util.function.Predicate<Map<String, String>> match) {
        Matcher m = OPEN_TAG.matcher(html);
        while (m.find()) {
            if (!match.test(attributes(m.group(2)))) {
                continue;
            }
            String tag = m.group(1).toLowerCase(Locale.ROOT);
            int start = m.end();
            if (m.group(2).trim().endsWith("/") || isVoid(tag)) {
                return Optional.of("");
            }
            Pattern sameTag = Pattern.compile("<(/?)" + Pattern.quote(tag) + "\\b[^>]*>", Pattern.CASE_INSENSITIVE);
            Matcher t = sameTag.matcher(html);
            t.region(start, html.length());
            int depth = 1;
            while (t.find()) {
                if (t.group(1).isEmpty()) {
                    if (!t.group().endsWith("/>")) {
                        depth++;
                    }
                } else if (--depth == 0) {
                    return Optional.of(html.substring(start, t.start()));
                }
            }
            return Optional.of(html.substring(start)); // unclosed
        }
        return Optional.empty();
    }

    private static boolean isVoid(String tag) {
        return switch (tag) {
            case "input", "br", "img", "meta", "link", "hr", "area", "base", "col", "embed", "source", "track", "wbr" -> true;
            default -> false;
        };
    }
}
