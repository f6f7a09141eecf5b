package io.eidhub.simulator;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.JWEObject;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jose.crypto.RSAEncrypter;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Produces ID tokens and userinfo JWTs: signed RS256 with the tenant key, then (itsme) encrypted to the client —
 * RSA to one of its {@code use=enc} JWKs chosen at random per token (as itsme does; {@code RSA-OAEP-256} when the
 * key says so or the tenant's {@code rsaOaep256} switch is on, {@code RSA-OAEP} otherwise), or {@code dir}/A256GCM with SHA-256(client_secret) (OIDC Core §10.2). Applies the
 * form the armed ID-token faults give ({@link IdTokenForm}, {@link IdTokenFault#form}).
 */
final class TokenIssuer {

    private final ClientJwksCache clientJwks;
    private final TenantSwitches switches;
    private final SecureRandom random = new SecureRandom();

    TokenIssuer(ClientJwksCache clientJwks, TenantSwitches switches) {
        this.clientJwks = clientJwks;
        this.switches = switches;
    }

    /** A produced token: what is sent ({@code token}) and the signed (or unsigned) JWT inside it ({@code inner}). */
    record Issued(String token, String inner) {
    }

    String issue(Tenant tenant, ClientRegistration client, Map<String, Object> claims, Set<Fault> faults)
            throws OAuthError {
        return issueDetailed(tenant, client, claims, faults).token();
    }

    Issued issueDetailed(Tenant tenant, ClientRegistration client, Map<String, Object> claims, Set<Fault> faults)
            throws OAuthError {
        try {
            JWTClaimsSet claimsSet = JWTClaimsSet.parse(claims);
            IdTokenForm form = IdTokenForm.of(tenant, client);
            for (Fault fault : Fault.values()) {
                if (faults.contains(fault)) {
                    form = fault.form(form);
                }
            }
            String inner = sign(tenant, claimsSet, form);
            if (form.dirPlaceholder()) {
                return new Issued(encryptDirect(inner, Fault.PLACEHOLDER_SECRET), inner);
            }
            return new Issued(form.encrypt() ? encrypt(tenant, client, inner) : inner, inner);
        } catch (ParseException | JOSEException e) {
            throw new OAuthError("server_error", "cannot produce the token: " + e.getMessage(), 500);
        }
    }

    private static String sign(Tenant tenant, JWTClaimsSet claims, IdTokenForm form) throws JOSEException {
        if (form.unsigned()) {
            return new PlainJWT(claims).serialize();
        }
        RSAKey key = form.rogueKey() ? SimulatorKeys.rogueKey() : tenant.signingKey();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256)
                .keyID(key.getKeyID())
                .type(JOSEObjectType.JWT)
                .build(), claims);
        jwt.sign(new RSASSASigner(key));
        String compact = jwt.serialize();
        return form.tamper() ? tamperSignature(compact) : compact;
    }

    private String encrypt(Tenant tenant, ClientRegistration client, String inner) throws OAuthError, JOSEException {
        JWEObject jwe;
        if (ClientRegistration.ENCRYPTION_DIR.equals(client.idTokenEncryption())) {
            return encryptDirect(inner, client.clientSecret());
        } else {
            List<RSAKey> keys;
            try {
                keys = clientJwks.encryptionKeys(client.jwksUri());
            } catch (IOException e) {
                throw new OAuthError("invalid_client", "cannot fetch the client JWKS: " + e.getMessage());
            }
            if (keys.isEmpty()) {
                throw new OAuthError("invalid_client",
                        "the client JWKS " + client.jwksUri() + " has no RSA key with use=enc to encrypt the token to");
            }
            // itsme picks one of the client's encryption keys at random for each token
            RSAKey key = keys.get(random.nextInt(keys.size()));
            JWEAlgorithm alg = switches.on(tenant.id, TenantSwitches.RSA_OAEP_256)
                    || JWEAlgorithm.RSA_OAEP_256.equals(key.getAlgorithm()) ? JWEAlgorithm.RSA_OAEP_256
                    : JWEAlgorithm.RSA_OAEP;
            JWEHeader.Builder header = new JWEHeader.Builder(alg, EncryptionMethod.A128CBC_HS256).contentType("JWT");
            if (key.getKeyID() != null) {
                header.keyID(key.getKeyID());
            }
            jwe = new JWEObject(header.build(), new Payload(inner));
            jwe.encrypt(new RSAEncrypter(key));
        }
        return jwe.serialize();
    }

    /** {@code alg=dir}, {@code A256GCM} under the key derived from {@code secret}. */
    private static String encryptDirect(String inner, String secret) throws JOSEException {
        JWEObject jwe = new JWEObject(new JWEHeader.Builder(JWEAlgorithm.DIR, EncryptionMethod.A256GCM)
                .contentType("JWT")
                .build(), new Payload(inner));
        jwe.encrypt(new DirectEncrypter(dirKey(secret)));
        return jwe.serialize();
    }

    /** OIDC Core §10.2: the left-most 256 bits of SHA-256 of the UTF-8 client secret. */
    static byte[] dirKey(String clientSecret) {
        return Ids.sha256(clientSecret);
    }

    private static String tamperSignature(String compact) {
        int dot = compact.lastIndexOf('.');
        byte[] sig = Base64.getUrlDecoder().decode(compact.substring(dot + 1));
        sig[sig.length / 2] ^= 0x5a;
        return compact.substring(0, dot + 1) + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
    }
}
