package io.eidhub.keycloak.itsme;

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
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An itsme broker's configuration. The stored keys are the documented ones ({@code environment}, {@code api},
 * {@code metadataUrl}, {@code clientId}, {@code clientAuthMethod}, {@code clientSecret}, {@code serviceCode},
 * {@code scopes}, {@code claims}, {@code claimsDelivery}, {@code minimumAcr} (formerly {@code acrLevel}, still read when
 * {@code minimumAcr} is absent), {@code missingAcr}, {@code loaMapping}, {@code requestObject}); every getter falls back
 * to the default when a key is absent, so that a configuration built by {@code createConfig()} behaves like a saved one.
 */
final class ItsmeIdentityProviderConfig extends EidIdentityProviderConfig {

    static final String ENVIRONMENT = "environment";
    static final String API = "api";
    static final String SERVICE_CODE = "serviceCode";
    static final String SCOPES = "scopes";
    static final String CLAIMS = "claims";
    /** Deprecated name of {@code minimumAcr}: still read when {@code minimumAcr} is absent. */
    static final String ACR_LEVEL = "acrLevel";
    static final String REQUEST_OBJECT = "requestObject";
    /** Other service codes applications may use through this broker (space- or comma-separated). */
    static final String ALLOWED_SERVICE_CODES = "allowedServiceCodes";
    /** Client attribute naming the itsme service code an application uses instead of {@code serviceCode}. */
    static final String CLIENT_SERVICE_CODE_ATTRIBUTE = "eidhub.itsme.serviceCode";
    static final String CLAIMS_DELIVERY = "claimsDelivery";

    /** Every claim asked for individually under {@code claims.id_token}; userinfo is not called. */
    static final String CLAIMS_IN_ID_TOKEN = "id_token";
    /** The scopes are sent and their claims read from userinfo (itsme returns scope claims only there). */
    static final String CLAIMS_AT_USERINFO = "userinfo";
    static final List<String> CLAIMS_DELIVERY_MODES = List.of(CLAIMS_IN_ID_TOKEN, CLAIMS_AT_USERINFO);

    static final String ACR_BASIC = ItsmeClaims.PREFIX + "acr_basic";
    static final String ACR_ADVANCED = ItsmeClaims.PREFIX + "acr_advanced";
    static final AcrLevels ACR_LEVELS = AcrLevels.ordered(ACR_BASIC, ACR_ADVANCED);

    static final String BASIC = "basic";
    static final String ADVANCED = "advanced";
    static final List<String> ACR_LEVEL_NAMES = List.of(BASIC, ADVANCED);
    /** {@code loaMapping} when unset: basic is level 1 (what Keycloak gives a brokered login anyway), advanced 2. */
    static final String DEFAULT_LOA_MAPPING = "acr_basic:1 acr_advanced:2";

    static final String REQUEST_OBJECT_NONE = "none";
    static final String REQUEST_OBJECT_SIGNED = "signed";
    static final String REQUEST_OBJECT_SIGNED_ENCRYPTED = "signed-encrypted";
    /** The modes offered: itsme requires a request object to be signed, then encrypted ({@code signed} is no longer one). */
    static final List<String> REQUEST_OBJECT_MODES = List.of(REQUEST_OBJECT_NONE, REQUEST_OBJECT_SIGNED_ENCRYPTED);

    static final String DEFAULT_TRUST_FRAMEWORK = "eidas";
    static final String DEFAULT_ASSURANCE_LEVEL = "high";

    /** itsme documents private_key_jwt and the secret in the POST body only. */
    static final List<String> CLIENT_AUTH_METHODS = List.of(PRIVATE_KEY_JWT, CLIENT_SECRET_POST);
    static final String DEFAULT_SCOPES = ItsmeClaims.PROFILE + " " + ItsmeClaims.EMAIL;

    /** A scope token (RFC 6749 §3.3): printable ASCII without space, quote or backslash. */
    private static final Pattern SCOPE_TOKEN = Pattern.compile("[\\x21\\x23-\\x5B\\x5D-\\x7E]+");

