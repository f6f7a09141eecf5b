package io.eidhub.simulator;

import com.nimbusds.jose.shaded.gson.Gson;
import com.nimbusds.jose.shaded.gson.GsonBuilder;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** JSON via the Gson copy bundled (shaded) inside Nimbus JOSE: no extra dependency. */
final class Json {

    private static final Gson COMPACT = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();
    private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();

    private Json() {
    }

    static String write(Object value) {
        return COMPACT.toJson(value);
    }

    static String pretty(Object value) {
        return PRETTY.toJson(value);
    }

    /** Parses a JSON object; numbers become Long or Double. */
    static Map<String, Object> parseObject(String json) throws ParseException {
        if (json == null || json.isBlank()) {
            throw new ParseException("empty JSON", 0);
        }
        return JSONObjectUtils.parse(json);
    }

    /** A JSON array member as a list of strings (a single string is accepted as a one-element list). */
    static List<String> stringList(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof List<?> list) {
            for (Object o : list) {
                if (o != null) {
                    out.add(o.toString());
                }
            }
        } else if (value != null) {
            out.add(value.toString());
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asObject(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }
}
