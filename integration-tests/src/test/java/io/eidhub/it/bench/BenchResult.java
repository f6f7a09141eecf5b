package io.eidhub.it.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The measured logins of one broker: wall time of its blocks, each login's latency, errors, upstream requests. */
final class BenchResult {

    static final List<String> ENDPOINTS = List.of("discovery", "jwks", "token", "userinfo");

    final String name;
    private final List<Long> latenciesNanos = new ArrayList<>();
    private long wallNanos;
    private int errors;
    private final Map<String, Long> upstream = new LinkedHashMap<>();

    BenchResult(String name) {
        this.name = name;
        ENDPOINTS.forEach(e -> upstream.put(e, 0L));
    }

    synchronized void login(long nanos, boolean ok) {
        if (ok) {
            latenciesNanos.add(nanos);
        } else {
            errors++;
        }
    }

    synchronized void block(long nanos, Map<String, Long> upstreamDelta) {
        wallNanos += nanos;
        upstreamDelta.forEach((k, v) -> upstream.merge(k, v, Long::sum));
    }

    synchronized int logins() {
        return latenciesNanos.size() + errors;
    }

    synchronized double loginsPerSecond() {
        return wallNanos == 0 ? 0 : latenciesNanos.size() / (wallNanos / 1e9);
    }

    /** The latency below which {@code p} percent of the successful logins stayed (nearest rank), in ms. */
    synchronized double percentileMs(double p) {
        if (latenciesNanos.isEmpty()) {
            return 0;
        }
        List<Long> sorted = new ArrayList<>(latenciesNanos);
        Collections.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1))) / 1e6;
    }

    synchronized int errors() {
        return errors;
    }

    /** Requests per login at each endpoint of the provider during this broker's measured blocks. */
    synchronized Map<String, Double> upstreamCallsPerLogin() {
        Map<String, Double> out = new LinkedHashMap<>();
        int n = Math.max(1, logins());
        upstream.forEach((k, v) -> out.put(k, Math.round(v * 1000.0 / n) / 1000.0));
        return out;
    }
}