    ItsmeIdentityProviderConfig(IdentityProviderModel model) {
        super(model);
    }

    ItsmeIdentityProviderConfig() {
        super();
    }

    @Override
    protected String providerName() {
        return "itsme";
    }

    String getEnvironment() {
        return valueOr(ENVIRONMENT, ItsmeEnvironment.E2E);
    }

    String getApi() {
        return valueOr(API, ItsmeEnvironment.V2);
    }

    String getServiceCode() {
        return trimToNull(getConfig().get(SERVICE_CODE));
    }

    /** {@code allowedServiceCodes}: the service codes applications may choose besides {@code serviceCode}. */
    Set<String> getAllowedServiceCodes() {
        return new LinkedHashSet<>(ItsmeClaims.split(getConfig().get(ALLOWED_SERVICE_CODES)));
    }

    /**
     * The service code of a login: the broker's {@code serviceCode}, or the one the application names in its client
     * attribute {@value #CLIENT_SERVICE_CODE_ATTRIBUTE} when it is the broker's or one of {@code allowedServiceCodes};
     * null when the application names a code the broker does not allow.
     */
    String serviceCodeFor(String clientServiceCode) {
        String requested = trimToNull(clientServiceCode);
        if (requested == null || requested.equals(getServiceCode())) {
            return getServiceCode();
        }
        return getAllowedServiceCodes().contains(requested) ? requested : null;
    }

    /** The optional scopes (space-, comma- or {@code ##}-separated in the stored value); {@code profile email} when unset. */
    List<String> getScopes() {
        return List.copyOf(new LinkedHashSet<>(ItsmeClaims.split(valueOr(SCOPES, DEFAULT_SCOPES))));
    }

    /** The claims asked for individually, resolved against the known claims. */
    List<ItsmeClaims.Claim> getRequestedClaims() {
        return ItsmeClaims.resolve(getConfig().get(CLAIMS));
    }

    /** {@code claimsDelivery}: {@code id_token} (default) or {@code userinfo}. */
    String getClaimsDelivery() {
        return valueOr(CLAIMS_DELIVERY, CLAIMS_IN_ID_TOKEN);
    }

    /** Whether the scope claims are read from userinfo ({@code claimsDelivery=userinfo}) rather than the ID token. */
    boolean readsUserInfo() {
        return CLAIMS_AT_USERINFO.equals(getClaimsDelivery());
    }

    String getRequestObjectMode() {
        return valueOr(REQUEST_OBJECT, REQUEST_OBJECT_NONE);
    }

    /**
     * Whether a request object is sent. It is always signed, then encrypted: a stored {@code signed} (refused when
     * saved since itsme requires encryption) counts as {@code signed-encrypted}.
     */
    boolean usesRequestObject() {
        return !REQUEST_OBJECT_NONE.equals(getRequestObjectMode());
    }

    @Override
    public String getDiscoveryUrl() {
        String override = getMetadataUrl();
        return override != null ? override : ItsmeEnvironment.discoveryUrl(getEnvironment(), getApi());
    }

    @Override
    public AcrLevels getAcrLevels() {
        return ACR_LEVELS;
    }

    @Override
    public String defaultLoaMapping() {
        return DEFAULT_LOA_MAPPING;
    }

    /** {@code basic} / {@code advanced} or the full URI (case-insensitive, as itsme compares them). */
    @Override
    protected String minimumAcrLevel(String stored) {
        if (ADVANCED.equals(stored)) {
            return ACR_ADVANCED;
        }
        if (BASIC.equals(stored)) {
            return ACR_BASIC;
        }
        return ACR_LEVELS.isKnown(stored) ? ACR_LEVELS.canonical(stored) : null;
    }

    /**
     * {@code eidas}: itsme is part of Belgium's eID scheme "FAS/itsme", peer-reviewed under the eIDAS Regulation
     * (EU) 910/2014 (Cooperation Network, Opinion No. 8).
     */
    @Override
    protected String defaultTrustFramework() {
        return DEFAULT_TRUST_FRAMEWORK;
    }

