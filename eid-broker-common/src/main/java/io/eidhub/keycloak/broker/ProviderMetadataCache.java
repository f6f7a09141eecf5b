package io.eidhub.keycloak.broker;

import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.logging.Logger;
import org.keycloak.broker.provider.IdentityBrokerException;
import org.keycloak.http.simple.SimpleHttp;
import org.keycloak.http.simple.SimpleHttpResponse;
import org.keycloak.models.KeycloakSession;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Discovery documents, fetched once per URL and kept for {@link #FRESH_MILLIS}; never fetched per login.
 * <p>
 * One fetch runs at a time per URL. When a refresh fails, the last good document is served for up to
 * {@link #STALE_MILLIS} so that a provider's brief outage of its discovery endpoint does not stop logins.
 */
final class ProviderMetadataCache {

    static final long FRESH_MILLIS = 60 * 60 * 1000L;
    static final long STALE_MILLIS = 24 * 60 * 60 * 1000L;
    /** A failed fetch is not retried before this delay, so that a dead provider is not hammered on every login. */
    static final long RETRY_AFTER_FAILURE_MILLIS = 10 * 1000L;

    private static final Logger logger = Logger.getLogger(ProviderMetadataCache.class);
    private static final ProviderMetadataCache SHARED = new ProviderMetadataCache(System::currentTimeMillis);

    /** Fetches a discovery document; tests replace the HTTP call. */
    @FunctionalInterface
    public interface DocumentFetcher {
        JsonNode fetch(String url) throws IOException;
    }

    private record Entry(ProviderMetadata metadata, long fetchedAt, long failedAt) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Map<String, Object> locks = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    ProviderMetadataCache(LongSupplier clock) {
        this.clock = clock;
    }

    public static ProviderMetadataCache shared() {
        return SHARED;
    }

    /**
     * The metadata for a discovery URL, fetched with Keycloak's HTTP client when not cached; a fetch is timed as
     * {@link UpstreamMetrics.Endpoint#DISCOVERY} of the broker {@code alias}.
     */
    public ProviderMetadata get(KeycloakSession session, String alias, String discoveryUrl) {
        return get(discoveryUrl, url -> fetchWithKeycloak(session, UpstreamMetrics.server().start(alias, UpstreamMetrics.Endpoint.DISCOVERY), url));
    }

    ProviderMetadata get(String discoveryUrl, DocumentFetcher fetcher) {
        Entry entry = entries.get(discoveryUrl);
        if (entry != null && isFresh(entry)) {
            return entry.metadata();
        }
        synchronized (locks.computeIfAbsent(discoveryUrl, key -> new Object())) {
            entry = entries.get(discoveryUrl);
            if (entry != null && isFresh(entry)) {
                return entry.metadata();
            }
            long now = clock.getAsLong();
            if (entry != null && entry.failedAt() > 0 && now - entry.failedAt() < RETRY_AFTER_FAILURE_MILLIS) {
                return usableOrFail(entry, discoveryUrl);
            }
            try {
                ProviderMetadata metadata = ProviderMetadata.parse(fetcher.fetch(discoveryUrl));
                entries.put(discoveryUrl, new Entry(metadata, now, 0));
                logger.debugf("Loaded discovery document %s (issuer %s)", discoveryUrl, metadata.issuer());
                return metadata;
            } catch (IOException | RuntimeException e) {
                logger.warnf("Could not load discovery document %s: %s", discoveryUrl, e.getMessage());
                Entry failed = new Entry(entry == null ? null : entry.metadata(), entry == null ? 0 : entry.fetchedAt(), now);
                entries.put(discoveryUrl, failed);
                return usableOrFail(failed, discoveryUrl);
            }
        }
    }

    /** Drops a cached document, for example after the admin changed the provider's URL. */
    public void invalidate(String discoveryUrl) {
        entries.remove(discoveryUrl);
    }

    private boolean isFresh(Entry entry) {
        return entry.metadata() != null && entry.failedAt() == 0
                && clock.getAsLong() - entry.fetchedAt() < FRESH_MILLIS;
    }

    private ProviderMetadata usableOrFail(Entry entry, String discoveryUrl) {
        if (entry.metadata() != null && clock.getAsLong() - entry.fetchedAt() < STALE_MILLIS) {
            return entry.metadata();
        }
        throw new IdentityBrokerException("Discovery document unavailable: " + discoveryUrl)
                .withMessageCode(EidMessages.PROVIDER_UNAVAILABLE);
    }

    private static JsonNode fetchWithKeycloak(KeycloakSession session, UpstreamMetrics.Call call, String url) throws IOException {
        try (SimpleHttpResponse response = SimpleHttp.create(session).doGet(url).acceptJson().asResponse()) {
            call.answered(response.getStatus());
            if (response.getStatus() != 200) {
                throw new IOException("HTTP status " + response.getStatus());
            }
            return response.asJson();
        } catch (IOException | RuntimeException e) {
            call.failed(e);
            throw e;
        }
    }
}
