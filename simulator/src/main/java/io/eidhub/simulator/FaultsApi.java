package io.eidhub.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.text.ParseException;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.eidhub.simulator.ControlApi.error;

/** The control API's faults ({@code /sim/api/faults}) and reset: arming, listing and clearing what departs from the documented answers. */
final class FaultsApi {

    private final SimContext ctx;

    FaultsApi(SimContext ctx) {
        this.ctx = ctx;
    }

    void faults(HttpExchange ex) throws IOException {
        switch (ex.getRequestMethod()) {
            case "GET" -> HttpIo.prettyJson(ex, 200, faultState());
            case "POST" -> {
                Map<String, Object> body;
                try {
                    body = Json.parseObject(HttpIo.body(ex));
                } catch (ParseException e) {
                    error(ex, 400, "body must be {\"provider\":\"itsme|idemia\",\"fault\":\"...\"}");
                    return;
                }
                try {
                    Fault fault = arm(ctx, String.valueOf(body.get("provider")), String.valueOf(body.get("fault")),
                            body.get("delayMillis") instanceof Number n ? n.longValue() : null);
                    ctx.log.info("fault %s armed for %s", fault.id(), body.get("provider"));
                    HttpIo.prettyJson(ex, 200, faultState());
                } catch (IllegalArgumentException e) {
                    error(ex, 400, e.getMessage());
                }
            }
            case "DELETE" -> {
                ctx.faults.clear();
                HttpIo.prettyJson(ex, 200, faultState());
            }
            default -> HttpIo.methodNotAllowed(ex, "GET, POST, DELETE");
        }
    }

    static Fault arm(SimContext ctx, String provider, String faultName) {
        return arm(ctx, provider, faultName, null);
    }

    /** Arms a fault; {@code delayMillis} (for {@code token_slow} only, null for the default) is how long it waits. */
    static Fault arm(SimContext ctx, String provider, String faultName, Long delayMillis) {
        SimulatedProvider simulated = SimulatedProviders.byId(provider);
        if (simulated == null) {
            throw new IllegalArgumentException("provider must be " + SimulatedProviders.idsForMessage(false));
        }
        Fault fault = Fault.fromId(faultName);
        if (fault == null) {
            throw new IllegalArgumentException("unknown fault '" + faultName + "'; known: " + String.join(", ", Fault.ids()));
        }
        if (!simulated.supports(fault)) {
            throw new IllegalArgumentException(fault.notApplicableMessage());
        }
        if (delayMillis != null && fault != Fault.TOKEN_SLOW) {
            throw new IllegalArgumentException("delayMillis applies to token_slow only");
        }
        if (delayMillis != null && (delayMillis < 0 || delayMillis > 600_000)) {
            throw new IllegalArgumentException("delayMillis must be between 0 and 600000");
        }
        if (fault == Fault.TOKEN_SLOW) {
            ctx.faults.armSlow(provider, delayMillis == null ? Faults.DEFAULT_SLOW_MILLIS : delayMillis);
        } else {
            ctx.faults.arm(provider, fault);
        }
        return fault;
    }

    private Map<String, Object> faultState() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("armed", ctx.faults.snapshot());
        out.put("known", Fault.ids());
        return out;
    }

    void reset(HttpExchange ex) throws IOException {
        if (!"POST".equals(ex.getRequestMethod())) {
            HttpIo.methodNotAllowed(ex, "POST");
            return;
        }
        reset(ctx);
        HttpIo.prettyJson(ex, 200, Map.of("reset", true));
    }

    static void reset(SimContext ctx) {
        ctx.faults.clear();
        ctx.recorder.clear();
        ctx.clientJwks.clear();
        ctx.claimOverrides.clear();
        ctx.switches.clear();
        ctx.log.info("reset: faults, switches, recorded requests, logouts, credentials and claim overrides cleared");
    }
}