    /** {@code high}: the eIDAS level the Cooperation Network's opinion on FAS/itsme names. */
    @Override
    protected String defaultAssuranceLevel() {
        return DEFAULT_ASSURANCE_LEVEL;
    }

    @Override
    protected String deprecatedMinimumAcrKey() {
        return ACR_LEVEL;
    }

    /**
     * itsme's current ID-token examples carry no {@code acr}: such a token counts as {@code acr_basic}, so it passes
     * wherever basic is enough and nowhere else.
     */
    @Override
    protected MissingAcr defaultMissingAcr() {
        return MissingAcr.LOWEST;
    }

    /**
     * The scope sent to itsme: {@code openid service:<code>}, followed by the optional scopes only when the claims are
     * read from userinfo ({@code claimsDelivery=userinfo}); with {@code id_token} their claims are asked for one by one.
     */
    @Override
    public String getDefaultScope() {
        String serviceCode = getServiceCode();
        if (serviceCode == null) {
            return "openid";
        }
        return ItsmeAuthorizationParameters.scope(serviceCode, readsUserInfo() ? getScopes() : List.of());
    }

    /**
     * The claims asked for individually under {@code claims.id_token}: with {@code claimsDelivery=id_token} every claim
     * of the chosen scopes and of {@code claims}; with {@code userinfo} those of {@code claims} only.
     */
    List<ItsmeClaims.Claim> getIdTokenClaims() {
        Set<ItsmeClaims.Claim> claims = new LinkedHashSet<>();
        if (!readsUserInfo()) {
            for (String scope : getScopes()) {
                claims.addAll(ItsmeClaims.ofScope(scope));
            }
        }
        claims.addAll(getRequestedClaims());
        return List.copyOf(claims);
    }

    /**
     * The optional scopes one login sends: none with {@code claimsDelivery=id_token}; with {@code userinfo} the
     * configured ones, or, for a login narrowed to its application's needs ({@link ItsmeClaimSelection}), only those
     * of the configured scopes that carry a selected claim.
     */
    List<String> getSentScopes(Optional<List<ItsmeClaims.Claim>> selection) {
        if (!readsUserInfo()) {
            return List.of();
        }
        if (selection.isEmpty()) {
            return getScopes();
        }
        Set<String> carrying = new LinkedHashSet<>();
        selection.get().forEach(claim -> carrying.add(claim.scope()));
        return getScopes().stream().filter(carrying::contains).toList();
    }

    /**
     * The claims one login asks for individually under {@code claims.id_token}: {@link #getIdTokenClaims()} when the
     * login is not narrowed to its application's needs; otherwise the selected claims, less (with {@code userinfo})
     * those a sent scope returns at userinfo.
     */
    List<ItsmeClaims.Claim> getIdTokenClaims(Optional<List<ItsmeClaims.Claim>> selection) {
        if (selection.isEmpty()) {
            return getIdTokenClaims();
        }
        List<String> sentScopes = getSentScopes(selection);
        return selection.get().stream().filter(claim -> claim.scope() == null || !sentScopes.contains(claim.scope())).toList();
    }

    @Override
    protected String refusedClientAuthMethodReason(String method) {
        return CLIENT_SECRET_BASIC.equals(method)
                ? "cannot be client_secret_basic: itsme documents only private_key_jwt and the client secret in the POST body (client_secret_post)"
                : null;
    }

    @Override
    protected Set<String> allowedClientAuthMethods() {
        return new LinkedHashSet<>(CLIENT_AUTH_METHODS);
    }

    @Override
    protected String defaultClientAuthMethod() {
        return PRIVATE_KEY_JWT;
    }

    /** Key pairs sign the client assertion with the realm's RS256 key: the only algorithm itsme accepts. */
    @Override
    public String getClientAssertionSigningAlg() {
        return "RS256";
    }

