package io.eidhub.keycloak.broker.claims;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which pieces of a person's identity one login needs, from what the <b>application</b> asked the hub for: its
 * {@code scope} and its {@code claims} request parameter (OpenID Connect Core §5.5). Provider-neutral: each broker
 * turns the {@link Need}s into its own claim names and never asks for more than it is configured to allow.
 * <p>
 * A {@code verified_claims} request in the {@code claims} parameter replaces what the {@code verified_claims} scope
 * would need (the request is the precise form). An application that asked for none of the scopes below and no known
 * claim is "not application-scoped"
 * ({@link #applicationScoped()} false): the broker then asks for its configured claims, as before.
 */
public final class ClaimNeeds {

    /** One piece of identity data, named after the claim the hub emits for it. */
    public enum Need {
        GIVEN_NAME, FAMILY_NAME, BIRTHDATE, PLACE_OF_BIRTH, NATIONALITIES, ADDRESS, EMAIL,
        /** The national identification number (Belgian national register number for itsme). */
        NATIONAL_NUMBER,
        /** The eID card's number. */
        CARD_NUMBER,
        /** Whether the person is 18 or older, without the birth date. */
        AGE_OVER_18,
        /** What the provider knows of the identity document behind the identity (type, number, country, dates). */
        DOCUMENT
    }

    /** The client scopes of the hub (demo realm) and what each needs. */
    public static final String PROFILE = "profile";
    public static final String EMAIL = "email";
    public static final String ADDRESS = "address";
    public static final String EID = "eid";
    public static final String AGE = "age";
    public static final String VERIFIED_CLAIMS = "verified_claims";

    private static final Set<Need> VERIFIED_CLAIMS_NEEDS = EnumSet.of(Need.GIVEN_NAME, Need.FAMILY_NAME, Need.BIRTHDATE,
            Need.PLACE_OF_BIRTH, Need.NATIONALITIES, Need.ADDRESS, Need.NATIONAL_NUMBER, Need.DOCUMENT);

    private static final Map<String, Set<Need>> BY_SCOPE = Map.of(
            PROFILE, EnumSet.of(Need.GIVEN_NAME, Need.FAMILY_NAME, Need.BIRTHDATE),
            EMAIL, EnumSet.of(Need.EMAIL),
            ADDRESS, EnumSet.of(Need.ADDRESS),
            EID, EnumSet.of(Need.NATIONAL_NUMBER, Need.CARD_NUMBER),
            AGE, EnumSet.of(Need.AGE_OVER_18),
            VERIFIED_CLAIMS, VERIFIED_CLAIMS_NEEDS);

    /** Claims an application may ask for by name in the {@code claims} parameter, outside {@code verified_claims}. */
    private static final Map<String, Need> BY_CLAIM = Map.of(
            "given_name", Need.GIVEN_NAME,
            "family_name", Need.FAMILY_NAME,
            "birthdate", Need.BIRTHDATE,
            "place_of_birth", Need.PLACE_OF_BIRTH,
            "nationalities", Need.NATIONALITIES,
            "address", Need.ADDRESS,
            "email", Need.EMAIL,
            VerifiedIdentity.AGE_OVER_18, Need.AGE_OVER_18);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final boolean applicationScoped;
    private final Set<Need> needs;

    private ClaimNeeds(boolean applicationScoped, Set<Need> needs) {
        this.applicationScoped = applicationScoped;
        this.needs = Collections.unmodifiableSet(needs);
    }

    /**
     * The needs of a login.
     *
     * @param scope           the application's {@code scope} parameter (null when none)
     * @param claimsParameter the application's {@code claims} parameter as sent (null when none; unreadable JSON is
     *                        ignored: Keycloak's own claims-parameter mapper ignores it too)
     */
    public static ClaimNeeds of(String scope, String claimsParameter) {
        Set<Need> needs = EnumSet.noneOf(Need.class);
        boolean scoped = false;
        JsonNode claims = parse(claimsParameter);
        // a verified_claims request in the claims parameter says precisely what the verified_claims scope needs
        boolean verifiedClaimsRequested = claims != null
                && (claims.path("id_token").has(VERIFIED_CLAIMS) || claims.path("userinfo").has(VERIFIED_CLAIMS));
        if (scope != null) {
            for (String token : scope.trim().split("\\s+")) {
                Set<Need> ofScope = BY_SCOPE.get(token);
                if (ofScope != null) {
                    scoped = true;
                    if (!(VERIFIED_CLAIMS.equals(token) && verifiedClaimsRequested)) {
                        needs.addAll(ofScope);
                    }
                }
            }
        }
        if (claims != null) {
            for (String target : new String[]{"id_token", "userinfo"}) {
                scoped |= addRequested(claims.get(target), needs);
            }
        }
        return new ClaimNeeds(scoped, needs);
    }

    /** Whether the application asked for anything this class knows; false: ask for the broker's configured claims. */
    public boolean applicationScoped() {
        return applicationScoped;
    }

    public Set<Need> needs() {
        return needs;
    }

    public boolean contains(Need need) {
        return needs.contains(need);
    }

    /** Adds the needs of one member ({@code id_token} or {@code userinfo}) of the claims parameter; true if any. */
    private static boolean addRequested(JsonNode target, Set<Need> needs) {
        if (target == null || !target.isObject()) {
            return false;
        }
        boolean any = false;
        for (Iterator<Map.Entry<String, JsonNode>> it = target.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> member = it.next();
            String name = member.getKey().toLowerCase(Locale.ROOT);
            if (VERIFIED_CLAIMS.equals(name)) {
                needs.addAll(verifiedClaimsNeeds(member.getValue()));
                any = true;
            } else if (BY_CLAIM.containsKey(name)) {
                needs.add(BY_CLAIM.get(name));
                any = true;
            }
        }
        return any;
    }

    /**
     * The needs of a {@code verified_claims} request: the requested members of its {@code claims} (all when it names
     * none), the document (the {@code verification} element's evidence) and the national number when the
     * {@code verification} request names {@code personal_number}.
     */
    private static Set<Need> verifiedClaimsNeeds(JsonNode request) {
        JsonNode claims = request == null ? null : request.get("claims");
        if (claims == null || !claims.isObject() || claims.isEmpty()) {
            return VERIFIED_CLAIMS_NEEDS;
        }
        Set<Need> needs = EnumSet.of(Need.DOCUMENT);
        for (Iterator<String> it = claims.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (BY_CLAIM.containsKey(name) && !VerifiedIdentity.AGE_OVER_18.equals(name) && !"email".equals(name)) {
                needs.add(BY_CLAIM.get(name));
            }
        }
        if (request.path("verification").toString().contains('"' + VerifiedIdentity.NATIONAL_NUMBER_REQUEST + '"')) {
            needs.add(Need.NATIONAL_NUMBER);
        }
        return needs;
    }

    private static JsonNode parse(String claimsParameter) {
        if (claimsParameter == null || claimsParameter.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(claimsParameter);
            return node != null && node.isObject() ? node : null;
        } catch (IOException e) {
            return null;
        }
    }
}
