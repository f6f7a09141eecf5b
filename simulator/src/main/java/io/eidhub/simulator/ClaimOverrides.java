package io.eidhub.simulator;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-only changes to what a test person shares, per provider and person ({@code POST /sim/api/claims}): lets a test
 * show that a refused second login did NOT apply claims the provider would have sent. Cleared by reset.
 */
final class ClaimOverrides {

    private final Map<String, Map<String, Object>> overrides = new LinkedHashMap<>();

    synchronized void set(String provider, String person, Map<String, Object> claims) {
        overrides.put(provider + ":" + person, new LinkedHashMap<>(claims));
    }

    /** The person's claims as of today with the overrides applied (a null override value removes the claim). */
    synchronized Map<String, Object> apply(TestPerson person, Map<String, Object> claims) {
        Map<String, Object> changed = overrides.get(person.provider() + ":" + person.id());
        if (changed == null) {
            return claims;
        }
        Map<String, Object> out = new LinkedHashMap<>(claims);
        changed.forEach((name, value) -> {
            if (value == null) {
                out.remove(name);
            } else {
                out.put(name, value);
            }
        });
        return out;
    }

    synchronized Map<String, Object> snapshot() {
        return new LinkedHashMap<>(overrides);
    }

    synchronized void clear() {
        overrides.clear();
    }
}
