package io.eidhub.keycloak.broker;

import org.keycloak.broker.oidc.OIDCIdentityProviderConfig;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Configuration shared by the eID brokers. Endpoints, issuer and JWKS are never stored: they are read from the
 * provider's discovery document ({@link #applyMetadata(ProviderMetadata)}), so the stored configuration holds only
 * the documented keys an admin sets. Options of Keycloak's generic OIDC broker that would weaken or break these
 * providers (signature validation off, nonce off, userinfo parsing by content type, forwarded parameters) are fixed.
 */
public abstract class EidIdentityProviderConfig extends OIDCIdentityProviderConfig {

    public static final String METADATA_URL = "metadataUrl";
    public static final String CLIENT_AUTH_METHOD = "clientAuthMethod";
    public static final String CLIENT_SECRET = "clientSecret";
    public static final String CLIENT_ID = "clientId";
    public static final String PKCE_ENABLED = "pkceEnabled";
    /** Which Keycloak level of authentication each acr of the provider stands for, e.g. {@code acr_basic:2 acr_advanced:3}. */
    public static final String LOA_MAPPING = "loaMapping";
    /** The minimum level a login must reach, on both brokers (replaces itsme's {@code acrLevel} and IDEMIA's {@code loa}). */
    public static final String MINIMUM_ACR = "minimumAcr";
    /** What an ID token without {@code acr} counts as ({@link MissingAcr}). */
    public static final String MISSING_ACR = "missingAcr";
    /**
     * {@code true} (default): a broker created without mappers gets {@link #defaultMappers()}. {@code false}: it gets
     * none, for tools that create the broker first and its mappers afterwards (Terraform, realm-import pipelines).
     */
    public static final String DEFAULT_MAPPERS = "defaultMappers";

    /** The {@code trust_framework} of {@code verified_claims} (OpenID Connect for Identity Assurance 1.0). */
    public static final String TRUST_FRAMEWORK = "trustFramework";
    /** The {@code assurance_level} of {@code verified_claims}; {@code none} leaves it out. */
    public static final String ASSURANCE_LEVEL = "assuranceLevel";
    /** Where the person's claims are kept: {@code user} (attributes of the Keycloak user) or {@code session}. */
    public static final String STORE_CLAIMS = "storeClaims";
    public static final String STORE_USER = "user";
    public static final String STORE_SESSION = "session";
    public static final String NO_ASSURANCE_LEVEL = "none";

    public static final String PRIVATE_KEY_JWT = "private_key_jwt";
    public static final String CLIENT_SECRET_POST = "client_secret_post";
    public static final String CLIENT_SECRET_BASIC = "client_secret_basic";

    /** Clock skew allowed on exp, nbf and iat when the admin has not set {@code allowedClockSkew}. */
    static final int DEFAULT_CLOCK_SKEW_SECONDS = 10;

    protected EidIdentityProviderConfig(IdentityProviderModel model) {
        super(model);
    }

    protected EidIdentityProviderConfig() {
        super();
    }

    /** Human name of the provider, used in validation messages ("itsme", "IDEMIA"). */
    protected abstract String providerName();

    /** The discovery URL this configuration points at. */
    public abstract String getDiscoveryUrl();

    /** The provider's acr values, weakest first. */
    public abstract AcrLevels getAcrLevels();

    /**
     * The minimum acr the login must reach, in the provider's canonical form: the stricter of {@code minimumAcr} and the
     * deprecated key ({@link #deprecatedMinimumAcrKey()}) when both hold a level, the weakest level when neither does.
     * The stricter, not {@code minimumAcr}: the admin console shows {@code minimumAcr} at its default for a broker stored
     * with the deprecated key only, and saving the form writes that default, which must not lower the stored level.
     */
    public String getMinimumAcr() {
        AcrLevels levels = getAcrLevels();
        String stricter = null;
        for (String key : List.of(MINIMUM_ACR, deprecatedMinimumAcrKey())) {
            String stored = trimToNull(getConfig().get(key));
            String level = stored == null ? null : minimumAcrLevel(stored);
            if (level != null && (stricter == null || levels.rank(level) > levels.rank(stricter))) {
                stricter = level;
            }
        }
        return stricter == null ? levels.weakest() : stricter;
    }

