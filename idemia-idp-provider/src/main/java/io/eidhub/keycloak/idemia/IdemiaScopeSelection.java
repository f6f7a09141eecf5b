package io.eidhub.keycloak.idemia;

import io.eidhub.keycloak.broker.claims.ClaimNeeds;
import io.eidhub.keycloak.broker.claims.ClaimNeeds.Need;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/**
 * Data minimisation for IDEMIA, whose claims come by scope only: which of the broker's configured scopes one login
 * sends. Pure function of the application's request ({@link ClaimNeeds}) and the configured {@code scopes}.
 * {@code id_basic} releases the names, the birth date and the age flags; {@code mt_scope} adds the document and the
 * address (the mapping of IDEMIA's published integration and of the simulator). An application-scoped login sends
 * {@code openid} and the configured scopes its needs call for, nothing else; otherwise the configured scopes. As
 * {@code id_basic} releases more than an {@code age} login needs, {@link #claimsOf} names what the hub keeps.
 */
final class IdemiaScopeSelection {

    static final String ID_BASIC = "id_basic";
    static final String MT_SCOPE = "mt_scope";

    private static final Map<Need, String> SCOPE_OF_NEED = Map.of(
            Need.GIVEN_NAME, ID_BASIC,
            Need.FAMILY_NAME, ID_BASIC,
            Need.BIRTHDATE, ID_BASIC,
            Need.AGE_OVER_18, ID_BASIC,
            Need.ADDRESS, MT_SCOPE,
            Need.DOCUMENT, MT_SCOPE,
            Need.NATIONAL_NUMBER, MT_SCOPE,
            Need.CARD_NUMBER, MT_SCOPE);

    private static final Map<Need, List<String>> CLAIMS_OF_NEED = Map.of(
            Need.GIVEN_NAME, List.of(IdemiaClaims.FIRST_NAME),
            Need.FAMILY_NAME, List.of(IdemiaClaims.LAST_NAME),
            Need.BIRTHDATE, List.of(IdemiaClaims.DATE_OF_BIRTH),
            Need.AGE_OVER_18, List.of(IdemiaClaims.AGE_OVER_18),
            Need.ADDRESS, List.of(IdemiaClaims.ADDRESS),
            Need.CARD_NUMBER, List.of(IdemiaClaims.DOCUMENT_ID),
            Need.DOCUMENT, List.of(IdemiaClaims.DOCUMENT_ID, IdemiaClaims.DOCUMENT_TYPE, IdemiaClaims.ISSUING_STATE,
                    IdemiaClaims.EXPIRY_DATE));

    private IdemiaScopeSelection() {
    }

    /** IDEMIA's user claims that carry the given needs: what the hub keeps of an IDEMIA answer. */
    static Set<String> claimsOf(Set<Need> needs) {
        Set<String> claims = new LinkedHashSet<>();
        for (Need need : needs) {
            claims.addAll(CLAIMS_OF_NEED.getOrDefault(need, List.of()));
        }
        return claims;
    }

    /**
     * The {@code scope} to send.
     *
     * @param applicationScope  the application's {@code scope} parameter, or null
     * @param applicationClaims the application's {@code claims} parameter, or null
     * @param configuredScopes  the broker's {@code scopes} (space-separated, {@code openid} first)
     */
    static String select(String applicationScope, String applicationClaims, String configuredScopes) {
        ClaimNeeds needs = ClaimNeeds.of(applicationScope, applicationClaims);
        if (!needs.applicationScoped()) {
            return configuredScopes;
        }
        Set<String> wanted = new LinkedHashSet<>();
        for (Need need : needs.needs()) {
            String scope = SCOPE_OF_NEED.get(need);
            if (scope != null) {
                wanted.add(scope);
            }
        }
        StringJoiner scope = new StringJoiner(" ");
        scope.add("openid");
        for (String configured : configuredScopes.trim().split("\\s+")) {
            if (wanted.contains(configured)) {
                scope.add(configured);
            }
        }
        return scope.toString();
    }
}
