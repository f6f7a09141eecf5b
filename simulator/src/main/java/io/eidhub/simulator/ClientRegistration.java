package io.eidhub.simulator;

import java.text.ParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A relying party registered at the simulator (immutable). JSON form (for {@code POST /sim/api/clients} and the
 * {@code --config} file):
 * <pre>
 * {"provider":"itsme|idemia", "clientId":"...", "authMethod":"private_key_jwt|client_secret_post|client_secret_basic",
 *  "clientSecret":"...", "jwksUri":"...", "redirectUris":["..."], "postLogoutRedirectUris":["..."],
 *  "serviceCodes":["..."], "idTokenEncryption":"rsa|dir|none"}
 * </pre>
 * Defaults: {@code authMethod} = {@code private_key_jwt} for itsme clients with a {@code jwksUri} and no secret,
 * {@code client_secret_post} for other itsme clients, {@code client_secret_basic} for IDEMIA clients;
 * {@code idTokenEncryption} = {@code rsa} for itsme private_key_jwt clients, {@code dir} for itsme client-secret
 * clients, always {@code none} for IDEMIA.
 */
public final class ClientRegistration {

    public static final String ITSME = "itsme";
    public static final String IDEMIA = "idemia";

    public static final String PRIVATE_KEY_JWT = "private_key_jwt";
    public static final String CLIENT_SECRET_POST = "client_secret_post";
    public static final String CLIENT_SECRET_BASIC = "client_secret_basic";

    public static final String ENCRYPTION_RSA = "rsa";
    public static final String ENCRYPTION_DIR = "dir";
    public static final String ENCRYPTION_NONE = "none";

    private final String provider;
    private final String clientId;
    private final String authMethod;
    private final String clientSecret;
    private final String jwksUri;
    private final List<String> redirectUris;
    private final List<String> postLogoutRedirectUris;
    private final List<String> serviceCodes;
    private final String idTokenEncryption;

    private ClientRegistration(Builder b) {
        this.provider = require(b.provider, "provider").toLowerCase();
        SimulatedProvider simulated = SimulatedProviders.byId(provider);
        if (simulated == null) {
            throw new IllegalArgumentException("provider must be " + SimulatedProviders.idsForMessage(true)
                    + ", was '" + b.provider + "'");
        }
        this.clientId = require(b.clientId, "clientId");
        this.clientSecret = blankToNull(b.clientSecret);
        this.jwksUri = blankToNull(b.jwksUri);
        this.redirectUris = List.copyOf(b.redirectUris);
        this.postLogoutRedirectUris = List.copyOf(b.postLogoutRedirectUris);
        this.serviceCodes = List.copyOf(b.serviceCodes);

        String method = blankToNull(b.authMethod);
        if (method == null) {
            method = simulated.defaultAuthMethod(jwksUri != null, clientSecret != null);
        }
        if (!List.of(PRIVATE_KEY_JWT, CLIENT_SECRET_POST, CLIENT_SECRET_BASIC).contains(method)) {
            throw new IllegalArgumentException("unsupported authMethod '" + method + "'");
        }
        String refused = simulated.refusedAuthMethodMessage(method);
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        this.authMethod = method;
        if (PRIVATE_KEY_JWT.equals(method) && jwksUri == null) {
            throw new IllegalArgumentException("private_key_jwt client '" + clientId + "' needs a jwksUri");
        }
        if (!PRIVATE_KEY_JWT.equals(method) && clientSecret == null) {
            throw new IllegalArgumentException(method + " client '" + clientId + "' needs a clientSecret");
        }

        String enc = simulated.idTokenEncryption(blankToNull(b.idTokenEncryption), method).toLowerCase();
        if (!List.of(ENCRYPTION_RSA, ENCRYPTION_DIR, ENCRYPTION_NONE).contains(enc)) {
            throw new IllegalArgumentException("idTokenEncryption must be rsa, dir or none, was '" + enc + "'");
        }
        if (ENCRYPTION_RSA.equals(enc) && jwksUri == null) {
            throw new IllegalArgumentException("idTokenEncryption=rsa for '" + clientId + "' needs a jwksUri");
        }
        if (ENCRYPTION_DIR.equals(enc) && clientSecret == null) {
            throw new IllegalArgumentException("idTokenEncryption=dir for '" + clientId + "' needs a clientSecret");
        }
        this.idTokenEncryption = enc;
        if (redirectUris.isEmpty()) {
            throw new IllegalArgumentException("client '" + clientId + "' needs at least one redirectUri");
        }
    }

    public static Builder builder(String provider, String clientId) {
        return new Builder().provider(provider).clientId(clientId);
    }

