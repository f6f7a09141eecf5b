package io.eidhub.keycloak.broker;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LoaMappingTest {

    private static final String BASIC = "http://itsme.services/v2/claim/acr_basic";
    private static final String ADVANCED = "http://itsme.services/v2/claim/acr_advanced";
    private static final AcrLevels ITSME = AcrLevels.ordered(BASIC, ADVANCED);
    private static final AcrLevels IDEMIA = AcrLevels.ordered("loa-2", "loa-3", "loa-4");

    // ------------------------------------------------------------------ parsing

    @Test
    void shortNamesFullNamesEqualsSignsCommasAndJsonAllParse() {
        for (String text : List.of(
                "acr_basic:2 acr_advanced:3",
                "  acr_basic:2,acr_advanced:3  ",
                "ACR_BASIC=2, acr_advanced=3",
                BASIC + ":2 " + ADVANCED + ":3",
                "http://itsme.services/V2/claim/acr_basic:2\nacr_advanced:3",
                "{\"acr_basic\": 2, \"" + ADVANCED + "\": \"3\"}")) {
            LoaMapping mapping = LoaMapping.parse(text, ITSME);
            assertEquals(2, mapping.levelOf(BASIC), text);
            assertEquals(3, mapping.levelOf(ADVANCED), text);
            assertEquals("acr_basic:2 acr_advanced:3", mapping.text(), text);
        }
    }

    @ParameterizedTest(name = "[{index}] {1}")
    @CsvSource(delimiter = '|', value = {
            "''                                   | is empty",
            "acr_basic:2                          | has no level for 'acr_advanced'",
            "acr_basic:2 acr_advanced:3 acr_x:4   | has an unknown acr 'acr_x' (known: acr_basic, acr_advanced)",
            "acr_basic:2 acr_basic:3              | more than one level",
            "acr_basic:2 " + "acr_advanced:2 " + BASIC + ":2 | 'acr_basic' more than one level",
            "acr_basic:3 acr_advanced:2           | gives the stronger 'acr_advanced' a lower level (2) than 'acr_basic' (3)",
            "acr_basic:0 acr_advanced:2           | gives 'acr_basic' the level '0'",
            "acr_basic:-1 acr_advanced:2          | the level '-1'",
            "acr_basic:1000 acr_advanced:2        | a whole number from 1 to 999",
            "acr_basic:two acr_advanced:3         | the level 'two'",
            "acr_basic acr_advanced:3             | 'acr_basic' where an acr:level pair is expected",
            "acr_basic: acr_advanced:3            | where an acr:level pair is expected",
            "{\"acr_basic\":2                     | is not valid JSON",
            "{\"acr_basic\":2,\"acr_advanced\":[3]} | the level '[3]'",
    })
    void invalidMappingsSayWhy(String text, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LoaMapping.parse(text, ITSME));
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void equalLevelsAreAllowed() {
        LoaMapping mapping = LoaMapping.parse("loa-2:2 loa-3:3 loa-4:3", IDEMIA);
        assertEquals(List.of(2, 3), mapping.distinctLevels());
        assertEquals(3, mapping.highestLevel());
    }

    @Test
    void byRankCountsFromTheFirstLevel() {
        assertEquals("acr_basic:1 acr_advanced:2", LoaMapping.byRank(ITSME, 1).text());
        assertEquals("loa-2:2 loa-3:3 loa-4:4", LoaMapping.byRank(IDEMIA, 2).text());
    }

    // ------------------------------------------------------------------ what the login reached

    @Test
    void achievedLevelIsTheReturnedAcrsLevelAndTheLowestWithoutAcr() {
        LoaMapping mapping = LoaMapping.parse("acr_basic:2 acr_advanced:3", ITSME);
        assertEquals(2, mapping.achievedLevel(BASIC));
        assertEquals(3, mapping.achievedLevel("http://itsme.services/V2/claim/acr_advanced"));
        assertEquals(2, mapping.achievedLevel(null), "a missing acr counts as the weakest");
        assertThrows(IllegalArgumentException.class, () -> mapping.achievedLevel("acr_basic"), "only what the provider sends");
        assertEquals(-1, mapping.levelOf("tag:sixdots.be,2016-06:acr_basic"));
    }

    // ------------------------------------------------------------------ what to ask for

    @ParameterizedTest(name = "requested {0}, minimum {1} -> {2} (reaches: {3})")
    @CsvSource({
            "-1, loa-2, loa-2, true",   // no request: the minimum
            "0,  loa-2, loa-2, true",
            "1,  loa-2, loa-2, true",
            "2,  loa-2, loa-2, true",
            "3,  loa-2, loa-3, true",
            "4,  loa-2, loa-4, true",
            "5,  loa-2, loa-4, false",  // nothing reaches 5: the strongest
            "2,  loa-3, loa-3, true",   // never below the minimum
            "3,  loa-4, loa-4, true",
    })
    void selectionIsTheWeakestAcrThatReachesTheRequestNotBelowTheMinimum(int requested, String minimum, String acr, boolean reaches) {
        LoaMapping.Selection selection = LoaMapping.parse("loa-2:2 loa-3:3 loa-4:4", IDEMIA).select(requested, minimum);
        assertEquals(acr, selection.acr());
        assertEquals(reaches, selection.reaches());
    }

    @Test
    void selectionWithEqualLevelsTakesTheWeaker() {
        LoaMapping mapping = LoaMapping.parse("loa-2:2 loa-3:3 loa-4:3", IDEMIA);
        assertEquals("loa-3", mapping.select(3, "loa-2").acr());
        assertFalse(mapping.select(4, "loa-2").reaches());
    }

    @Test
    void itsmeBasicToAdvanced() {
        LoaMapping mapping = LoaMapping.parse("acr_basic:2 acr_advanced:3", ITSME);
        assertEquals(BASIC, mapping.select(2, BASIC).acr());
        assertEquals(ADVANCED, mapping.select(3, BASIC).acr());
        assertEquals(new LoaMapping.Selection(ADVANCED, 3, false), mapping.select(4, BASIC));
        assertEquals(ADVANCED, mapping.select(1, ADVANCED).acr());
    }

    // ------------------------------------------------------------------ parsed once per setting

    @Test
    void theSameSettingIsParsedOnceAndSharedWhileOtherTextsAndProvidersGetTheirOwn() {
        // a broker asks for its mapping several times per login: the parsed (immutable) result is reused
        LoaMapping first = LoaMapping.parse("acr_basic:5 acr_advanced:7", ITSME);
        assertSame(first, LoaMapping.parse("acr_basic:5 acr_advanced:7", ITSME));
        assertSame(first, LoaMapping.parse("acr_basic:5 acr_advanced:7", AcrLevels.ordered(BASIC, ADVANCED)));
        LoaMapping other = LoaMapping.parse("acr_basic:5 acr_advanced:8", ITSME);
        assertNotSame(first, other);
        assertEquals(8, other.highestLevel());
        assertEquals(7, first.highestLevel());
        // the same text for another provider is that provider's question: here an unknown acr
        assertThrows(IllegalArgumentException.class, () -> LoaMapping.parse("acr_basic:5 acr_advanced:7", IDEMIA));
    }

    @Test
    void anInvalidSettingIsRefusedEveryTimeItIsRead() {
        for (int i = 0; i < 3; i++) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> LoaMapping.parse("acr_basic:3 acr_advanced:2", ITSME));
            assertTrue(e.getMessage().contains("lower level"), e.getMessage());
        }
    }

    @Test
    void manyDifferentSettingsStillParseCorrectly() {
        // more distinct texts than the cache keeps: each is still answered with its own levels
        for (int basic = 1; basic <= 300; basic++) {
            LoaMapping mapping = LoaMapping.parse("acr_basic:" + basic + " acr_advanced:" + (basic + 1), ITSME);
            assertEquals(basic, mapping.lowestLevel());
            assertEquals(basic + 1, mapping.highestLevel());
        }
    }
}
