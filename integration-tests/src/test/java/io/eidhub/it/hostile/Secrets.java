package io.eidhub.it.hostile;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The secrets of one upstream client that must never reach a log line: its client secret, and everything the simulator
 * recorded as issued to or presented by it (authorization codes, PKCE verifiers, client assertions, access tokens,
 * ID tokens and their signed inner JWS, userinfo JWTs), each whole and each of its base64url segments of 40 or more
 * characters. {@link #foundIn(String)} names what leaked and where, never the value itself.
 */
final class Secrets {

    /** Below this a base64url segment may be a harmless coincidence (a short JOSE header part, an IV). */
    static final int MIN_SEGMENT = 40;

    private static final Map<String, String> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("code", "authorization code");
        KINDS.put("codeVerifier", "PKCE verifier");
        KINDS.put("clientAssertion", "client assertion");
        KINDS.put("accessToken", "access token");
        KINDS.put("idToken", "ID token");
        KINDS.put("idTokenJws", "ID token (signed inner JWS)");
        KINDS.put("userinfo", "userinfo JWT");
        KINDS.put("userinfoJws", "userinfo JWT (signed inner JWS)");
    }

    private record Secret(String kind, String value) {
    }

    private final List<Secret> secrets;

    private Secrets(List<Secret> secrets) {
        this.secrets = secrets;
    }

    /** The client secret (may be null) and every credential the simulator recorded for this client. */
    static Secrets of(String clientSecret, List<Map<String, Object>> credentials) {
        Set<String> seen = new LinkedHashSet<>();
        List<Secret> out = new ArrayList<>();
        if (clientSecret != null) {
            out.add(new Secret("client secret", clientSecret));
        }
        for (Map<String, Object> record : credentials) {
            KINDS.forEach((key, kind) -> {
                Object value = record.get(key);
                if (value instanceof String text && !text.isEmpty() && seen.add(text)) {
                    out.add(new Secret(kind, text));
                    String[] segments = text.split("\\.");
                    for (int i = 0; segments.length > 1 && i < segments.length; i++) {
                        if (segments[i].length() >= MIN_SEGMENT && seen.add(segments[i])) {
                            out.add(new Secret(kind + ", segment " + (i + 1), segments[i]));
                        }
                    }
                }
            });
        }
        return new Secrets(out);
    }

    int size() {
        return secrets.size();
    }

    /** How many secrets of each kind are checked, e.g. {@code authorization code=3}. */
    Map<String, Integer> kinds() {
        Map<String, Integer> out = new LinkedHashMap<>();
        secrets.forEach(s -> out.merge(s.kind().replaceAll(", segment \\d+$", ""), 1, Integer::sum));
        return out;
    }

    /** "kind in line N: <line with the secret masked>" for every occurrence; empty when the text holds none. */
    List<String> foundIn(String text) {
        List<String> found = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (Secret secret : secrets) {
            for (int i = 0; i < lines.length; i++) {
                if (lines[i].contains(secret.value())) {
                    String masked = lines[i].replace(secret.value(), "<" + secret.kind() + ">");
                    found.add(secret.kind() + " in line " + (i + 1) + ": "
                            + (masked.length() > 300 ? masked.substring(0, 300) + "..." : masked));
                }
            }
        }
        return found;
    }
}
