package io.eidhub.simulator;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code --wait-for URL}: a readiness probe for scripts that cannot count on curl. Polls the URL until it answers a
 * 2xx status, the timeout passes, or one of the watched processes has exited.
 */
final class WaitFor {

    static final int READY = 0;
    static final int TIMED_OUT = 1;
    static final int WATCHED_PROCESS_EXITED = 3;

    private WaitFor() {
    }

    static int run(String url, Duration timeout, List<Long> watchedPids, PrintStream err) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            err.println("error: not a URL: " + url);
            return 2;
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() / 100 == 2) {
                    return READY;
                }
            } catch (IOException e) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return TIMED_OUT;
            }
            for (long pid : watchedPids) {
                Optional<ProcessHandle> p = ProcessHandle.of(pid);
                if (p.isEmpty() || !p.get().isAlive()) {
                    err.println("process " + pid + " has exited; stopped waiting for " + url);
                    return WATCHED_PROCESS_EXITED;
                }
            }
            if (System.nanoTime() > deadline) {
                err.println("no answer from " + url + " after " + timeout.toSeconds() + " s");
                return TIMED_OUT;
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return TIMED_OUT;
            }
        }
    }
}
