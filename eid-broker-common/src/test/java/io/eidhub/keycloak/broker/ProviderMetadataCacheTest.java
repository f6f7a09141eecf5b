package io.eidhub.keycloak.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.keycloak.broker.provider.IdentityBrokerException;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProviderMetadataCacheTest {

    private static final String URL = "https://idp.example/.well-known/openid-configuration";

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final ProviderMetadataCache cache = new ProviderMetadataCache(now::get);
    private final AtomicInteger fetches = new AtomicInteger();

    static JsonNode document(String issuer) throws IOException {
        return new ObjectMapper().readTree("""
                {"issuer":"%s","authorization_endpoint":"https://idp.example/authorize",
                 "token_endpoint":"https://idp.example/token","jwks_uri":"https://idp.example/jwks",
                 "acr_values_supported":["loa-2","loa-3"]}""".formatted(issuer));
    }

    private ProviderMetadata get(ProviderMetadataCache.DocumentFetcher fetcher) {
        return cache.get(URL, url -> {
            fetches.incrementAndGet();
            return fetcher.fetch(url);
        });
    }

    @Test
    void fetchesOnceWhileFresh() throws IOException {
        JsonNode doc = document("https://idp.example");
        for (int i = 0; i < 5; i++) {
            assertEquals("https://idp.example", get(url -> doc).issuer());
            now.addAndGet(60_000);
        }
        assertEquals(1, fetches.get());
    }

    @Test
    void refetchesWhenTheEntryIsOld() throws IOException {
        get(url -> document("https://old.example"));
        now.addAndGet(ProviderMetadataCache.FRESH_MILLIS + 1);
        assertEquals("https://new.example", get(url -> document("https://new.example")).issuer());
        assertEquals(2, fetches.get());
    }

    @Test
    void servesTheLastGoodDocumentWhenARefreshFails() throws IOException {
        get(url -> document("https://idp.example"));
        now.addAndGet(ProviderMetadataCache.FRESH_MILLIS + 1);
        ProviderMetadata stale = get(url -> {
            throw new IOException("down");
        });
        assertEquals("https://idp.example", stale.issuer());
        // no new attempt within the retry delay
        get(url -> document("https://other.example"));
        assertEquals(2, fetches.get());
    }

    @Test
    void failsWithAUserMessageWhenNothingUsableIsCached() {
        IdentityBrokerException e = assertThrows(IdentityBrokerException.class, () -> get(url -> {
            throw new IOException("down");
        }));
        assertEquals(EidMessages.PROVIDER_UNAVAILABLE, e.getMessageCode());
    }

    @Test
    void refusesADocumentWithoutRequiredEndpoints() throws IOException {
        JsonNode incomplete = new ObjectMapper().readTree("{\"issuer\":\"https://idp.example\"}");
        assertThrows(IdentityBrokerException.class, () -> get(url -> incomplete));
    }

    @Test
    void parsesOptionalEndpointsAndLists() throws IOException {
        ProviderMetadata metadata = ProviderMetadata.parse(document("https://idp.example"));
        assertNull(metadata.userinfoEndpoint());
        assertTrue(metadata.acrValuesSupported().contains("loa-3"));
        JsonNode bad = new ObjectMapper().readTree("""
                {"issuer":"x","authorization_endpoint":"https://a","token_endpoint":"https://t","jwks_uri":"ftp://j"}""");
        assertThrows(IllegalArgumentException.class, () -> ProviderMetadata.parse(bad));
    }
}
