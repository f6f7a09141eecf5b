package io.eidhub.simulator;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.text.ParseException;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request objects ({@code request} parameter): an RS256 JWT signed by the client (verified with its JWKS),
 * optionally encrypted to the tenant's encryption key (RSA-OAEP / RSA-OAEP-256, A128CBC-HS256 / A256GCM,
 * {@code cty: JWT}); {@code iss} must be the client_id and {@code aud} the issuer.
 */
final class RequestObjects {

    private static final Set<JWEAlgorithm> JWE_ALGS = Set.of(JWEAlgorithm.RSA_OAEP, JWEAlgorithm.RSA_OAEP_256);
    private static final Set<EncryptionMethod> JWE_ENCS = Set.of(EncryptionMethod.A128CBC_HS256, EncryptionMethod.A256GCM);

    private final ClientJwksCache clientJwks;

    RequestObjects(ClientJwksCache clientJwks) {
        this.clientJwks = clientJwks;
    }

    /**
     * Decrypts and verifies the request object and returns its claims; {@code record} receives what was decoded
     * (headers, claims, validity). Throws {@code invalid_request_object} when it is not acceptable.
     */
    Map<String, Object> process(Tenant tenant, ClientRegistration client, String value, Map<String, Object> record)
            throws OAuthError {
        record.put("encrypted", false);
        record.put("valid", false);
        try {
            SignedJWT jws;
            if (value.chars().filter(c -> c == '.').count() == 4) {
                jws = decrypt(tenant, value, record);
            } else if (tenant.provider.requiresEncryptedRequestObject()) {
                throw invalid(tenant.provider.id()
                        + " requires the request object to be signed, then encrypted to its use=enc key");
            } else {
                try {
                    jws = SignedJWT.parse(value);
                } catch (ParseException e) {
                    throw invalid("the request object must be a signed JWT (alg none is not accepted)");
                }
            }
            record.put("jwsHeader", jws.getHeader().toJSONObject());
            JWTClaimsSet claims;
            try {
                claims = jws.getJWTClaimsSet();
            } catch (ParseException e) {
                throw invalid("request object claims are not a JSON object");
            }
            record.put("claims", claims.toJSONObject());
            verifySignature(client, jws);
            checkClaims(tenant, client, claims);
            record.put("valid", true);
            return claims.toJSONObject();
        } catch (OAuthError e) {
            record.put("error", e.description());
            throw e;
        }
    }

    private SignedJWT decrypt(Tenant tenant, String value, Map<String, Object> record) throws OAuthError {
        record.put("encrypted", true);
        JWEObject jwe;
        try {
            jwe = JWEObject.parse(value);
        } catch (ParseException e) {
            throw invalid("malformed encrypted request object");
        }
        record.put("jweHeader", jwe.getHeader().toJSONObject());
        if (tenant.encryptionKey == null) {
            throw invalid("this provider publishes no encryption key; send a signed (not encrypted) request object");
        }
        if (!JWE_ALGS.contains(jwe.getHeader().getAlgorithm()) || !JWE_ENCS.contains(jwe.getHeader().getEncryptionMethod())) {
            throw invalid("unsupported request object encryption " + jwe.getHeader().getAlgorithm() + "/"
                    + jwe.getHeader().getEncryptionMethod());
        }
        String kid = jwe.getHeader().getKeyID();
        if (kid != null && !kid.equals(tenant.encryptionKey.getKeyID())) {
            throw invalid("request object encrypted to unknown key '" + kid + "'");
        }
        String cty = jwe.getHeader().getContentType();
        if (cty != null && !"JWT".equalsIgnoreCase(cty)) {
            throw invalid("encrypted request object must have cty JWT");
        }
        try {
            jwe.decrypt(new RSADecrypter(tenant.encryptionKey));
        } catch (JOSEException e) {
            throw invalid("cannot decrypt the request object: " + e.getMessage());
        }
        SignedJWT inner = jwe.getPayload().toSignedJWT();
        if (inner == null) {
            throw invalid("the encrypted request object must contain a signed JWT (nested)");
        }
        return inner;
    }

    private void verifySignature(ClientRegistration client, SignedJWT jws) throws OAuthError {
        if (!JWSAlgorithm.RS256.equals(jws.getHeader().getAlgorithm())) {
            throw invalid("request object must be signed with RS256");
        }
        if (client.jwksUri() == null) {
            throw invalid("client '" + client.clientId() + "' has no registered jwksUri to verify request objects");
        }
        List<RSAKey> keys;
        try {
            keys = clientJwks.signatureKeys(client.jwksUri(), jws.getHeader().getKeyID());
        } catch (IOException e) {
            throw invalid("cannot fetch the client JWKS: " + e.getMessage());
        }
        for (RSAKey key : keys) {
            try {
                if (jws.verify(new RSASSAVerifier(key))) {
                    return;
                }
            } catch (JOSEException e) {
                // next key
            }
        }
        throw invalid(keys.isEmpty() ? "no client signature key matches the request object kid"
                : "request object signature is invalid");
    }

    private static void checkClaims(Tenant tenant, ClientRegistration client, JWTClaimsSet claims) throws OAuthError {
        if (!client.clientId().equals(claims.getIssuer())) {
            throw invalid("request object iss must be the client_id");
        }
        List<String> aud = claims.getAudience();
        if (aud == null || !aud.contains(tenant.issuer())) {
            throw invalid("request object aud must be " + tenant.issuer() + ", was " + aud);
        }
        Object cid = claims.getClaim("client_id");
        if (cid != null && !client.clientId().equals(cid.toString())) {
            throw invalid("request object client_id differs from the client_id parameter");
        }
        Date exp = claims.getExpirationTime();
        if (exp != null && exp.before(new Date())) {
            throw invalid("request object is expired");
        }
    }

    /** Request-object claims as authorization parameters ({@code claims} kept as an object). */
    static Map<String, Object> asParameters(Map<String, Object> claims) {
        Map<String, Object> out = new LinkedHashMap<>();
        claims.forEach((k, v) -> {
            if (Set.of("iss", "aud", "exp", "iat", "nbf", "jti").contains(k) || v == null) {
                return;
            }
            if ("claims".equals(k) && v instanceof Map) {
                out.put(k, v);
            } else if (v instanceof List<?> list) {
                out.put(k, String.join(" ", list.stream().map(String::valueOf).toList()));
            } else {
                out.put(k, String.valueOf(v));
            }
        });
        return out;
    }

    private static OAuthError invalid(String description) {
        return new OAuthError("invalid_request_object", description);
    }
}
