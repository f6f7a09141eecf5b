package io.eidhub.keycloak.broker;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * What an ID token without {@code acr} counts as ({@code missingAcr}). A provider may document that its ID tokens
 * carry no {@code acr} (itsme's current examples show none) while honouring {@code acr_values}; this setting says how
 * far the broker trusts that. An {@code acr} that is present but unknown or too low is refused whatever this says.
 */
public enum MissingAcr {
    /** The token is refused ({@code acr_missing}). */
    REFUSE("refuse"),
    /** The token counts as the provider's weakest level: it passes only where that level is enough. */
    LOWEST("lowest"),
    /** The token counts as the level the broker asked for: the provider is trusted to have enforced {@code acr_values}. */
    REQUESTED("requested");

    private final String value;

    MissingAcr(String value) {
        this.value = value;
    }

    /** The stored value, e.g. {@code lowest}. */
    public String value() {
        return value;
    }

    /** The stored values, in the order the admin form offers them. */
    public static final List<String> NAMES = List.of("refuse", "lowest", "requested");

    /**
     * Parses a stored value (case-insensitive).
     *
     * @throws IllegalArgumentException when it is none of {@code refuse}, {@code lowest}, {@code requested}
     */
    public static MissingAcr of(String value) {
        String wanted = value == null ? "" : value.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(m -> m.value.equals(wanted)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown missingAcr '" + value + "'"));
    }

    /**
     * The acr that stands in for a missing one, or null when the token is to be refused.
     *
     * @param levels       the provider's levels
     * @param requestedAcr the acr the broker sent as {@code acr_values}
     */
    public String standIn(AcrLevels levels, String requestedAcr) {
        return switch (this) {
            case REFUSE -> null;
            case LOWEST -> levels.weakest();
            case REQUESTED -> requestedAcr != null && levels.isKnown(requestedAcr) ? levels.canonical(requestedAcr) : null;
        };
    }
}
