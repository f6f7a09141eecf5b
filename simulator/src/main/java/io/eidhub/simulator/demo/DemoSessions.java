package io.eidhub.simulator.demo;

import com.sun.net.httpserver.HttpExchange;

import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The demo app's memory: logins under way (by {@code state}, for {@value #PENDING_LIFETIME_MINUTES} minutes) and
 * signed-in browsers (by session cookie, for an hour), each bounded to {@value #MAX_ENTRIES} entries.
 */
final class DemoSessions {

    static final int PENDING_LIFETIME_MINUTES = 10;
    static final Duration PENDING_LIFETIME = Duration.ofMinutes(PENDING_LIFETIME_MINUTES);
    static final Duration SESSION_LIFETIME = Duration.ofHours(1);
    static final int MAX_ENTRIES = 500;

    record Pending(String state, String nonce, String verifier, String idp, Instant created) {
    }

    record Session(String idp, String idToken, String accessToken, Instant created, Map<String, Object> tokenResponse) {
    }

    final Map<String, Pending> pending = new ConcurrentHashMap<>();
    final Map<String, Session> sessions = new ConcurrentHashMap<>();

    /** The signed-in session of this browser (by its cookie), or null; an expired one is dropped. */
    Session session(HttpExchange ex) {
        String id = DemoHttp.cookies(ex).get(DemoApp.SESSION_COOKIE);
        Session s = id == null ? null : sessions.get(id);
        if (s != null && s.created().plus(SESSION_LIFETIME).isBefore(Instant.now())) {
            sessions.remove(id);
            return null;
        }
        return s;
    }

    /** Drops expired entries, then the oldest beyond {@value #MAX_ENTRIES} of each kind. */
    void prune() {
        Instant now = Instant.now();
        pending.values().removeIf(p -> p.created().plus(PENDING_LIFETIME).isBefore(now));
        sessions.values().removeIf(s -> s.created().plus(SESSION_LIFETIME).isBefore(now));
        trim(pending);
        trim(sessions);
    }

    private static <V> void trim(Map<String, V> map) {
        Iterator<String> it = map.keySet().iterator();
        while (map.size() > MAX_ENTRIES && it.hasNext()) {
            it.next();
            it.remove();
        }
    }
}
