package io.eidhub.keycloak.broker;

import org.keycloak.common.util.Base64Url;
import org.keycloak.jose.JOSEParser;
import org.keycloak.jose.jwe.JWE;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.util.Map;

/** Checks on the form of what a provider answers, before its content is parsed or validated. */
final class UpstreamAnswerForm {

    private UpstreamAnswerForm() {
    }

    /** {@code application/json}, with or without parameters such as {@code charset} (RFC 6749 section 5.1). */
    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        return "application/json".equalsIgnoreCase((semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim());
    }

    /**
     * True when the token's header names an encryption ({@code enc}) but the token is not the five parts of a JWE: a
     * truncated or damaged encrypted token, which a parser would otherwise take for a signed one.
     */
    static boolean isIncompleteJwe(String encodedToken) {
        if (encodedToken == null) {
            return false;
        }
        int dot = encodedToken.indexOf('.');
        try {
            Map<?, ?> header = JsonSerialization.readValue(Base64Url.decode(dot < 0 ? encodedToken : encodedToken.substring(0, dot)), Map.class);
            return header.containsKey("enc") && encodedToken.split("\\.", -1).length != 5;
        } catch (IOException | RuntimeException e) {
            return false; // not a JOSE header at all: Keycloak's parser refuses it (check format)
        }
    }

    /** True when the serialized token is a JWE. */
    static boolean isEncrypted(String encodedToken) {
        try {
            return JOSEParser.parse(encodedToken) instanceof JWE;
        } catch (RuntimeException e) {
            return false;
        }
    }
}
