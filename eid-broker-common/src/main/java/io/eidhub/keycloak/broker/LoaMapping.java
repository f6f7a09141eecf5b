package io.eidhub.keycloak.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which Keycloak level of authentication (the numbers of the realm's "ACR to LoA mapping") each acr of one eID
 * provider stands for: the {@code loaMapping} setting of a broker.
 * <p>
 * Text form (what admins type in the form or put in realm JSON): one {@code acr:level} pair per acr, separated by
 * spaces or commas, e.g. {@code acr_basic:2 acr_advanced:3} or {@code loa-2:2, loa-3:3, loa-4:4}. An acr is written
 * as the provider sends it ({@code http://itsme.services/v2/claim/acr_basic}) or by its last path segment
 * ({@code acr_basic}); case does not matter; {@code =} may be used instead of {@code :}. A JSON object
 * ({@code {"acr_basic":2,"acr_advanced":3}}) is accepted too.
 * <p>
 * Rules: every acr of the provider has exactly one level; levels are whole numbers from 1 to 999; a stronger acr
 * never has a lower level than a weaker one (equal levels are allowed).
 */
public final class LoaMapping {

    public static final int MAX_LEVEL = 999;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Bound of {@link #PARSED}: far more than the brokers of a server, small enough to never matter in memory. */
    static final int PARSED_LIMIT = 256;
    private static final Map<ParsedKey, LoaMapping> PARSED = new ConcurrentHashMap<>();

    private final AcrLevels levels;
    /** Level of each acr, in the provider's order (weakest first). */
    private final int[] byRank;

    private LoaMapping(AcrLevels levels, int[] byRank) {
        this.levels = levels;
        this.byRank = byRank;
    }

    /** Levels 1, 2, 3... in the provider's order, starting at {@code first}. */
    public static LoaMapping byRank(AcrLevels levels, int first) {
        int[] byRank = new int[levels.values().size()];
        for (int i = 0; i < byRank.length; i++) {
            byRank[i] = first + i;
        }
        return new LoaMapping(levels, byRank);
    }

    /**
     * Parses the text form. A broker reads its mapping several times per login while the setting changes only with
     * the configuration, so valid results (immutable) are kept per text and provider and shared: at most
     * {@value #PARSED_LIMIT} of them, forgotten all at once beyond that. Invalid texts are not kept: each read of one
     * throws again.
     *
     * @throws IllegalArgumentException whose message says what is wrong, to be prefixed with the setting's name
     */
    public static LoaMapping parse(String text, AcrLevels levels) {
        if (text == null) {
            return parseText(null, levels);
        }
        ParsedKey key = new ParsedKey(text, levels.values());
        LoaMapping known = PARSED.get(key);
        if (known != null) {
            return known;
        }
        LoaMapping parsed = parseText(text, levels);
        if (PARSED.size() >= PARSED_LIMIT) {
            PARSED.clear();
        }
        PARSED.putIfAbsent(key, parsed);
        return parsed;
    }

    /** What a parsed mapping depends on: the text and the provider's acr values. */
    private record ParsedKey(String text, List<String> acrs) {
    }

    private static LoaMapping parseText(String text, AcrLevels levels) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is empty (expected e.g. " + example(levels) + ")");
        }
        Map<String, String> pairs = text.trim().startsWith("{") ? jsonPairs(text) : textPairs(text, levels);
        Integer[] byRank = new Integer[levels.values().size()];
        for (Map.Entry<String, String> pair : pairs.entrySet()) {
            int rank = rankOfName(levels, pair.getKey());
            if (rank < 0) {
                throw new IllegalArgumentException("has an unknown acr '" + SafeProviderText.printable(pair.getKey()) + "' (known: "
                        + String.join(", ", shortNames(levels)) + ")");
            }
            if (byRank[rank] != null) {
                throw new IllegalArgumentException("gives '" + shortName(levels.values().get(rank)) + "' more than one level");
            }
            byRank[rank] = level(pair.getKey(), pair.getValue());
        }
        int[] result = new int[byRank.length];
        for (int i = 0; i < byRank.length; i++) {
            if (byRank[i] == null) {
                throw new IllegalArgumentException("has no level for '" + shortName(levels.values().get(i))
                        + "' (every acr needs one, e.g. " + example(levels) + ")");
            }
            result[i] = byRank[i];
            if (i > 0 && result[i] < result[i - 1]) {
                throw new IllegalArgumentException("gives the stronger '" + shortName(levels.values().get(i)) + "' a lower level ("
                        + result[i] + ") than '" + shortName(levels.values().get(i - 1)) + "' (" + result[i - 1] + ")");
            }
        }
        return new LoaMapping(levels, result);
    }

    /** The level of a known acr (any spelling {@link AcrLevels#rank} accepts), or -1. */
    public int levelOf(String acr) {
        int rank = levels.rank(acr);
        return rank < 0 ? -1 : byRank[rank];
    }

    /** The level of the provider's weakest acr. */
    public int lowestLevel() {
        return byRank[0];
    }

    /** The level of the provider's strongest acr. */
    public int highestLevel() {
        return byRank[byRank.length - 1];
    }

    /**
     * The level a login reached: the level of the acr the provider returned, or the lowest level when it returned
     * none. The acr must be a known one (the broker refuses unknown values before this is asked).
     */
    public int achievedLevel(String returnedAcr) {
        if (returnedAcr == null) {
            return lowestLevel();
        }
        int level = levelOf(returnedAcr);
        if (level < 0) {
            throw new IllegalArgumentException("unknown acr: " + returnedAcr);
        }
        return level;
    }

    /**
     * The one acr to ask the provider for: the weakest acr, not below {@code minimumAcr}, whose level reaches
     * {@code requestedLevel}. When no acr reaches it, the strongest acr, flagged as not {@link Selection#reaches()
     * reaching} the request. A request of no level ({@code requestedLevel < 1}) asks for {@code minimumAcr}.
     */
    public Selection select(int requestedLevel, String minimumAcr) {
        int from = Math.max(0, levels.rank(minimumAcr));
        for (int i = from; i < byRank.length; i++) {
            if (byRank[i] >= requestedLevel) {
                return new Selection(levels.values().get(i), byRank[i], true);
            }
        }
        int strongest = byRank.length - 1;
        return new Selection(levels.values().get(strongest), byRank[strongest], false);
    }

    /** The distinct levels of this mapping, lowest first. */
    public List<Integer> distinctLevels() {
        TreeSet<Integer> distinct = new TreeSet<>();
        for (int level : byRank) {
            distinct.add(level);
        }
        return new ArrayList<>(distinct);
    }

    /** The text form with short acr names, e.g. {@code acr_basic:2 acr_advanced:3}. */
    public String text() {
        StringJoiner text = new StringJoiner(" ");
        for (int i = 0; i < byRank.length; i++) {
            text.add(shortName(levels.values().get(i)) + ":" + byRank[i]);
        }
        return text.toString();
    }

    @Override
    public String toString() {
        return text();
    }

    /**
     * The acr to send and its level.
     *
     * @param reaches false when even the provider's strongest acr is below the requested level
     */
    public record Selection(String acr, int level, boolean reaches) {
    }

    // ------------------------------------------------------------------ parsing

    private static Map<String, String> textPairs(String text, AcrLevels levels) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String token : text.trim().split("[\\s,]+")) {
            if (token.isEmpty()) {
                continue;
            }
            int separator = Math.max(token.lastIndexOf(':'), token.lastIndexOf('='));
            if (separator <= 0 || separator == token.length() - 1) {
                throw new IllegalArgumentException("has '" + SafeProviderText.printable(token) + "' where an acr:level pair is expected (e.g. "
                        + example(levels) + ")");
            }
            String name = token.substring(0, separator);
            if (pairs.putIfAbsent(name.toLowerCase(Locale.ROOT), token.substring(separator + 1)) != null) {
                throw new IllegalArgumentException("gives '" + SafeProviderText.printable(name) + "' more than one level");
            }
        }
        return pairs;
    }

    private static Map<String, String> jsonPairs(String text) {
        JsonNode node;
        try {
            node = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("must be a JSON object of acr to level");
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode value = field.getValue();
            pairs.put(field.getKey(), value.isValueNode() ? value.asText() : value.toString());
        }
        return pairs;
    }

    private static int level(String acr, String text) {
        String trimmed = text.trim();
        if (!trimmed.matches("\\d{1,3}") || Integer.parseInt(trimmed) < 1) {
            throw new IllegalArgumentException("gives '" + SafeProviderText.printable(acr) + "' the level '" + SafeProviderText.printable(trimmed)
                    + "'; a level is a whole number from 1 to " + MAX_LEVEL);
        }
        return Integer.parseInt(trimmed);
    }

    /** Position of an acr written in full or by its last path segment, or -1. */
    static int rankOfName(AcrLevels levels, String name) {
        int rank = levels.rank(name);
        if (rank >= 0) {
            return rank;
        }
        String wanted = name.trim();
        List<String> all = levels.values();
        for (int i = 0; i < all.size(); i++) {
            if (shortName(all.get(i)).equalsIgnoreCase(wanted)) {
                return i;
            }
        }
        return -1;
    }

    /** The last path segment of an acr URI ({@code acr_basic}), or the acr itself. */
    static String shortName(String acr) {
        int slash = acr.lastIndexOf('/');
        return slash >= 0 && slash < acr.length() - 1 ? acr.substring(slash + 1) : acr;
    }

    private static List<String> shortNames(AcrLevels levels) {
        return levels.values().stream().map(LoaMapping::shortName).toList();
    }

    private static String example(AcrLevels levels) {
        return byRank(levels, 2).text();
    }
}