    /** A stored minimum level (trimmed, not null) in canonical form, or null when it names no level of the provider. */
    protected abstract String minimumAcrLevel(String stored);

    /** The key the minimum level was stored under before {@code minimumAcr} (still read, see {@link #getMinimumAcr()}). */
    protected abstract String deprecatedMinimumAcrKey();

    /**
     * Refuses a value that names no level under {@code minimumAcr} or the deprecated key, naming the key that holds it.
     *
     * @param allowed the accepted values, as the refusal lists them
     */
    protected void checkMinimumAcr(ConfigCheck check, String allowed) {
        for (String key : List.of(MINIMUM_ACR, deprecatedMinimumAcrKey())) {
            String stored = trimToNull(getConfig().get(key));
            if (stored != null && minimumAcrLevel(stored) == null) {
                check.fail(key, "must be one of " + allowed + " (got '" + ConfigCheck.printable(stored) + "')");
            }
        }
    }

    /** What an ID token without {@code acr} counts as when {@code missingAcr} is unset. */
    protected abstract MissingAcr defaultMissingAcr();

    /**
     * The configured {@code missingAcr}, {@link #defaultMissingAcr()} when unset; {@code refuse} when the stored value is
     * invalid (a configuration saved through Keycloak has been validated).
     */
    public MissingAcr getMissingAcr() {
        String configured = trimToNull(getConfig().get(MISSING_ACR));
        if (configured == null) {
            return defaultMissingAcr();
        }
        try {
            return MissingAcr.of(configured);
        } catch (IllegalArgumentException e) {
            return MissingAcr.REFUSE;
        }
    }

    /**
     * Why a client authentication method this provider does not document is refused, or null when the generic check
     * (one of {@link #allowedClientAuthMethods()}) is enough.
     */
    protected String refusedClientAuthMethodReason(String method) {
        return null;
    }

    /**
     * The configured {@code loaMapping} ({@link LoaMapping} text form), or {@link #defaultLoaMapping()} when unset.
     *
     * @throws IllegalArgumentException when the stored value is invalid (a configuration saved through Keycloak has
     *                                  been validated; one written to the database by other means may not)
     */
    public LoaMapping getLoaMapping() {
        String configured = trimToNull(getConfig().get(LOA_MAPPING));
        return LoaMapping.parse(configured == null ? defaultLoaMapping() : configured, getAcrLevels());
    }

    /** The mapping used when {@code loaMapping} is unset: level 1 for the weakest acr, 2 for the next, and so on. */
    public String defaultLoaMapping() {
        return LoaMapping.byRank(getAcrLevels(), 1).text();
    }

    /** {@code trustFramework}, or the provider's documented default ({@link #defaultTrustFramework()}). */
    public String getTrustFramework() {
        String configured = trimToNull(getConfig().get(TRUST_FRAMEWORK));
        return configured == null ? defaultTrustFramework() : configured;
    }

    /** {@code assuranceLevel}, or the provider's documented default; null when none applies. */
    public String getAssuranceLevel() {
        String configured = trimToNull(getConfig().get(ASSURANCE_LEVEL));
        String level = configured == null ? defaultAssuranceLevel() : configured;
        return level == null || NO_ASSURANCE_LEVEL.equals(level) ? null : level;
    }

    /** The trust framework the provider's identities are verified under (README: "Verified claims"). */
    protected abstract String defaultTrustFramework();

    /** The assurance level within {@link #defaultTrustFramework()}, or null when none applies. */
    protected abstract String defaultAssuranceLevel();

    /** {@code storeClaims}: {@code user} (default) or {@code session}. */
    public String getStoreClaims() {
        String configured = trimToNull(getConfig().get(STORE_CLAIMS));
        return configured == null ? STORE_USER : configured;
    }

