package io.reelstream.trainer.tune.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchSpaceTest {

    @Test
    void parsesEveryKindOfLineAndWritesItBack() {
        SearchSpace s = SearchSpace.parse("""
                # comment
                als.factors = int 16..256 log
                als.regularization = choice relative,constant
                als.lambda = float 0.05..5 log grid 4 if als.regularization=relative
                als.lambda = float 1..1000 log if als.regularization=constant
                als.cg.steps = int 2..6

                """, "space.txt");
        assertEquals(List.of("als.factors", "als.regularization", "als.lambda", "als.cg.steps"), s.keys());
        assertEquals(new Domain.IntRange(16, 256, true), s.params().get(0).domain());
        assertEquals(new Domain.Choice(List.of("relative", "constant")), s.params().get(1).domain());
        assertEquals(4, s.params().get(2).gridPoints());
        assertEquals("als.lambda if als.regularization=relative", s.params().get(2).id());
        assertEquals(s.describe(), SearchSpace.parse(s.describe(), "again").describe());
        assertEquals(Map.of("als.factors", "32", "als.regularization", "constant", "als.lambda", "150"),
                s.assignment(Map.of("als.factors", 32L, "als.regularization", "constant",
                        "als.lambda if als.regularization=constant", 150.0)));
    }

    @Test
    void gridsSpreadLinearlyOrGeometricallyAndCoverSmallIntRanges() {
        assertEquals(List.of(16L, 64L, 256L), new Domain.IntRange(16, 256, true).grid(3));
        assertEquals(List.of(2L, 3L, 4L), new Domain.IntRange(2, 4, false).grid(5));
        assertEquals(List.of(0.01, 0.1, 1.0), new Domain.FloatRange(0.01, 1, true).grid(3));
        assertEquals(List.of(0.0, 0.5, 1.0), new Domain.FloatRange(0, 1, false).grid(3));
    }

    @Test
    void floatsKeepFourSignificantDigitsAndStayInRange() {
        Domain.FloatRange r = new Domain.FloatRange(0.05, 5, true);
        assertEquals(0.1235, r.fromInternal(Math.log(0.123456)));
        assertEquals(5.0, r.fromInternal(Math.log(5.0000001)));
        assertEquals("0.1235", r.format(0.1235));
        assertEquals("150", r.format(150.0));
        Domain.IntRange i = new Domain.IntRange(1, 10, true);
        assertEquals(1L, i.fromInternal(i.tLow()));
        assertEquals(10L, i.fromInternal(i.tHigh()));
    }

    @Test
    void badSpacesFailNamingTheLine() {
        assertMessage("s:2: unknown type 'integer'", "a = int 1..2\nb = integer 1..3");
        assertMessage("s:1: int range 5..1 is empty", "a = int 5..1");
        assertMessage("s:1: log float range 0.0..1.0 needs a lower bound > 0", "a = float 0..1 log");
        assertMessage("s:1: lower bound '0.5' is not an integer", "a = int 0.5..3");
        assertMessage("s:1: expected a range LO..HI", "a = float 3");
        assertMessage("tune space s has no parameters", "# nothing\n\n");
        assertMessage("s:1: b: its condition names 'a', which is not a parameter on an earlier line", "b = int 1..2 if a=x");
        assertMessage("s:2: b: condition value 'z' is not one of a's choices x,y", "a = choice x,y\nb = int 1..2 if a=z");
        assertMessage("s:2: b: its condition must name a choice parameter", "a = int 1..3\nb = int 1..2 if a=1");
        assertMessage("s:3: b is defined twice for a=x", "a = choice x,y\nb = int 1..2 if a=x\nb = int 3..4 if a=x,y");
        assertMessage("s:2: b is defined twice; a key may repeat only with disjoint conditions", "b = int 1..2\nb = int 3..4");
        assertMessage("s:1: choice lists a value twice", "a = choice x,x");
    }

    private static void assertMessage(String expected, String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SearchSpace.parse(text, "s"));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
