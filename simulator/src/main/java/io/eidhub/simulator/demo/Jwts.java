package io.eidhub.simulator.demo;

import com.nimbusds.jose.shaded.gson.Gson;
import com.nimbusds.jose.shaded.gson.GsonBuilder;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;

import java.text.ParseException;
import java.util.Map;

/** Decoding of a compact JWS for display (no signature check) and pretty JSON. */
final class Jwts {

    private static final Gson PRETTY = new GsonBuilder().disableHtmlEscaping().serializeNulls().setPrettyPrinting().create();

    private Jwts() {
    }

    static Map<String, Object> header(String jwt) {
        return part(jwt, 0);
    }

    static Map<String, Object> payload(String jwt) {
        String[] parts = split(jwt);
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a signed JWT (" + parts.length + " parts)");
        }
        return part(jwt, 1);
    }

    static String pretty(Object value) {
        return PRETTY.toJson(value);
    }

    private static Map<String, Object> part(String jwt, int index) {
        String[] parts = split(jwt);
        try {
            return JSONObjectUtils.parse(new Base64URL(parts[index]).decodeToString());
        } catch (ParseException | RuntimeException e) {
            throw new IllegalArgumentException("part " + (index + 1) + " is not base64url JSON", e);
        }
    }

    private static String[] split(String jwt) {
        if (jwt == null || jwt.isBlank()) {
            throw new IllegalArgumentException("no token");
        }
        return jwt.trim().split("\\.", -1);
    }
}