    /** With {@code storeClaims=session}, nothing of the person is written to the Keycloak user but the link. */
    public boolean storesClaimsInSessionOnly() {
        return STORE_SESSION.equals(getStoreClaims());
    }

    /**
     * The admin-form fields every eID broker has for verified claims and data minimisation: {@code trustFramework},
     * {@code assuranceLevel} (shown with the provider's defaults) and {@code storeClaims}, labelled
     * {@code <labelPrefix>.<key>} and {@code <labelPrefix>.<key>.help} in the provider's messages.
     */
    public static List<ProviderConfigProperty> claimsFormProperties(String labelPrefix, String trustFramework, String assuranceLevel) {
        return ProviderConfigurationBuilder.create()
                .property().name(TRUST_FRAMEWORK).type(ProviderConfigProperty.STRING_TYPE).defaultValue(trustFramework)
                .label(labelPrefix + ".trustFramework").helpText(labelPrefix + ".trustFramework.help").add()
                .property().name(ASSURANCE_LEVEL).type(ProviderConfigProperty.STRING_TYPE)
                .defaultValue(assuranceLevel == null ? NO_ASSURANCE_LEVEL : assuranceLevel)
                .label(labelPrefix + ".assuranceLevel").helpText(labelPrefix + ".assuranceLevel.help").add()
                .property().name(STORE_CLAIMS).type(ProviderConfigProperty.LIST_TYPE).options(STORE_USER, STORE_SESSION)
                .defaultValue(STORE_USER).label(labelPrefix + ".storeClaims").helpText(labelPrefix + ".storeClaims.help").add()
                .build();
    }

    /** Client authentication methods the provider accepts. */
    protected abstract Set<String> allowedClientAuthMethods();

    protected abstract String defaultClientAuthMethod();

    /** Mappers every new broker of this type gets. */
    public abstract List<IdentityProviderMapperModel> defaultMappers();

    /** Whether a newly created broker without mappers gets {@link #defaultMappers()}: unless {@code defaultMappers=false}. */
    public boolean isDefaultMappersEnabled() {
        return !"false".equalsIgnoreCase(trimToNull(getConfig().get(DEFAULT_MAPPERS)));
    }

    /** Copies the endpoints, issuer and JWKS URL of the discovery document into this (per-request) configuration. */
    public void applyMetadata(ProviderMetadata metadata) {
        setIssuer(metadata.issuer());
        setAuthorizationUrl(metadata.authorizationEndpoint());
        setTokenUrl(metadata.tokenEndpoint());
        setUserInfoUrl(metadata.userinfoEndpoint());
        setJwksUrl(metadata.jwksUri());
        setLogoutUrl(metadata.endSessionEndpoint());
    }

    public String getMetadataUrl() {
        return trimToNull(getConfig().get(METADATA_URL));
    }

    public void setMetadataUrl(String url) {
        getConfig().put(METADATA_URL, url);
    }

    @Override
    public String getClientAuthMethod() {
        String method = trimToNull(getConfig().get(CLIENT_AUTH_METHOD));
        return method == null ? defaultClientAuthMethod() : method;
    }

    public boolean usesClientSecret() {
        return !PRIVATE_KEY_JWT.equals(getClientAuthMethod());
    }

    @Override
    public boolean isPkceEnabled() {
        return !"false".equalsIgnoreCase(getConfig().get(PKCE_ENABLED));
    }

    @Override
    public String getPkceMethod() {
        return "S256";
    }

    @Override
    public boolean isValidateSignature() {
        return true;
    }

    @Override
    public boolean isUseJwksUrl() {
        return true;
    }

    @Override
    public boolean isDisableNonce() {
        return false;
    }

    /** Keycloak's own userinfo call parses by content type; the eID brokers read userinfo themselves. */
    @Override
    public boolean isDisableUserInfoService() {
        return true;
    }

    /** True when the discovery document lists a userinfo endpoint. */
    public boolean isUserInfoAvailable() {
        return trimToNull(getUserInfoUrl()) != null;
    }

    @Override
    public boolean isUiLocales() {
        return false;
    }

