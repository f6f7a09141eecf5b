package io.eidhub.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/** Pending transactions, authorization codes, access tokens and seen client-assertion jtis. */
final class GrantStore {

    static final Duration CODE_LIFETIME = Duration.ofMinutes(3);
    static final Duration ACCESS_TOKEN_LIFETIME = Duration.ofHours(1);

    /** An issued authorization code. */
    static final class Code {
        final String value;
        final AuthorizationRequest request;
        final TestPerson person;
        final Instant authTime;
        final Instant expiresAt;
        final AtomicBoolean used = new AtomicBoolean();
        volatile String accessToken;

        Code(String value, AuthorizationRequest request, TestPerson person, Instant authTime) {
            this.value = value;
            this.request = request;
            this.person = person;
            this.authTime = authTime;
            this.expiresAt = authTime.plus(CODE_LIFETIME);
        }
    }

    /** An issued access token. */
    record AccessGrant(String token, AuthorizationRequest request, TestPerson person, String sub, Instant expiresAt) {
        boolean expired() {
            return Instant.now().isAfter(expiresAt);
        }
    }

    private final Map<String, PendingTransaction> transactions = new ConcurrentHashMap<>();
    private final Map<String, Code> codes = new ConcurrentHashMap<>();
    private final Map<String, AccessGrant> tokens = new ConcurrentHashMap<>();
    private final Map<String, Instant> seenJtis = new ConcurrentHashMap<>();

    PendingTransaction newTransaction(AuthorizationRequest request) {
        purge();
        PendingTransaction tx = new PendingTransaction(Ids.random(24), request);
        transactions.put(tx.id, tx);
        return tx;
    }

    PendingTransaction transaction(String id) {
        return id == null ? null : transactions.get(id);
    }

    void removeTransaction(String id) {
        transactions.remove(id);
    }

    Code newCode(AuthorizationRequest request, TestPerson person) {
        // 36 characters, like itsme's codes
        Code code = new Code(Ids.random(27), request, person, Instant.now());
        codes.put(code.value, code);
        return code;
    }

    Code code(String value) {
        return value == null ? null : codes.get(value);
    }

    AccessGrant newAccessToken(AuthorizationRequest request, TestPerson person, String sub) {
        AccessGrant grant = new AccessGrant(Ids.random(32), request, person, sub,
                Instant.now().plus(ACCESS_TOKEN_LIFETIME));
        tokens.put(grant.token(), grant);
        return grant;
    }

    AccessGrant accessToken(String token) {
        return token == null ? null : tokens.get(token);
    }

    void revokeAccessToken(String token) {
        if (token != null) {
            tokens.remove(token);
        }
    }

    /** Records a client-assertion jti; false when it was already seen (replay). */
    boolean markJti(String clientId, String jti, Instant expiresAt) {
        return seenJtis.putIfAbsent(clientId + "\u0000" + jti, expiresAt) == null;
    }

    private void purge() {
        Instant now = Instant.now();
        transactions.values().removeIf(PendingTransaction::expired);
        codes.values().removeIf(c -> now.isAfter(c.expiresAt.plus(Duration.ofMinutes(10))));
        tokens.values().removeIf(AccessGrant::expired);
        seenJtis.values().removeIf(exp -> now.isAfter(exp.plus(Duration.ofMinutes(10))));
    }
}
