package io.eidhub.simulator;

import com.nimbusds.jose.util.JSONArrayUtils;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fictional test persons, read once from {@code persons.json} next to this class: an array of
 * {@code {id, provider, name, description, birthdate, claims}}, claim names as the provider spells them. itsme:
 * {@code alice}, {@code bob}, {@code chloe}, {@code mateja} (Slovenian); IDEMIA: {@code dana}, {@code eli} (declines to
 * share {@code documentId} and {@code address1}), {@code frank}. Belgian national numbers carry valid mod-97 check
 * digits.
 */
public final class TestPersons {

    /** Prefix of the itsme-specific claim names. */
    public static final String ISM = "http://itsme.services/v2/claim/";

    private static final String FILE = "persons.json";

    private static final List<TestPerson> ALL = load();

    private TestPersons() {
    }

    public static List<TestPerson> all() {
        return ALL;
    }

    public static List<TestPerson> of(String provider) {
        return ALL.stream().filter(p -> p.provider().equals(provider)).toList();
    }

    /** The person with this id for the provider, or null. */
    public static TestPerson find(String provider, String id) {
        return ALL.stream().filter(p -> p.provider().equals(provider) && p.id().equals(id)).findFirst().orElse(null);
    }

    private static List<TestPerson> load() {
        try (InputStream in = TestPersons.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException(FILE + " is missing from the simulator jar");
            }
            List<TestPerson> persons = new ArrayList<>();
            for (Object entry : JSONArrayUtils.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8))) {
                persons.add(person(Json.asObject(entry)));
            }
            return List.copyOf(persons);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FILE, e);
        } catch (ParseException e) {
            throw new IllegalStateException(FILE + " is not a JSON array: " + e.getMessage(), e);
        }
    }

    private static TestPerson person(Map<String, Object> p) {
        if (p == null || SimulatedProviders.byId(String.valueOf(p.get("provider"))) == null) {
            throw new IllegalStateException(FILE + ": every entry needs an object with a known provider, was " + p);
        }
        Map<String, Object> claims = Json.asObject(p.get("claims"));
        return new TestPerson(text(p, "id"), text(p, "provider"), text(p, "name"), text(p, "description"),
                LocalDate.parse(text(p, "birthdate")), claims == null ? Map.of() : claims);
    }

    private static String text(Map<String, Object> p, String member) {
        if (!(p.get(member) instanceof String s) || s.isBlank()) {
            throw new IllegalStateException(FILE + ": person " + p.get("id") + " has no " + member);
        }
        return s;
    }
}