    @Override
    public boolean isLoginHint() {
        return false;
    }

    @Override
    public boolean isPassMaxAge() {
        return false;
    }

    /**
     * Back-channel logout is off whatever is stored: Keycloak's implementation logs the whole logout URL, with the
     * {@code id_token_hint}, when the provider's {@code end_session} call fails. The browser logout is used instead.
     */
    @Override
    public boolean isBackchannelSupported() {
        return false;
    }

    /** The brokers decide which acr to send; the application's raw parameters are never forwarded. */
    @Override
    public String getForwardParameters() {
        return "";
    }

    @Override
    public int getAllowedClockSkew() {
        String configured = getConfig().get(ALLOWED_CLOCK_SKEW);
        if (configured == null || configured.isBlank()) {
            return DEFAULT_CLOCK_SKEW_SECONDS;
        }
        return super.getAllowedClockSkew();
    }

    /**
     * Rejects a configuration that cannot work, naming the field. Called by Keycloak when the broker is created,
     * updated or imported; the message reaches the admin console and the REST caller.
     */
    @Override
    public void validate(RealmModel realm) {
        ConfigCheck check = new ConfigCheck(providerName());
        String entryPoint = BrowserLoginOnly.refusedFlag(getConfig());
        if (entryPoint != null) {
            check.fail(entryPoint, "is not supported: eID brokers serve browser logins only");
        }
        if (realm != null) {
            // Keycloak's own checks of the stored values (sync mode, any URL against the realm's TLS rule, PKCE method),
            // on a plain copy: this class's fixed answers (signatures validated with a JWKS URL that only discovery
            // gives) would fail them. Keycloak always passes the realm; unit tests of the eID checks may not.
            new OIDCIdentityProviderConfig(new IdentityProviderModel(this)).validate(realm);
        }
        check.required(CLIENT_ID, getClientId());
        String refusedMethod = refusedClientAuthMethodReason(getClientAuthMethod());
        if (refusedMethod != null) {
            check.fail(CLIENT_AUTH_METHOD, refusedMethod);
        }
        check.oneOf(CLIENT_AUTH_METHOD, getClientAuthMethod(), allowedClientAuthMethods());
        String missingAcr = getConfig().get(MISSING_ACR);
        if (missingAcr != null && !missingAcr.isBlank()) {
            check.oneOf(MISSING_ACR, missingAcr.trim(), MissingAcr.NAMES);
        }
        if (usesClientSecret()) {
            check.required(CLIENT_SECRET, getClientSecret(), "is required for client authentication method " + getClientAuthMethod());
        }
        String metadataUrl = getConfig().get(METADATA_URL);
        if (metadataUrl != null && !metadataUrl.isBlank()) {
            check.url(METADATA_URL, metadataUrl, realm);
        }
        String loaMapping = getConfig().get(LOA_MAPPING);
        if (loaMapping != null && !loaMapping.isBlank()) {
            try {
                LoaMapping.parse(loaMapping, getAcrLevels());
            } catch (IllegalArgumentException e) {
                check.fail(LOA_MAPPING, e.getMessage());
            }
        }
        String storeClaims = getConfig().get(STORE_CLAIMS);
        if (storeClaims != null && !storeClaims.isBlank()) {
            check.oneOf(STORE_CLAIMS, storeClaims.trim(), Set.of(STORE_USER, STORE_SESSION));
        }
        String defaultMappers = trimToNull(getConfig().get(DEFAULT_MAPPERS));
        if (defaultMappers != null) {
            check.oneOf(DEFAULT_MAPPERS, defaultMappers.toLowerCase(Locale.ROOT), List.of("true", "false"));
        }
        validateProviderSpecific(check, realm);
        if (getInternalId() == null && isDefaultMappersEnabled()) {
            DefaultMapperInstaller.scheduleFor(this);
        }
    }

    /** Provider-specific checks; report problems through {@code check}. */
    protected abstract void validateProviderSpecific(ConfigCheck check, RealmModel realm);

    protected static String trimToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
