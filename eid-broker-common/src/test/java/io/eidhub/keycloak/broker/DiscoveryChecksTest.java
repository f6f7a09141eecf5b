package io.eidhub.keycloak.broker;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.util.JsonSerialization;

import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class DiscoveryChecksTest {

    private static final String DISCOVERY = "https://idp.e2e.itsme.services/v2/.well-known/openid-configuration";
    /** sslRequired=external: TLS for every host but loopback and private addresses. */
    private static final Predicate<String> EXTERNAL = host -> !host.equals("127.0.0.1") && !host.equals("localhost");

    private static ProviderMetadata metadata(String issuer, String token, String userinfo, String jwks) throws Exception {
        JsonNode document = JsonSerialization.readValue("""
                {"issuer":"%s","authorization_endpoint":"https://idp.e2e.itsme.services/v2/authorization",
                 "token_endpoint":"%s","userinfo_endpoint":"%s","jwks_uri":"%s"}
                """.formatted(issuer, token, userinfo, jwks), JsonNode.class);
        return ProviderMetadata.parse(document);
    }

    private static ProviderMetadata genuine() throws Exception {
        return metadata("https://idp.e2e.itsme.services/v2", "https://idp.e2e.itsme.services/v2/token",
                "https://idp.e2e.itsme.services/v2/userinfo", "https://idp.e2e.itsme.services/v2/jwkSet");
    }

    @Test
    void theProvidersOwnDocumentPasses() throws Exception {
        assertNull(DiscoveryChecks.problem(genuine(), DISCOVERY, EXTERNAL));
        // IDEMIA's oxAuth: the same issuer behind /.well-known and /oxauth/.well-known
        ProviderMetadata oxauth = metadata("https://idp.tenant.example", "https://idp.tenant.example/oxauth/restv1/token",
                "https://idp.tenant.example/oxauth/restv1/userinfo", "https://idp.tenant.example/oxauth/restv1/jwks");
        assertNull(DiscoveryChecks.problem(oxauth, "https://idp.tenant.example/oxauth/.well-known/openid-configuration", EXTERNAL));
    }

    @Test
    void anIssuerOnAnotherHostIsRefused() throws Exception {
        ProviderMetadata other = metadata("https://evil.example/v2", "https://idp.e2e.itsme.services/v2/token",
                "https://idp.e2e.itsme.services/v2/userinfo", "https://idp.e2e.itsme.services/v2/jwkSet");
        assertEquals("issuer is not on the host of the discovery URL", DiscoveryChecks.problem(other, DISCOVERY, EXTERNAL));
        ProviderMetadata otherPort = metadata("https://idp.e2e.itsme.services:8443/v2", "https://idp.e2e.itsme.services/v2/token",
                "https://idp.e2e.itsme.services/v2/userinfo", "https://idp.e2e.itsme.services/v2/jwkSet");
        assertEquals("issuer is not on the host of the discovery URL", DiscoveryChecks.problem(otherPort, DISCOVERY, EXTERNAL));
        ProviderMetadata plain = metadata("http://idp.e2e.itsme.services/v2", "https://idp.e2e.itsme.services/v2/token",
                "https://idp.e2e.itsme.services/v2/userinfo", "https://idp.e2e.itsme.services/v2/jwkSet");
        assertEquals("issuer is not on the host of the discovery URL", DiscoveryChecks.problem(plain, DISCOVERY, EXTERNAL));
    }

    @Test
    void plainHttpEndpointsOfAnHttpsDocumentAreRefused() throws Exception {
        ProviderMetadata token = metadata("https://idp.e2e.itsme.services/v2", "http://idp.e2e.itsme.services/v2/token",
                "https://idp.e2e.itsme.services/v2/userinfo", "https://idp.e2e.itsme.services/v2/jwkSet");
        assertEquals("token_endpoint is plain http", DiscoveryChecks.problem(token, DISCOVERY, host -> false));
        ProviderMetadata userinfo = metadata("https://idp.e2e.itsme.services/v2", "https://idp.e2e.itsme.services/v2/token",
                "http://127.0.0.1/userinfo", "https://idp.e2e.itsme.services/v2/jwkSet");
        assertEquals("userinfo_endpoint is plain http", DiscoveryChecks.problem(userinfo, DISCOVERY, host -> false));
        ProviderMetadata jwks = metadata("https://idp.e2e.itsme.services/v2", "https://idp.e2e.itsme.services/v2/token",
                "https://idp.e2e.itsme.services/v2/userinfo", "http://idp.e2e.itsme.services/v2/jwkSet");
        assertEquals("jwks_uri is plain http", DiscoveryChecks.problem(jwks, DISCOVERY, host -> false));
    }

    @Test
    void plainHttpOnlyWhereTheRealmAllowsItForThatHost() throws Exception {
        String local = "http://127.0.0.1:8099/v2/.well-known/openid-configuration";
        ProviderMetadata simulator = metadata("http://127.0.0.1:8099/v2", "http://127.0.0.1:8099/v2/token",
                "http://127.0.0.1:8099/v2/userinfo", "http://127.0.0.1:8099/v2/jwkSet");
        assertNull(DiscoveryChecks.problem(simulator, local, EXTERNAL));
        ProviderMetadata outside = metadata("http://127.0.0.1:8099/v2", "http://token.example/v2/token",
                "http://127.0.0.1:8099/v2/userinfo", "http://127.0.0.1:8099/v2/jwkSet");
        assertEquals("token_endpoint is plain http", DiscoveryChecks.problem(outside, local, EXTERNAL));
        assertEquals("token_endpoint is plain http", DiscoveryChecks.problem(simulator, local, host -> true), "sslRequired=all");
    }
}
