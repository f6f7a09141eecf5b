package io.eidhub.keycloak.idemia;

import io.eidhub.keycloak.broker.AcrLevels;
import io.eidhub.keycloak.broker.ConfigCheck;
import io.eidhub.keycloak.broker.EidIdentityProviderConfig;
import io.eidhub.keycloak.broker.MissingAcr;
import org.keycloak.models.IdentityProviderMapperModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.RealmModel;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Configuration of an IDEMIA Mobile ID broker. Stored keys: {@code metadataUrl}, {@code clientId},
 * {@code clientSecret}, {@code clientAuthMethod}, {@code scopes}, {@code minimumAcr} (formerly {@code loa}, still read
 * when {@code minimumAcr} is absent), {@code missingAcr}, {@code loaMapping} and {@code responseMode}; endpoints, issuer and JWKS come from the tenant's discovery document (see
 * {@link EidIdentityProviderConfig}).
 */
final class IdemiaIdentityProviderConfig extends EidIdentityProviderConfig {

    static final String SCOPES = "scopes";
    /** Deprecated name of {@code minimumAcr}: still read when {@code minimumAcr} is absent. */
    static final String LOA = "loa";
    static final String RESPONSE_MODE = "responseMode";

    static final String DEFAULT_SCOPES = "openid id_basic mt_scope";
    /**
     * {@code nist_800_63A}: Mobile ID credentials are US state driving licences and state IDs, whose identity
     * proofing is the US one (NIST SP 800-63A). IDEMIA publishes no assurance level for them: none is claimed.
     */
    static final String DEFAULT_TRUST_FRAMEWORK = "nist_800_63A";
    static final String OPENID = "openid";

    static final String LOA_2 = "loa-2";
    static final String LOA_3 = "loa-3";
    static final String LOA_4 = "loa-4";
    /** IDEMIA's levels of assurance, weakest first. */
    static final AcrLevels LEVELS = AcrLevels.ordered(LOA_2, LOA_3, LOA_4);
    /** {@code loaMapping} when unset: each loa-n is Keycloak level n. */
    static final String DEFAULT_LOA_MAPPING = "loa-2:2 loa-3:3 loa-4:4";

    static final String FORM_POST = "form_post";
    static final String QUERY = "query";
    static final List<String> RESPONSE_MODES = List.of(FORM_POST, QUERY);

    static final List<String> CLIENT_AUTH_METHODS = List.of(CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, PRIVATE_KEY_JWT);

    /** CSS class of the login button (style it in a login theme). */
    static final String ICON_CLASSES = "eidhub-idp-idemia";

    IdemiaIdentityProviderConfig(IdentityProviderModel model) {
        super(model);
    }

    IdemiaIdentityProviderConfig() {
        super();
    }

    /**
     * A configuration holding the documented defaults of the optional keys (not the metadata URL, which has none, and
     * not {@code minimumAcr}: Keycloak merges these defaults into a created broker, and a stored default would hide a
     * deprecated {@code loa} sent with it; {@link #getMinimumAcr()} answers {@code loa-2} when neither is set).
     */
    static IdemiaIdentityProviderConfig withDefaults() {
        IdemiaIdentityProviderConfig config = new IdemiaIdentityProviderConfig();
        config.getConfig().put(CLIENT_AUTH_METHOD, CLIENT_SECRET_BASIC);
        config.getConfig().put(SCOPES, DEFAULT_SCOPES);
        config.getConfig().put(RESPONSE_MODE, FORM_POST);
        return config;
    }

    @Override
    protected String providerName() {
        return "IDEMIA";
    }

    @Override
    public String getDiscoveryUrl() {
        return getMetadataUrl();
    }

    @Override
    public AcrLevels getAcrLevels() {
        return LEVELS;
    }

    @Override
    protected String defaultTrustFramework() {
        return DEFAULT_TRUST_FRAMEWORK;
    }

    @Override
    protected String defaultAssuranceLevel() {
        return null;
    }

    @Override
    public String defaultLoaMapping() {
        return DEFAULT_LOA_MAPPING;
    }

    /** {@code loa-2}, {@code loa-3} or {@code loa-4}, exactly. */
    @Override
    protected String minimumAcrLevel(String stored) {
        return LEVELS.values().contains(stored) ? stored : null;
    }

    @Override
    protected String deprecatedMinimumAcrKey() {
        return LOA;
    }

    /** IDEMIA returns the acr it was asked for: a token without one is refused unless the admin says otherwise. */
    @Override
    protected MissingAcr defaultMissingAcr() {
        return MissingAcr.REFUSE;
    }

    @Override
    protected Set<String> allowedClientAuthMethods() {
        return new LinkedHashSet<>(CLIENT_AUTH_METHODS);
    }

    @Override
    protected String defaultClientAuthMethod() {
        return CLIENT_SECRET_BASIC;
    }

    /** The configured {@code responseMode}, {@code form_post} when unset. */
    public String getResponseMode() {
        String mode = trimToNull(getConfig().get(RESPONSE_MODE));
        return mode == null ? FORM_POST : mode;
    }

    public boolean isFormPost() {
        return FORM_POST.equals(getResponseMode());
    }

    /**
     * The configured {@code scopes} (space-, comma- or {@code ##}-separated, as on the itsme broker; {@code openid
     * id_basic mt_scope} when unset), always with {@code openid} first.
     */
    public String getScopes() {
        String configured = trimToNull(getConfig().get(SCOPES));
        return withOpenid(configured == null ? DEFAULT_SCOPES : configured);
    }

    /** Keycloak's OIDC broker sends {@code getDefaultScope()} as {@code scope}; for IDEMIA it is {@link #getScopes()}. */
    @Override
    public String getDefaultScope() {
        return getScopes();
    }

    /**
     * IDEMIA (oxAuth) keeps a session of its own: an application's {@code max_age} is sent on, the returned
     * {@code auth_time} must be within it, and that {@code auth_time} becomes the hub session's (Keycloak's
     * {@code AUTH_TIME_BROKER} note) rather than the time of the hub login. itsme keeps no session: not there.
     */
    @Override
    public boolean isPassMaxAge() {
        return true;
    }

    /** Keeps the ID token in the user session so that logout can send it as {@code id_token_hint}. */
    @Override
    public boolean isSendIdTokenOnLogout() {
        return true;
    }

    @Override
    public String getDisplayIconClasses() {
        return ICON_CLASSES;
    }

    @Override
    public List<IdentityProviderMapperModel> defaultMappers() {
        return IdemiaDefaultMappers.create();
    }

    @Override
    protected void validateProviderSpecific(ConfigCheck check, RealmModel realm) {
        check.required(METADATA_URL, getConfig().get(METADATA_URL),
                "is required (the tenant's discovery document, e.g. https://idp.<tenant>/oxauth/.well-known/openid-configuration)");
        checkMinimumAcr(check, String.join(", ", LEVELS.values()));
        check.oneOf(RESPONSE_MODE, getResponseMode(), RESPONSE_MODES);
    }

    /** {@code scopes} split on white space, commas or {@code ##}, duplicates dropped, {@code openid} added in front when missing. */
    static String withOpenid(String scopes) {
        Set<String> ordered = new LinkedHashSet<>();
        ordered.add(OPENID);
        for (String scope : scopes.trim().split("##|[,\\s]+")) {
            if (!scope.isEmpty()) {
                ordered.add(scope);
            }
        }
        return String.join(" ", new ArrayList<>(ordered));
    }
}
