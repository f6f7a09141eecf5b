package io.eidhub.simulator;

import java.time.LocalDate;
import java.time.Period;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A fictional test person of one provider. {@link #claims(LocalDate)} gives every user claim the person shares
 * (claim names as the provider spells them), including age flags computed for the given day; claims the person
 * declines to share are simply absent.
 */
public final class TestPerson {

    private final String id;
    private final String provider;
    private final String displayName;
    private final String description;
    private final LocalDate birthdate;
    private final Map<String, Object> claims;

    TestPerson(String id, String provider, String displayName, String description, LocalDate birthdate,
               Map<String, Object> claims) {
        this.id = id;
        this.provider = provider;
        this.displayName = displayName;
        this.description = description;
        this.birthdate = birthdate;
        this.claims = Collections.unmodifiableMap(new LinkedHashMap<>(claims));
    }

    public String id() {
        return id;
    }

    /** {@code itsme} or {@code idemia}. */
    public String provider() {
        return provider;
    }

    public String displayName() {
        return displayName;
    }

    public String description() {
        return description;
    }

    public LocalDate birthdate() {
        return birthdate;
    }

    /** The shared claims without the computed age flags. */
    public Map<String, Object> baseClaims() {
        return claims;
    }

    /** All shared claims as of {@code today}, including the age flags. */
    public Map<String, Object> claims(LocalDate today) {
        Map<String, Object> out = new LinkedHashMap<>(claims);
        int age = Period.between(birthdate, today).getYears();
        out.putAll(SimulatedProviders.byId(provider).ageClaims(age));
        return out;
    }

    /** The claim value as of today, or null when the person does not share it. */
    public Object claim(String name) {
        return claims(LocalDate.now()).get(name);
    }
}
