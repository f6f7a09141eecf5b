package io.eidhub.keycloak.broker;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import org.keycloak.crypto.PublicKeysWrapper;
import org.keycloak.keys.PublicKeyLoader;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Health of the providers as the brokers see it: one timer {@value #METER} per provider alias ({@code idp}), upstream
 * endpoint and outcome, in the registry of the Keycloak server ({@link Metrics#globalRegistry}, which Keycloak's
 * {@code /metrics} endpoint publishes when {@code --metrics-enabled=true}; without it the meters are no-ops).
 * <p>
 * In Prometheus: {@code eidhub_upstream_seconds_count} (calls, a counter), {@code _sum}, {@code _max} and
 * {@code _bucket} for fixed latency buckets (50 ms to 10 s, for {@code histogram_quantile}). Every tag has a small
 * fixed set of values: the aliases of the realm's eID brokers, {@link Endpoint} and {@link Outcome}.
 * <p>
 * Use: {@link #start} before the call, then exactly one of {@link Call#answered}, {@link Call#ok},
 * {@link Call#failed}; later ones are ignored, so a failure while reading an answer already counted is not counted twice.
 */
final class UpstreamMetrics {

    public static final String METER = "eidhub.upstream";

    /** The provider endpoints the brokers call. */
    public enum Endpoint {
        DISCOVERY, JWKS, TOKEN, USERINFO;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** How a call ended: answered 2xx; answered otherwise or unusable; no answer in time; no connection. */
    public enum Outcome {
        OK, HTTP_ERROR, TIMEOUT, UNREACHABLE;

        String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Duration[] BUCKETS = {
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private static final UpstreamMetrics SERVER = new UpstreamMetrics(Metrics.globalRegistry, System::nanoTime);

    private final MeterRegistry registry;
    private final LongSupplier nanoClock;

    UpstreamMetrics(MeterRegistry registry, LongSupplier nanoClock) {
        this.registry = registry;
        this.nanoClock = nanoClock;
    }

    /** The instance that records into the Keycloak server's registry. */
    public static UpstreamMetrics server() {
        return SERVER;
    }

    /** Starts timing one call of {@code idp} (the broker's alias) to {@code endpoint}. */
    public Call start(String idp, Endpoint endpoint) {
        return new Call(idp == null ? "" : idp, endpoint, nanoClock.getAsLong());
    }

    /** {@code loader} (Keycloak's JWKS fetch, run only when its key cache misses), timed as {@link Endpoint#JWKS}. */
    public PublicKeyLoader timed(String idp, PublicKeyLoader loader) {
        return () -> {
            Call call = start(idp, Endpoint.JWKS);
            try {
                PublicKeysWrapper keys = loader.loadKeys();
                call.ok();
                return keys;
            } catch (Exception e) {
                call.failed(e);
                throw e;
            }
        };
    }

    /** The outcome of a call that threw: no answer in time, no connection, or else an unusable answer. */
    static Outcome outcomeOf(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof InterruptedIOException || t instanceof HttpTimeoutException) {
                return Outcome.TIMEOUT; // SocketTimeoutException, Apache HttpClient's ConnectTimeoutException
            }
            if (t instanceof ConnectException || t instanceof UnknownHostException || t instanceof NoRouteToHostException
                    || t instanceof SocketException) {
                return Outcome.UNREACHABLE;
            }
        }
        return Outcome.HTTP_ERROR;
    }

    private void record(Call call, Outcome outcome) {
        Timer.builder(METER)
                .description("Calls of the eID brokers to their providers' endpoints")
                .tags("idp", call.idp, "endpoint", call.endpoint.tag(), "outcome", outcome.tag())
                .serviceLevelObjectives(BUCKETS)
                .register(registry)
                .record(nanoClock.getAsLong() - call.startedAt, TimeUnit.NANOSECONDS);
    }

    /** One call in progress. Not thread-safe: a call belongs to the request thread that makes it. */
    public final class Call {
        private final String idp;
        private final Endpoint endpoint;
        private final long startedAt;
        private boolean recorded;

        private Call(String idp, Endpoint endpoint, long startedAt) {
            this.idp = idp;
            this.endpoint = endpoint;
            this.startedAt = startedAt;
        }

        /** The provider answered with {@code status}: {@link Outcome#OK} for 2xx, {@link Outcome#HTTP_ERROR} otherwise. */
        public void answered(int status) {
            end(status >= 200 && status < 300 ? Outcome.OK : Outcome.HTTP_ERROR);
        }

        public void ok() {
            end(Outcome.OK);
        }

        public void failed(Throwable failure) {
            end(outcomeOf(failure));
        }

        private void end(Outcome outcome) {
            if (!recorded) {
                recorded = true;
                record(this, outcome);
            }
        }
    }
}
