package io.reelstream.trainer.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.io.BadInputException;
import io.reelstream.trainer.tune.search.GridSampler;
import io.reelstream.trainer.tune.search.SearchSpace;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TuneSpacesTest {
    private static final TrainerConfig BASE = TrainerConfig.defaults();

    @Test
    void theDefaultSpaceParsesChecksAndEveryGridPointIsAValidConfig() {
        SearchSpace s = TuneSpaces.load(null, BASE);
        assertEquals("tune.model", s.params().get(0).key(), "the model kind is searched like any other key");
        assertTrue(s.keys().containsAll(java.util.List.of("als.factors", "als.lambda", "als.regularization", "als.alpha",
                "als.iterations", "als.cg.steps", "itemitem.lambda", "itemitem.dislike.weight", "recency.half.life.swipes",
                "recency.floor", "blend.weight")), s.keys().toString());
        assertEquals(s.describe(), SearchSpace.parse(s.describe(), "again").describe(), "the printed space reads back");
        assertTrue(s.describe().contains("als.lambda = float 0.1..8 log if als.regularization=relative"), s.describe());
        java.util.Set<String> kinds = new java.util.TreeSet<>();
        for (Map<String, Object> point : GridSampler.combinations(s)) {
            TrainerConfig c = BASE.with(s.assignment(point)); // a trial = TrainerConfig.with(assignment)
            kinds.add(c.tuneModel());
            if (c.tuneModel().equals("itemitem")) assertTrue(c.itemItem().lambda() >= 30, "itemitem keys set: " + point);
            if (c.tuneModel().equals("blend")) {
                assertTrue(s.assignment(point).keySet().containsAll(java.util.List.of("blend.weight", "recency.floor")),
                        "the blend's weight and recency set: " + point);
                assertTrue(!s.assignment(point).containsKey("itemitem.lambda"), "the blend's fits stay at the base: " + point);
            }
        }
        assertEquals(java.util.Set.of("als", "itemitem", "blend"), kinds, "every kind in the grid");
    }

    @Test
    void badSpacesFailBeforeAnyDataIsReadNamingTheLine() {
        assertBad("s:1: unknown config key 'als.factorz'", "als.factorz = int 8..16");
        assertBad("s:1: data.dir cannot be searched", "data.dir = choice a,b");
        assertBad("s:1: eval.k cannot be searched", "eval.k = int 5..20");
        assertBad("s:1: als.factors = int 0..16 is outside what the key accepts: als.factors = '0'", "als.factors = int 0..16");
        assertBad("s:1: als.factors = float 8..16 is outside what the key accepts", "als.factors = float 8..16");
        assertBad("s:1: als.regularization = choice relative,ridge is outside what the key accepts", "als.regularization = choice relative,ridge");
        assertBad("s:1: tune.model = 'mix' is not a model kind the tuner knows: use one of als, itemitem, blend", "tune.model = choice als,mix");
        assertBad("s:1: blend.weight = float 0..2 is outside what the key accepts: blend.weight = '2' (from override) is invalid: expected a number in [0, 1]", "blend.weight = float 0..2");
    }

    private static void assertBad(String expected, String text) {
        SearchSpace space = SearchSpace.parse(text, "s");
        BadInputException e = assertThrows(BadInputException.class, () -> TuneSpaces.check(space, BASE, "s"));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void budgetsParseInTheUsualForms() {
        assertEquals(Duration.ofSeconds(90), TuneSettings.parseDuration("90s"));
        assertEquals(Duration.ofSeconds(90), TuneSettings.parseDuration("1m30s"));
        assertEquals(Duration.ofMinutes(90), TuneSettings.parseDuration("1.5h"));
        assertEquals(Duration.ofMillis(250), TuneSettings.parseDuration("250ms"));
        assertEquals(Duration.ofSeconds(45), TuneSettings.parseDuration("45"));
        assertEquals(Duration.ofMinutes(5), TuneSettings.parseDuration("PT5M"));
        BadInputException e = assertThrows(BadInputException.class, () -> TuneSettings.parseDuration("soon"));
        assertEquals("--budget 'soon' is not a duration: use e.g. 90s, 5m, 1h30m or PT5M", e.getMessage());
        assertEquals(TuneSettings.Search.BAYESIAN, TuneSettings.Search.parse("tpe"));
        e = assertThrows(BadInputException.class, () -> TuneSettings.Search.parse("annealing"));
        assertEquals("unknown search kind 'annealing': use grid, random or bayesian (TPE)", e.getMessage());
    }
}