    /** Parses the JSON form described in the class comment. */
    public static ClientRegistration fromJson(String json) {
        try {
            return fromMap(Json.parseObject(json));
        } catch (ParseException e) {
            throw new IllegalArgumentException("invalid client JSON: " + e.getMessage(), e);
        }
    }

    static ClientRegistration fromMap(Map<String, Object> m) {
        Builder b = new Builder();
        b.provider = str(m.get("provider"));
        b.clientId = str(m.get("clientId"));
        b.authMethod = str(m.get("authMethod"));
        b.clientSecret = str(m.get("clientSecret"));
        b.jwksUri = str(m.get("jwksUri"));
        b.redirectUris.addAll(Json.stringList(m.get("redirectUris")));
        b.postLogoutRedirectUris.addAll(Json.stringList(m.get("postLogoutRedirectUris")));
        b.serviceCodes.addAll(Json.stringList(m.get("serviceCodes")));
        b.idTokenEncryption = str(m.get("idTokenEncryption"));
        return b.build();
    }

    /** The JSON form; {@code clientSecret} only when {@code includeSecret} (otherwise a {@code hasSecret} flag). */
    public String toJson(boolean includeSecret) {
        return Json.write(toMap(includeSecret));
    }

    Map<String, Object> toMap(boolean includeSecret) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("provider", provider);
        m.put("clientId", clientId);
        m.put("authMethod", authMethod);
        if (includeSecret) {
            m.put("clientSecret", clientSecret);
        } else {
            m.put("hasSecret", clientSecret != null);
        }
        m.put("jwksUri", jwksUri);
        m.put("redirectUris", redirectUris);
        m.put("postLogoutRedirectUris", postLogoutRedirectUris);
        m.put("serviceCodes", serviceCodes);
        m.put("idTokenEncryption", idTokenEncryption);
        return m;
    }

    public String provider() {
        return provider;
    }

    public String clientId() {
        return clientId;
    }

    public String authMethod() {
        return authMethod;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public String jwksUri() {
        return jwksUri;
    }

    public List<String> redirectUris() {
        return redirectUris;
    }

    public List<String> postLogoutRedirectUris() {
        return postLogoutRedirectUris;
    }

    public List<String> serviceCodes() {
        return serviceCodes;
    }

    /** Effective value: {@code rsa}, {@code dir} or {@code none}. */
    public String idTokenEncryption() {
        return idTokenEncryption;
    }

    @Override
    public String toString() {
        return provider + " client " + clientId + " (" + authMethod + ", id token encryption " + idTokenEncryption + ")";
    }

    private static String require(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
        return value;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String str(Object o) {
        return o == null ? null : o.toString();
    }

    /** Fluent builder; {@link #build()} validates and applies the defaults. */
    public static final class Builder {
        private String provider;
        private String clientId;
        private String authMethod;
        private String clientSecret;
        private String jwksUri;
        private final List<String> redirectUris = new ArrayList<>();
        private final List<String> postLogoutRedirectUris = new ArrayList<>();
        private final List<String> serviceCodes = new ArrayList<>();
        private String idTokenEncryption;

        private Builder() {
        }

        public Builder provider(String provider) {
            this.provider = provider;
            return this;
        }

        public Builder clientId(String clientId) {
            this.clientId = clientId;
            return this;
        }

        public Builder authMethod(String authMethod) {
            this.authMethod = authMethod;
            return this;
        }

        public Builder clientSecret(String clientSecret) {
            this.clientSecret = clientSecret;
            return this;
        }

        public Builder jwksUri(String jwksUri) {
            this.jwksUri = jwksUri;
            return this;
        }

        public Builder redirectUri(String... uris) {
            this.redirectUris.addAll(List.of(uris));
            return this;
        }

        public Builder redirectUris(List<String> uris) {
            this.redirectUris.addAll(uris);
            return this;
        }

        public Builder postLogoutRedirectUri(String... uris) {
            this.postLogoutRedirectUris.addAll(List.of(uris));
            return this;
        }

        public Builder postLogoutRedirectUris(List<String> uris) {
            this.postLogoutRedirectUris.addAll(uris);
            return this;
        }

        public Builder serviceCode(String... codes) {
            this.serviceCodes.addAll(List.of(codes));
            return this;
        }

        public Builder serviceCodes(List<String> codes) {
            this.serviceCodes.addAll(codes);
            return this;
        }

        public Builder idTokenEncryption(String idTokenEncryption) {
            this.idTokenEncryption = idTokenEncryption;
            return this;
        }

        /** @throws IllegalArgumentException when the registration is incomplete or inconsistent */
        public ClientRegistration build() {
            return new ClientRegistration(this);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ClientRegistration other && toMap(true).equals(other.toMap(true));
    }

    @Override
    public int hashCode() {
        return Objects.hash(provider, clientId);
    }
}
