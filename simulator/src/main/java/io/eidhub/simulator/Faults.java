package io.eidhub.simulator;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Armed faults per provider ({@code itsme}, {@code idemia}). A fault applies to the next relevant response of that
 * provider only and is cleared when applied. Several faults may be armed at once.
 */
final class Faults {

    /** How long {@link Fault#TOKEN_SLOW} waits when armed without a delay. */
    static final long DEFAULT_SLOW_MILLIS = 10_000;

    private final Map<String, Set<Fault>> armed = new LinkedHashMap<>();
    private final Map<String, Long> slowMillis = new LinkedHashMap<>();

    /** Arms {@link Fault#TOKEN_SLOW} with the given delay. */
    synchronized void armSlow(String provider, long delayMillis) {
        arm(provider, Fault.TOKEN_SLOW);
        slowMillis.put(provider, delayMillis);
    }

    /** The delay of the last {@link Fault#TOKEN_SLOW} armed for the provider. */
    synchronized long slowMillis(String provider) {
        return slowMillis.getOrDefault(provider, DEFAULT_SLOW_MILLIS);
    }

    synchronized void arm(String provider, Fault fault) {
        armed.computeIfAbsent(provider, p -> EnumSet.noneOf(Fault.class)).add(fault);
    }

    /** Removes and returns the armed faults of the given stage. */
    synchronized Set<Fault> take(String provider, Fault.Stage stage) {
        Set<Fault> out = EnumSet.noneOf(Fault.class);
        Set<Fault> set = armed.get(provider);
        if (set != null) {
            set.removeIf(f -> {
                if (f.stage() == stage) {
                    out.add(f);
                    return true;
                }
                return false;
            });
        }
        return out;
    }

    /** Removes the fault when armed; true when it was. */
    synchronized boolean take(String provider, Fault fault) {
        Set<Fault> set = armed.get(provider);
        return set != null && set.remove(fault);
    }

    synchronized Map<String, List<String>> snapshot() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        armed.forEach((p, set) -> {
            if (!set.isEmpty()) {
                out.put(p, new ArrayList<>(set.stream().map(Fault::id).toList()));
            }
        });
        return out;
    }

    synchronized void clear() {
        armed.clear();
        slowMillis.clear();
    }
}
