package io.eidhub.keycloak.broker;

import java.util.List;
import java.util.Locale;

/**
 * A provider's authentication context class references, ordered from the weakest to the strongest.
 * Comparison ignores case (itsme has written its acr URIs both as {@code /v2/} and {@code /V2/}).
 */
public final class AcrLevels {

    private final List<String> ordered;

    private AcrLevels(List<String> ordered) {
        this.ordered = ordered;
    }

    /** @param weakestFirst the provider's acr values, weakest first */
    public static AcrLevels ordered(String... weakestFirst) {
        if (weakestFirst.length == 0) {
            throw new IllegalArgumentException("at least one acr value is needed");
        }
        return new AcrLevels(List.of(weakestFirst));
    }

    public List<String> values() {
        return ordered;
    }

    public String weakest() {
        return ordered.get(0);
    }

    public boolean isKnown(String acr) {
        return rank(acr) >= 0;
    }

    /** Position of {@code acr} from 0 (weakest), or -1 when missing or unknown. */
    public int rank(String acr) {
        if (acr == null) {
            return -1;
        }
        String wanted = acr.trim().toLowerCase(Locale.ROOT);
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i).toLowerCase(Locale.ROOT).equals(wanted)) {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code returned} is a known level at least as strong as {@code minimum}. */
    public boolean satisfies(String returned, String minimum) {
        int min = rank(minimum);
        if (min < 0) {
            throw new IllegalArgumentException("unknown minimum acr: " + minimum);
        }
        return rank(returned) >= min;
    }

    /** The canonical spelling of a known acr value. */
    public String canonical(String acr) {
        int rank = rank(acr);
        if (rank < 0) {
            throw new IllegalArgumentException("unknown acr: " + acr);
        }
        return ordered.get(rank);
    }
}
