package io.eidhub.simulator;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Token-endpoint client authentication, enforcing the method the client is registered with (as oxAuth does):
 * {@code client_secret_basic} (URL-decoded id/secret, RFC 6749 §2.3.1), {@code client_secret_post}, or
 * {@code private_key_jwt} (RS256 assertion verified with the client's JWKS, iss = sub = client_id, aud = token
 * endpoint URL or issuer, exp in the future, jti not replayed). An assertion may also be encrypted to the tenant's
 * encryption key.
 */
final class ClientAuthenticator {

    static final String JWT_BEARER = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";
    private static final long MAX_CLOCK_SKEW_SECONDS = 30;

    private final ClientRegistry clients;
    private final ClientJwksCache clientJwks;
    private final GrantStore grants;

    ClientAuthenticator(ClientRegistry clients, ClientJwksCache clientJwks, GrantStore grants) {
        this.clients = clients;
        this.clientJwks = clientJwks;
        this.grants = grants;
    }

    /**
     * Authenticates the client of a token (or revocation) request; records the method used (never the secret).
     *
     * @param assertionError the error code for a bad client assertion ({@code invalid_client}; itsme documents
     *                       {@code unauthorized_client})
     */
    ClientRegistration authenticate(HttpExchange ex, Tenant tenant, Map<String, String> form, Map<String, Object> record,
                                    String assertionError) throws OAuthError {
        String[] basic = basicCredentials(ex);
        boolean basicUsed = basic != null;
        String basicRefusal = tenant.provider.httpBasicRefusal();
        if (basicUsed && basicRefusal != null) {
            record.put("clientAuthMethod", ClientRegistration.CLIENT_SECRET_BASIC);
            throw new OAuthError("invalid_client", basicRefusal, 401);
        }
        int status = basicUsed ? 401 : 400;
        String assertion = form.get("client_assertion");
        String bodyClientId = form.get("client_id");

        String method = basicUsed ? ClientRegistration.CLIENT_SECRET_BASIC
                : assertion != null ? ClientRegistration.PRIVATE_KEY_JWT
                : form.containsKey("client_secret") ? ClientRegistration.CLIENT_SECRET_POST : "none";
        record.put("clientAuthMethod", method);
        if ((basicUsed ? 1 : 0) + (assertion != null ? 1 : 0) + (form.containsKey("client_secret") ? 1 : 0) > 1) {
            throw new OAuthError("invalid_request", "more than one client authentication method used", status);
        }

        SignedJWT assertionJwt = null;
        String clientId = basicUsed ? basic[0] : bodyClientId;
        if (assertion != null) {
            assertionJwt = parseAssertion(tenant, assertion, assertionError);
            String iss = claims(assertionJwt, assertionError).getIssuer();
            if (clientId == null) {
                clientId = iss;
            }
        }
        if (clientId == null || clientId.isEmpty()) {
            throw new OAuthError("invalid_client", "no client authentication", 401);
        }
        if (basicUsed && bodyClientId != null && !bodyClientId.equals(basic[0])) {
            throw new OAuthError("invalid_request", "client_id in the body differs from the Basic credentials", 401);
        }
        record.put("clientId", clientId);
        ClientRegistration client = clients.find(tenant.provider.id(), clientId);
        if (client == null) {
            throw new OAuthError("invalid_client", "unknown client '" + clientId + "'", basicUsed ? 401 : 400);
        }
        String registered = client.authMethod();
        if (!registered.equals(method)) {
            throw new OAuthError("invalid_client", "client '" + clientId + "' is registered for " + registered
                    + " but authenticated with " + method, status);
        }
        switch (registered) {
            case ClientRegistration.CLIENT_SECRET_BASIC -> {
                if (!Ids.safeEquals(basic[1], client.clientSecret())) {
                    throw new OAuthError("invalid_client", "bad client credentials", 401);
                }
            }
            case ClientRegistration.CLIENT_SECRET_POST -> {
                if (!Ids.safeEquals(form.get("client_secret"), client.clientSecret())) {
                    throw new OAuthError("invalid_client", "bad client credentials");
                }
            }
            default -> verifyAssertion(tenant, client, form, assertionJwt, record, assertionError);
        }
        return client;
    }

