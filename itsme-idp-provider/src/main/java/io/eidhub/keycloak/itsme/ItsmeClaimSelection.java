package io.eidhub.keycloak.itsme;

import io.eidhub.keycloak.broker.claims.ClaimNeeds;
import io.eidhub.keycloak.broker.claims.ClaimNeeds.Need;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Data minimisation for itsme: which itsme claims one login asks for. Pure function of the application's request
 * ({@code scope} and {@code claims} parameters, read by {@link ClaimNeeds}) and the broker's configuration (its
 * {@code scopes} and {@code claims}, which bound what may ever be asked).
 * <ul>
 *   <li>An application that asked for none of the hub's scopes ({@code profile}, {@code email}, {@code address},
 *       {@code eid}, {@code age}, {@code verified_claims}) and no known claim: {@link Optional#empty()}, the broker asks
 *       for its configured scopes and claims as before.</li>
 *   <li>Otherwise the itsme claims of each need, restricted to the allowed ones. The age is asked as
 *       {@code age_gte_18}, which is allowed when the broker allows it or the birth date (it tells less than the birth
 *       date); when it is not allowed but the birth date is, the birth date is asked and the hub derives the age.</li>
 * </ul>
 */
final class ItsmeClaimSelection {

    private static final String ISM = ItsmeClaims.PREFIX;
    private static final String AGE_GTE_18 = "age_gte_18";
    private static final String BIRTHDATE = "birthdate";

    private static final Map<Need, List<String>> CLAIMS_OF_NEED = Map.ofEntries(
            Map.entry(Need.GIVEN_NAME, List.of("given_name")),
            Map.entry(Need.FAMILY_NAME, List.of("family_name")),
            Map.entry(Need.BIRTHDATE, List.of(BIRTHDATE)),
            Map.entry(Need.EMAIL, List.of("email")),
            Map.entry(Need.ADDRESS, List.of("address")),
            Map.entry(Need.PLACE_OF_BIRTH, List.of(ISM + "place_of_birth")),
            Map.entry(Need.NATIONALITIES, List.of(ISM + "claim_citizenship_as_iso")),
            Map.entry(Need.NATIONAL_NUMBER, List.of(ISM + "BENationalNumber")),
            Map.entry(Need.CARD_NUMBER, List.of(ISM + "BEeidSn")),
            Map.entry(Need.AGE_OVER_18, List.of(AGE_GTE_18)),
            Map.entry(Need.DOCUMENT, List.of(ISM + "IDDocumentType", ISM + "IDDocumentSN", ISM + "IDIssuingCountry",
                    ISM + "validityFrom", ISM + "validityTo", ISM + "verificationDate")));

    private ItsmeClaimSelection() {
    }

    /**
     * The itsme claims to ask for individually, in the order of {@link ItsmeClaims#all()}; empty when the login is
     * not application-scoped.
     *
     * @param applicationScope  the application's {@code scope} parameter, or null
     * @param applicationClaims the application's {@code claims} parameter, or null
     * @param configuredScopes  the broker's {@code scopes}
     * @param configuredClaims  the broker's {@code claims}
     */
    static Optional<List<ItsmeClaims.Claim>> select(String applicationScope, String applicationClaims,
                                                    List<String> configuredScopes, List<ItsmeClaims.Claim> configuredClaims) {
        ClaimNeeds needs = ClaimNeeds.of(applicationScope, applicationClaims);
        if (!needs.applicationScoped()) {
            return Optional.empty();
        }
        Set<String> allowed = allowed(configuredScopes, configuredClaims);
        Set<String> wanted = claimsOf(needs.needs());
        if (wanted.contains(AGE_GTE_18) && !allowed.contains(AGE_GTE_18)) {
            wanted.remove(AGE_GTE_18);
            wanted.add(BIRTHDATE);
        }
        List<ItsmeClaims.Claim> selected = new ArrayList<>();
        for (ItsmeClaims.Claim claim : ItsmeClaims.all()) {
            if (wanted.contains(claim.name()) && allowed.contains(claim.name())) {
                selected.add(claim);
            }
        }
        return Optional.of(List.copyOf(selected));
    }

    /** The itsme claims that carry the given needs (before any restriction to the configured ones). */
    static Set<String> claimsOf(Set<Need> needs) {
        Set<String> claims = new LinkedHashSet<>();
        for (Need need : needs) {
            claims.addAll(CLAIMS_OF_NEED.getOrDefault(need, List.of()));
        }
        return claims;
    }

    /** The claims this broker may ever ask for: those of its scopes and its claims, plus the age when it may ask the birth date. */
    static Set<String> allowed(List<String> configuredScopes, List<ItsmeClaims.Claim> configuredClaims) {
        Set<String> allowed = new LinkedHashSet<>();
        for (String scope : configuredScopes) {
            ItsmeClaims.ofScope(scope).forEach(claim -> allowed.add(claim.name()));
        }
        configuredClaims.forEach(claim -> allowed.add(claim.name()));
        if (allowed.contains(BIRTHDATE)) {
            allowed.add(AGE_GTE_18);
        }
        return allowed;
    }
}