    @Override
    public String getDisplayIconClasses() {
        return "eidhub-idp-itsme";
    }

    @Override
    protected void validateProviderSpecific(ConfigCheck check, RealmModel realm) {
        checkIfSet(check, ENVIRONMENT, ItsmeEnvironment.ENVIRONMENTS);
        checkIfSet(check, API, ItsmeEnvironment.APIS);
        check.required(SERVICE_CODE, getServiceCode());
        if (!SCOPE_TOKEN.matcher(getServiceCode()).matches()) {
            check.fail(SERVICE_CODE, "must not contain spaces, quotes or backslashes");
        }
        for (String scope : ItsmeClaims.split(getConfig().get(SCOPES))) {
            if (!ItsmeClaims.SCOPES.contains(scope)) {
                check.fail(SCOPES, "has an unknown scope '" + ConfigCheck.printable(scope) + "' (known: " + String.join(", ", ItsmeClaims.SCOPES) + ")");
            }
        }
        for (String code : getAllowedServiceCodes()) {
            if (!SCOPE_TOKEN.matcher(code).matches()) {
                check.fail(ALLOWED_SERVICE_CODES, "has a code with quotes or backslashes");
            }
        }
        ItsmeClaims.firstUnknown(getConfig().get(CLAIMS)).ifPresent(unknown ->
                check.fail(CLAIMS, "has an unknown itsme claim '" + ConfigCheck.printable(unknown) + "'"));
        checkMinimumAcr(check, "basic, advanced (or their full URIs)");
        checkIfSet(check, CLAIMS_DELIVERY, CLAIMS_DELIVERY_MODES);
        if (REQUEST_OBJECT_SIGNED.equals(trimToNull(getConfig().get(REQUEST_OBJECT)))) {
            check.fail(REQUEST_OBJECT, "cannot be signed: itsme requires request objects to be signed, then encrypted (use signed-encrypted)");
        }
        checkIfSet(check, REQUEST_OBJECT, REQUEST_OBJECT_MODES);
    }

    /** Checks a key with a default only when the admin set it. */
    private void checkIfSet(ConfigCheck check, String key, List<String> allowed) {
        String value = getConfig().get(key);
        if (value != null && !value.isBlank()) {
            check.oneOf(key, value.trim(), allowed);
        }
    }

    /**
     * Profile fields from {@code given_name}, {@code family_name} and {@code email}, plus one attribute per itsme claim
     * this broker asks for: the claims of the {@code eid} and {@code idDocument} scopes when selected, and every claim
     * of the {@code claims} setting.
     */
    @Override
    public List<IdentityProviderMapperModel> defaultMappers() {
        ItsmeClaimMapper mapper = new ItsmeClaimMapper();
        List<IdentityProviderMapperModel> mappers = new ArrayList<>();
        mappers.add(mapper.model("first name", "given_name", "firstName"));
        mappers.add(mapper.model("last name", "family_name", "lastName"));
        mappers.add(mapper.model("email", "email", "email"));
        Set<ItsmeClaims.Claim> imported = new LinkedHashSet<>();
        List<String> scopes = getScopes();
        for (String scope : List.of(ItsmeClaims.EID, ItsmeClaims.ID_DOCUMENT)) {
            if (scopes.contains(scope)) {
                imported.addAll(ItsmeClaims.ofScope(scope));
            }
        }
        imported.addAll(getRequestedClaims());
        Set<String> attributes = new LinkedHashSet<>(List.of("firstName", "lastName", "email"));
        for (ItsmeClaims.Claim claim : imported) {
            // one mapper per attribute: a claim itsme spells two ways (Slovenia's number) is read under either name
            if (attributes.add(claim.attribute())) {
                mappers.add(mapper.model(claim.attribute(), claim.name(), claim.attribute()));
            }
        }
        return mappers;
    }

    private String valueOr(String key, String defaultValue) {
        String value = trimToNull(getConfig().get(key));
        return value == null ? defaultValue : value;
    }
}