    /** {id, secret} from an {@code Authorization: Basic} header, URL-decoded; null when absent. */
    static String[] basicCredentials(HttpExchange ex) throws OAuthError {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new OAuthError("invalid_client", "malformed Basic credentials", 401);
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            throw new OAuthError("invalid_client", "malformed Basic credentials", 401);
        }
        return new String[] {HttpIo.decode(decoded.substring(0, colon)), HttpIo.decode(decoded.substring(colon + 1))};
    }

    private static SignedJWT parseAssertion(Tenant tenant, String assertion, String error) throws OAuthError {
        try {
            if (assertion.chars().filter(c -> c == '.').count() == 4) {
                if (tenant.encryptionKey == null) {
                    throw new OAuthError(error, "encrypted client assertions are not supported here");
                }
                JWEObject jwe = JWEObject.parse(assertion);
                jwe.decrypt(new RSADecrypter(tenant.encryptionKey));
                SignedJWT inner = jwe.getPayload().toSignedJWT();
                if (inner == null) {
                    throw new OAuthError(error, "the encrypted client assertion does not contain a signed JWT");
                }
                return inner;
            }
            return SignedJWT.parse(assertion);
        } catch (ParseException | JOSEException e) {
            throw new OAuthError(error, "client_assertion is not a signed JWT: " + e.getMessage());
        }
    }

    private static JWTClaimsSet claims(SignedJWT jwt, String error) throws OAuthError {
        try {
            return jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new OAuthError(error, "client_assertion claims are not valid JSON");
        }
    }

    private void verifyAssertion(Tenant tenant, ClientRegistration client, Map<String, String> form, SignedJWT jwt,
                                 Map<String, Object> record, String error) throws OAuthError {
        if (!JWT_BEARER.equals(form.get("client_assertion_type"))) {
            throw new OAuthError(error, "client_assertion_type must be " + JWT_BEARER);
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("header", jwt.getHeader().toJSONObject());
        JWTClaimsSet claims = claims(jwt, error);
        info.put("claims", claims.toJSONObject());
        record.put("clientAssertion", info);

        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            throw new OAuthError(error, "client_assertion must be signed with RS256");
        }
        String kid = jwt.getHeader().getKeyID();
        List<RSAKey> keys;
        try {
            keys = clientJwks.signatureKeys(client.jwksUri(), kid);
        } catch (IOException e) {
            throw new OAuthError(error, "cannot fetch the client JWKS: " + e.getMessage());
        }
        if (keys.isEmpty()) {
            throw new OAuthError(error, "no RSA signature key " + (kid == null ? "" : "with kid '" + kid + "' ")
                    + "in the client JWKS " + client.jwksUri());
        }
        boolean verified = false;
        for (RSAKey key : keys) {
            try {
                if (jwt.verify(new RSASSAVerifier(key))) {
                    verified = true;
                    break;
                }
            } catch (JOSEException e) {
                // try the next key
            }
        }
        if (!verified) {
            throw new OAuthError(error, "client_assertion signature is invalid");
        }
        String clientId = client.clientId();
        if (!clientId.equals(claims.getIssuer()) || !clientId.equals(claims.getSubject())) {
            throw new OAuthError(error, "client_assertion iss and sub must both be the client_id");
        }
        String tokenUrl = tenant.url(tenant.tokenPath);
        List<String> aud = claims.getAudience();
        if (aud == null || aud.stream().noneMatch(a -> a.equals(tokenUrl) || a.equals(tenant.issuer()))) {
            throw new OAuthError(error, "client_assertion aud must be " + tokenUrl + " (or the issuer), was " + aud);
        }
        Date exp = claims.getExpirationTime();
        Instant now = Instant.now();
        if (exp == null || !exp.toInstant().isAfter(now)) {
            throw new OAuthError(error, "client_assertion is expired or has no exp");
        }
        Date nbf = claims.getNotBeforeTime();
        if (nbf != null && nbf.toInstant().isAfter(now.plusSeconds(MAX_CLOCK_SKEW_SECONDS))) {
            throw new OAuthError(error, "client_assertion is not yet valid (nbf)");
        }
        String jti = claims.getJWTID();
        if (jti == null || jti.isEmpty() || jti.length() > 255) {
            throw new OAuthError(error, "client_assertion needs a jti (at most 255 characters)");
        }
        if (!grants.markJti(clientId, jti, exp.toInstant())) {
            throw new OAuthError(error, "client_assertion jti was already used (replay)");
        }
    }
}
