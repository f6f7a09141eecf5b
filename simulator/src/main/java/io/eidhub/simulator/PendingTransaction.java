package io.eidhub.simulator;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicBoolean;

/** An authorization request waiting for the (simulated) user's decision on the phone page. */
final class PendingTransaction {

    static final Duration LIFETIME = Duration.ofMinutes(10);

    final String id;
    final AuthorizationRequest request;
    final Instant expiresAt;
    private final AtomicBoolean done = new AtomicBoolean();

    PendingTransaction(String id, AuthorizationRequest request) {
        this.id = id;
        this.request = request;
        this.expiresAt = request.receivedAt.plus(LIFETIME);
    }

    boolean expired() {
        return Instant.now().isAfter(expiresAt);
    }

    /** Marks the transaction decided; false when it already was. */
    boolean complete() {
        return done.compareAndSet(false, true);
    }
}
