package io.eidhub.simulator;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tenant's OpenID discovery document: the common members, then the provider's own ({@link OidcProvider#addDiscovery}). */
final class DiscoveryDocument {

    private DiscoveryDocument() {
    }

    static Map<String, Object> of(OidcProvider provider) {
        Tenant tenant = provider.tenant;
        List<String> encAlgs = List.of("RSA-OAEP", "RSA-OAEP-256", "dir");
        List<String> encEncs = List.of("A128CBC-HS256", "A256GCM");
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("issuer", tenant.issuer());
        d.put("authorization_endpoint", tenant.url(tenant.authorizePath));
        d.put("token_endpoint", tenant.url(tenant.tokenPath));
        if (tenant.userinfoPath != null) {
            d.put("userinfo_endpoint", tenant.url(tenant.userinfoPath));
        }
        d.put("jwks_uri", tenant.url(tenant.jwksPath));
        if (tenant.endSessionPath != null) {
            d.put("end_session_endpoint", tenant.url(tenant.endSessionPath));
        }
        if (tenant.revocationPath != null) {
            d.put("revocation_endpoint", tenant.url(tenant.revocationPath));
        }
        d.put("scopes_supported", provider.scopesSupported());
        d.put("response_types_supported", List.of("code"));
        d.put("response_modes_supported", provider.responseModesSupported());
        d.put("grant_types_supported", List.of("authorization_code"));
        d.put("acr_values_supported", provider.acrValuesSupported());
        d.put("subject_types_supported", provider.subjectTypesSupported());
        d.put("token_endpoint_auth_methods_supported", provider.authMethodsSupported());
        if (provider.authMethodsSupported().contains(ClientRegistration.PRIVATE_KEY_JWT)) {
            d.put("token_endpoint_auth_signing_alg_values_supported", List.of("RS256"));
        }
        d.put("id_token_signing_alg_values_supported", List.of("RS256"));
        d.put("id_token_encryption_alg_values_supported", encAlgs);
        d.put("id_token_encryption_enc_values_supported", encEncs);
        if (tenant.userinfoPath != null) {
            d.put("userinfo_signing_alg_values_supported", List.of("RS256"));
            d.put("userinfo_encryption_alg_values_supported", encAlgs);
            d.put("userinfo_encryption_enc_values_supported", encEncs);
        }
        d.put("request_object_signing_alg_values_supported", List.of("RS256"));
        if (tenant.encryptionKey != null) {
            d.put("request_object_encryption_alg_values_supported", List.of("RSA-OAEP", "RSA-OAEP-256"));
            d.put("request_object_encryption_enc_values_supported", encEncs);
        }
        d.put("claims_parameter_supported", true);
        d.put("request_parameter_supported", true);
        d.put("request_uri_parameter_supported", false);
        d.put("code_challenge_methods_supported", List.of("S256"));
        d.put("claim_types_supported", List.of("normal"));
        d.put("claims_supported", provider.claimsSupported());
        provider.addDiscovery(d);
        return d;
    }
}
