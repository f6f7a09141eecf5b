package io.eidhub.keycloak.broker;

import org.keycloak.models.RealmModel;

import java.net.URI;
import java.util.Collection;

/**
 * Validation of a broker configuration: each failed check throws an {@link IllegalArgumentException} whose message
 * names the provider, the configuration key and the reason, e.g. {@code "Invalid itsme configuration: 'serviceCode'
 * is required"}. Keycloak turns it into a 400 answer to the admin console or REST call.
 */
public final class ConfigCheck {

    private final String providerName;

    public ConfigCheck(String providerName) {
        this.providerName = providerName;
    }

    public void required(String key, String value) {
        required(key, value, "is required");
    }

    public void required(String key, String value, String reason) {
        if (value == null || value.isBlank()) {
            fail(key, reason);
        }
    }

    public void oneOf(String key, String value, Collection<String> allowed) {
        if (value == null || !allowed.contains(value)) {
            fail(key, "must be one of " + String.join(", ", allowed) + " (got '" + printable(value) + "')");
        }
    }

    /** An absolute http(s) URL; plain http only where the realm does not require TLS for external requests. */
    public void url(String key, String value, RealmModel realm) {
        if (!ProviderMetadata.isHttpUrl(value)) {
            fail(key, "must be an absolute http or https URL");
        }
        URI uri = URI.create(value.trim());
        if ("http".equalsIgnoreCase(uri.getScheme()) && realm != null
                && realm.getSslRequired() != null && realm.getSslRequired().isRequired(uri.getHost())) {
            fail(key, "must use https (the realm requires TLS for " + uri.getHost() + ")");
        }
    }

    public void fail(String key, String reason) {
        throw new IllegalArgumentException("Invalid " + providerName + " configuration: '" + key + "' " + reason);
    }

    /** A configured value as it may be quoted in an error message or log line (see {@link SafeProviderText#printable}). */
    public static String printable(String value) {
        return SafeProviderText.printable(value);
    }
}
