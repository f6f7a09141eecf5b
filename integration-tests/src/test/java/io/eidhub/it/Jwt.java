package io.eidhub.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Plain decoding of a compact JWS (no signature check: tests trust Keycloak's own tokens).
 * An encrypted JWT (5 parts) only has a readable {@link #header(String)}.
 */
public final class Jwt {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private Jwt() {
    }

    /** The decoded payload (claims) of a JWS. */
    public static Map<String, Object> payload(String jwt) {
        String[] parts = parts(jwt);
        if (parts.length != 3) {
            throw new IllegalArgumentException("Not a JWS (" + parts.length + " parts): a JWE payload cannot be decoded");
        }
        return json(decode(parts[1]));
    }

    /** The decoded protected header of a JWS or JWE. */
    public static Map<String, Object> header(String jwt) {
        return json(decode(parts(jwt)[0]));
    }

    /** Number of dot-separated parts: 3 for a JWS, 5 for a JWE. */
    public static int partCount(String jwt) {
        return parts(jwt).length;
    }

    private static String[] parts(String jwt) {
        if (jwt == null || jwt.isBlank()) {
            throw new IllegalArgumentException("No token");
        }
        return jwt.trim().split("\\.", -1);
    }

    private static String decode(String b64url) {
        return new String(Base64.getUrlDecoder().decode(b64url), StandardCharsets.UTF_8);
    }

    /** Parses a JSON object. */
    public static Map<String, Object> json(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (IOException e) {
            throw new UncheckedIOException("Not a JSON object: " + json, e);
        }
    }

    /** Serialises to JSON (e.g. an OIDC {@code claims} request parameter). */
    public static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
