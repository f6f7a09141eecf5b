package io.eidhub.keycloak.broker;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Cross-checks a discovery document against the URL it was read from, before any of its endpoints is used:
 * <ul>
 *   <li>the {@code issuer} has the origin (scheme, host, port) of the discovery URL (OpenID Connect Discovery §4.3
 *       asks for the exact issuer; IDEMIA's oxAuth is documented both at {@code /.well-known} and at
 *       {@code /oxauth/.well-known} for the same issuer, so the path is not compared);</li>
 *   <li>no endpoint the broker calls or sends the browser to is plain {@code http} when the discovery URL is
 *       {@code https}, nor where the realm requires TLS for that endpoint's host (as for {@code metadataUrl}).</li>
 * </ul>
 */
final class DiscoveryChecks {

    private DiscoveryChecks() {
    }

    /** Whether the realm of {@code session} requires TLS for requests to a host (its {@code sslRequired}); unknown realm: always. */
    static Predicate<String> tlsRequiredForHost(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        if (realm == null || realm.getSslRequired() == null) {
            return host -> true;
        }
        return host -> realm.getSslRequired().isRequired(host);
    }

    /**
     * What is wrong with the document, naming the field (never quoting a value), or null when it passes.
     *
     * @param tlsRequiredForHost the realm's {@code sslRequired} rule for a host
     */
    static String problem(ProviderMetadata metadata, String discoveryUrl, Predicate<String> tlsRequiredForHost) {
        URI discovery = URI.create(discoveryUrl.trim());
        URI issuer;
        try {
            issuer = URI.create(metadata.issuer().trim());
        } catch (IllegalArgumentException e) {
            return "issuer is not a URL";
        }
        if (!sameOrigin(discovery, issuer)) {
            return "issuer is not on the host of the discovery URL";
        }
        boolean discoveryOverTls = "https".equalsIgnoreCase(discovery.getScheme());
        for (Map.Entry<String, String> endpoint : endpoints(metadata).entrySet()) {
            if (endpoint.getValue() == null) {
                continue;
            }
            URI uri = URI.create(endpoint.getValue().trim());
            if ("http".equalsIgnoreCase(uri.getScheme()) && (discoveryOverTls || tlsRequiredForHost.test(uri.getHost()))) {
                return endpoint.getKey() + " is plain http";
            }
        }
        return null;
    }

    private static Map<String, String> endpoints(ProviderMetadata metadata) {
        Map<String, String> endpoints = new LinkedHashMap<>();
        endpoints.put("authorization_endpoint", metadata.authorizationEndpoint());
        endpoints.put("token_endpoint", metadata.tokenEndpoint());
        endpoints.put("userinfo_endpoint", metadata.userinfoEndpoint());
        endpoints.put("jwks_uri", metadata.jwksUri());
        endpoints.put("end_session_endpoint", metadata.endSessionEndpoint());
        return endpoints;
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme())
                && a.getHost() != null && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost() == null ? null : b.getHost().toLowerCase(Locale.ROOT))
                && port(a) == port(b);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
