package io.eidhub.keycloak.itsme;

import com.fasterxml.jackson.databind.JsonNode;
import io.eidhub.keycloak.broker.ProviderMetadata;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.common.util.SecretGenerator;
import org.keycloak.common.util.Time;
import org.keycloak.crypto.Algorithm;
import org.keycloak.crypto.CekManagementProvider;
import org.keycloak.crypto.ContentEncryptionProvider;
import org.keycloak.crypto.KeyWrapper;
import org.keycloak.crypto.SignatureProvider;
import org.keycloak.crypto.SignatureSignerContext;
import org.keycloak.jose.jwe.JWEException;
import org.keycloak.jose.jws.JWSBuilder;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.util.TokenUtil;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The authorization parameters as a request object ({@code request} parameter): a JWT signed RS256 with the realm's
 * active RS256 key, then always encrypted to itsme's encryption key (nested JWT,
 * {@code cty=JWT}). Signing and encryption are Keycloak's ({@link SignatureProvider}, {@link JWSBuilder},
 * {@link CekManagementProvider}, {@link ContentEncryptionProvider}).
 */
final class ItsmeRequestObject {

    private final KeycloakSession session;
    private final ItsmeIdentityProviderConfig config;
    private final ProviderMetadata metadata;

    ItsmeRequestObject(KeycloakSession session, ItsmeIdentityProviderConfig config, ProviderMetadata metadata) {
        this.session = session;
        this.config = config;
        this.metadata = metadata;
    }

    /** The serialized request object for these authorization parameters and this {@code claims} parameter. */
    String create(Map<String, String> parameters, JsonNode claims) {
        Map<String, Object> payload = ItsmeAuthorizationParameters.requestObjectClaims(parameters, claims,
                config.getClientId(), metadata.issuer(), Time.currentTime(), SecretGenerator.getInstance().generateSecureID());
        SignatureSignerContext signer = session.getProvider(SignatureProvider.class, Algorithm.RS256).signer();
        String signed = new JWSBuilder().type("JWT").jsonContent(payload).sign(signer);
        // itsme requires the request object signed, then encrypted (a stored "signed" counts as signed-encrypted)
        return encrypt(signed);
    }

    /** The id under which Keycloak's key storage keeps this broker's keys. */
    static String brokerId(ItsmeIdentityProviderConfig config) {
        return config.getInternalId() != null ? config.getInternalId() : config.getAlias();
    }

    private String encrypt(String signed) {
        RealmModel realm = session.getContext().getRealm();
        KeyWrapper key = ItsmeEncryptionKey.find(session, realm.getId(), brokerId(config), config.getConfig(), metadata.jwksUri());
        String alg = ItsmeEncryptionKey.keyManagementAlgorithm(key.getAlgorithm(), metadata.requestObjectEncryptionAlgs());
        String enc = ItsmeEncryptionKey.contentEncryptionAlgorithm(metadata.requestObjectEncryptionEncs());
        CekManagementProvider keyManagement = session.getProvider(CekManagementProvider.class, alg);
        ContentEncryptionProvider contentEncryption = session.getProvider(ContentEncryptionProvider.class, enc);
        if (keyManagement == null || contentEncryption == null) {
            throw new IdentityBrokerException("Keycloak cannot encrypt with " + alg + " / " + enc);
        }
        try {
            return TokenUtil.jweKeyEncryptionEncode(key.getPublicKey(), signed.getBytes(StandardCharsets.UTF_8), alg, enc,
                    key.getKid(), keyManagement.jweAlgorithmProvider(), contentEncryption.jweEncryptionProvider(), "JWT");
        } catch (JWEException e) {
            throw new IdentityBrokerException("Could not encrypt the request object", e);
        }
    }
}
