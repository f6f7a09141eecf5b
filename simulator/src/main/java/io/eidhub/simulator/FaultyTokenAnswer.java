package io.eidhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * A token endpoint answer spoiled by the {@link Fault.Stage#TOKEN_ANSWER} faults, after the code was redeemed. What
 * happened on the wire is added to the token request's record: {@code answerDelayMillis}, {@code bytesSent} and
 * {@code clientHungUp} (the client closed the connection before the whole answer was written).
 */
final class FaultyTokenAnswer {

    /** The size of the {@link Fault#TOKEN_HUGE_BODY} answer. */
    static final long HUGE_BODY_BYTES = 50L * 1024 * 1024;

    private final SimContext ctx;
    private final Tenant tenant;
    private final Map<String, Object> record;

    FaultyTokenAnswer(SimContext ctx, Tenant tenant, Map<String, Object> record) {
        this.ctx = ctx;
        this.tenant = tenant;
        this.record = record;
    }

    void send(HttpExchange ex, Map<String, Object> tokens, Set<Fault> faults) throws IOException {
        if (faults.contains(Fault.TOKEN_SLOW)) {
            long delay = ctx.faults.slowMillis(tenant.provider.id());
            put("answerDelayMillis", delay);
            ctx.log.info("%s token answer delayed by %d ms (fault token_slow)", tenant.id, delay);
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            if (faults.contains(Fault.TOKEN_HUGE_BODY)) {
                sendHuge(ex);
            } else if (faults.contains(Fault.TOKEN_HTML)) {
                sendAndCount(ex, "application/json;charset=UTF-8", ("<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head>"
                        + "<body><h1>Bad Gateway</h1><p>The upstream server is unavailable.</p></body></html>").getBytes(StandardCharsets.UTF_8));
            } else if (faults.contains(Fault.TOKEN_TRUNCATED_JWT)) {
                Map<String, Object> cut = new LinkedHashMap<>(tokens);
                String idToken = String.valueOf(tokens.get("id_token"));
                cut.put("id_token", idToken.substring(0, idToken.length() / 2));
                sendAndCount(ex, "application/json;charset=UTF-8", Json.write(cut).getBytes(StandardCharsets.UTF_8));
            } else if (faults.contains(Fault.TOKEN_WRONG_CONTENT_TYPE)) {
                sendAndCount(ex, "text/html;charset=UTF-8", Json.write(tokens).getBytes(StandardCharsets.UTF_8));
            } else {
                sendAndCount(ex, "application/json;charset=UTF-8", Json.write(tokens).getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            put("clientHungUp", true);
            ctx.log.info("%s token answer: the client hung up (%s)", tenant.id, e.getClass().getSimpleName());
        } finally {
            ex.close();
        }
    }

    private void sendAndCount(HttpExchange ex, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
        put("bytesSent", (long) body.length);
    }

    /** A syntactically valid start of a JSON object that grows to {@link #HUGE_BODY_BYTES}; chunked, no length. */
    private void sendHuge(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json;charset=UTF-8");
        ex.sendResponseHeaders(200, 0);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'A');
        byte[] head = "{\"access_token\":\"".getBytes(StandardCharsets.US_ASCII);
        long sent = 0;
        try (OutputStream out = ex.getResponseBody()) {
            out.write(head);
            sent += head.length;
            while (sent < HUGE_BODY_BYTES - 2) {
                int n = (int) Math.min(chunk.length, HUGE_BODY_BYTES - 2 - sent);
                out.write(chunk, 0, n);
                sent += n;
                put("bytesSent", sent);
            }
            out.write("\"}".getBytes(StandardCharsets.US_ASCII));
            sent += 2;
        } finally {
            put("bytesSent", sent);
        }
        ctx.log.info("%s token answer: %d bytes sent (fault token_huge_body)", tenant.id, sent);
    }

    private void put(String key, Object value) {
        synchronized (record) {
            record.put(key, value);
        }
    }
}
