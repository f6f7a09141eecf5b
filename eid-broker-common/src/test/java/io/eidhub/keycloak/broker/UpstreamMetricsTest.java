package io.eidhub.keycloak.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.keycloak.crypto.PublicKeysWrapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

class UpstreamMetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong now = new AtomicLong();
    private final UpstreamMetrics metrics = new UpstreamMetrics(registry, now::get);

    private Timer timer(String idp, String endpoint, String outcome) {
        return registry.get(UpstreamMetrics.METER).tags("idp", idp, "endpoint", endpoint, "outcome", outcome).timer();
    }

    @Test
    void answersAreTimedPerAliasEndpointAndOutcome() {
        UpstreamMetrics.Call call = metrics.start("itsme", UpstreamMetrics.Endpoint.TOKEN);
        now.addAndGet(TimeUnit.MILLISECONDS.toNanos(120));
        call.answered(200);
        metrics.start("itsme", UpstreamMetrics.Endpoint.TOKEN).answered(400);
        metrics.start("idemia", UpstreamMetrics.Endpoint.USERINFO).answered(503);

        assertEquals(1, timer("itsme", "token", "ok").count());
        assertEquals(120, timer("itsme", "token", "ok").totalTime(TimeUnit.MILLISECONDS), 0.001);
        assertEquals(1, timer("itsme", "token", "http_error").count());
        assertEquals(1, timer("idemia", "userinfo", "http_error").count());
    }

    @Test
    void aCallIsRecordedOnceEvenWhenReadingItsAnswerFailsLater() {
        UpstreamMetrics.Call call = metrics.start("itsme", UpstreamMetrics.Endpoint.DISCOVERY);
        call.answered(200);
        call.failed(new IOException("body cut"));
        assertEquals(1, timer("itsme", "discovery", "ok").count());
        assertEquals(1, registry.get(UpstreamMetrics.METER).timers().size());
    }

    @Test
    void failuresAreTimeoutsUnreachableOrHttpErrors() {
        assertEquals(UpstreamMetrics.Outcome.TIMEOUT, UpstreamMetrics.outcomeOf(new SocketTimeoutException("Read timed out")));
        assertEquals(UpstreamMetrics.Outcome.TIMEOUT, UpstreamMetrics.outcomeOf(new HttpTimeoutException("timed out")));
        assertEquals(UpstreamMetrics.Outcome.UNREACHABLE, UpstreamMetrics.outcomeOf(new ConnectException("Connection refused")));
        assertEquals(UpstreamMetrics.Outcome.UNREACHABLE, UpstreamMetrics.outcomeOf(new UnknownHostException("idp.example")));
        assertEquals(UpstreamMetrics.Outcome.UNREACHABLE,
                UpstreamMetrics.outcomeOf(new RuntimeException("wrapped", new ConnectException("Connection refused"))));
        assertEquals(UpstreamMetrics.Outcome.HTTP_ERROR, UpstreamMetrics.outcomeOf(new IOException("Unexpected end of JSON")));
    }

    @Test
    void jwksLoaderIsTimedAndItsFailureRethrown() throws Exception {
        PublicKeysWrapper keys = new PublicKeysWrapper(List.of());
        assertSame(keys, metrics.timed("idemia", () -> keys).loadKeys());
        ConnectException refused = new ConnectException("Connection refused");
        assertSame(refused, assertThrows(ConnectException.class, () -> metrics.timed("idemia", () -> {
            throw refused;
        }).loadKeys()));
        assertEquals(1, timer("idemia", "jwks", "ok").count());
        assertEquals(1, timer("idemia", "jwks", "unreachable").count());
    }

    @Test
    void latencyBucketsArePublishedForQuantiles() {
        metrics.start("itsme", UpstreamMetrics.Endpoint.TOKEN).ok();
        assertEquals(8, timer("itsme", "token", "ok").takeSnapshot().histogramCounts().length);
    }
}
