package io.reelstream.trainer.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.als.AlsParams;
import io.reelstream.trainer.content.Similarity;
import io.reelstream.trainer.split.SplitMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerConfigTest {
    @TempDir
    Path tmp;

    @Test
    void defaultsMatchTheProtocolAndTheShippedAlsParams() {
        TrainerConfig c = TrainerConfig.defaults();
        assertEquals(SplitMode.TEMPORAL, c.splitMode());
        assertFalse(c.finalEvaluation());
        assertFalse(c.coreFilter());
        assertEquals(20.0, c.popularityM());
        assertEquals(10, c.evalK());
        assertEquals(Similarity.COSINE, c.contentSimilarity());
        AlsParams d = AlsParams.defaults();
        assertEquals(d.factors(), c.als().factors());
        assertEquals(d.iterations(), c.als().iterations());
        assertEquals(d.lambda(), c.als().lambda());
        assertEquals(d.regularization(), c.als().regularization());
        assertEquals(d.alpha(), c.als().alpha());
        assertEquals(d.cgSteps(), c.als().cgSteps());
    }

    @Test
    void fileThenEnvThenFlagsLaterWins() throws IOException {
        Path file = tmp.resolve("trainer.properties");
        Files.writeString(file, "als.factors=16\nals.iterations=3\npopularity.m=5\n");
        Map<String, String> env = Map.of("REELSTREAM_ALS_ITERATIONS", "4", "REELSTREAM_POPULARITY_M", "7",
                "REELSTREAM_SOMETHING_ELSE", "ignored");
        TrainerConfig c = TrainerConfig.resolve(file, env, Map.of("popularity.m", "9"));
        assertEquals(16, c.als().factors());
        assertEquals(4, c.als().iterations());
        assertEquals(9.0, c.popularityM());
        assertEquals("file " + file, c.origins().get("als.factors"));
        assertEquals("env REELSTREAM_ALS_ITERATIONS", c.origins().get("als.iterations"));
        assertTrue(c.describe().contains("als.iterations"));
    }

    @Test
    void badValuesNameKeyAndSource() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> TrainerConfig.resolve(null, Map.of("REELSTREAM_EVAL_K", "ten"), Map.of()));
        assertEquals("eval.k = 'ten' (from env REELSTREAM_EVAL_K) is invalid: expected an integer >= 1", e.getMessage());
        e = assertThrows(ConfigException.class, () -> TrainerConfig.resolve(null, Map.of(), Map.of("split.mode", "random")));
        assertTrue(e.getMessage().startsWith("split.mode = 'random' (from flag) is invalid: expected temporal or last1"));
        e = assertThrows(ConfigException.class, () -> TrainerConfig.resolve(null, Map.of(), Map.of("als.factor", "3")));
        assertTrue(e.getMessage().startsWith("unknown config key 'als.factor' in flag"));
        Path missing = tmp.resolve("missing.properties");
        e = assertThrows(ConfigException.class, () -> TrainerConfig.resolve(missing, Map.of(), Map.of()));
        assertTrue(e.getMessage().contains(missing + " does not exist"));
    }

    @Test
    void theRunsStoreDefaultsToRunsDbInTheModelsDirectoryAndCanBeTurnedOff() {
        assertEquals(Path.of("models", "runs.db"), TrainerConfig.defaults().runsStore());
        assertEquals(Path.of("elsewhere", "runs.db"), TrainerConfig.defaults().with(TrainerConfig.MODELS_DIR_CONFIG, "elsewhere").runsStore());
        assertEquals(Path.of("my.db"), TrainerConfig.defaults().with(TrainerConfig.RUNS_STORE_CONFIG, "my.db").runsStore());
        assertEquals(null, TrainerConfig.defaults().with(TrainerConfig.RUNS_STORE_CONFIG, "none").runsStore());
        assertEquals("als", TrainerConfig.defaults().tuneModel());
        assertThrows(ConfigException.class, () -> TrainerConfig.defaults().with(TrainerConfig.TUNE_MODEL_CONFIG, "no such kind!"));
        assertThrows(ConfigException.class, () -> TrainerConfig.defaults().with(TrainerConfig.RATING_LAMBDA_CONFIG, "-1"));
    }

    @Test
    void itemItemAndRecencyDefaultsAndTheirBadValues() {
        TrainerConfig c = TrainerConfig.defaults();
        assertTrue(c.itemItemEnabled());
        assertEquals(TrainerConfig.DEFAULT_ITEMITEM_NEIGHBOURS, c.itemItem().neighbours());
        assertEquals(-0.25f, c.itemItem().weights().dislike());
        assertEquals(-0.25f, c.itemItem().weights().strongNo());
        assertEquals(300.0, c.itemItem().lambda());
        assertEquals(io.reelstream.trainer.itemitem.ItemItemParams.LambdaMode.ABSOLUTE, c.itemItem().lambdaMode());
        assertEquals(0.1, c.recency().floor());
        assertEquals(1f, c.itemItem().weights().like());
        assertEquals(5.0, c.recency().halfLifeSwipes());
        assertEquals(Double.POSITIVE_INFINITY, c.recency().halfLifeDays(), "time decay is off by default");
        assertEquals(TrainerConfig.ServingKind.ITEMITEM, c.servingKind());
        assertEquals(Double.POSITIVE_INFINITY,
                TrainerConfig.resolve(null, Map.of(), Map.of("recency.half.life.swipes", "off")).recency().halfLifeSwipes());
        assertEquals(3.0, TrainerConfig.resolve(null, Map.of(), Map.of("recency.half.life.days", "3")).recency().halfLifeDays());

        for (String[] bad : new String[][] {
                {"itemitem.lambda", "0", "expected a number > 0"},
                {"itemitem.lambda", "-3", "expected a number > 0"},
                {"itemitem.neighbours", "0", "expected an integer >= 1"},
                {"recency.half.life.swipes", "0", "expected a number > 0 or off"},
                {"recency.half.life.days", "-1", "expected a number > 0 or off"},
                {"recency.floor", "1.5", "expected a number in [0, 1]"},
                {"itemitem.dislike.weight", "0.5", "expected a number <= 0"},
                {"itemitem.max.dense.items", "50000", "expected an integer in [1, 46340]"},
                {"itemitem.lambda.mode", "sometimes", "expected relative or absolute"},
                {"serving.kind", "mix", "expected als, itemitem or blend"},
                {"blend.weight", "1.5", "expected a number in [0, 1] (0 = item-to-item only, 1 = ALS only)"},
                {"blend.weight", "-0.1", "expected a number in [0, 1] (0 = item-to-item only, 1 = ALS only)"},
                {"blend.weight", "half", "expected a number in [0, 1] (0 = item-to-item only, 1 = ALS only)"}}) {
            ConfigException e = assertThrows(ConfigException.class, () -> TrainerConfig.resolve(null, Map.of(), Map.of(bad[0], bad[1])));
            assertEquals(bad[0] + " = '" + bad[1] + "' (from flag) is invalid: " + bad[2], e.getMessage());
        }
        ConfigException e = assertThrows(ConfigException.class, () -> TrainerConfig.resolve(null, Map.of(),
                Map.of("itemitem.enabled", "false")));
        assertTrue(e.getMessage().startsWith("serving.kind = 'itemitem' (from default) needs itemitem.enabled=true"), e.getMessage());
        assertEquals(TrainerConfig.ServingKind.ALS, TrainerConfig.resolve(null, Map.of(),
                Map.of("itemitem.enabled", "false", "serving.kind", "als")).servingKind());
    }

    @Test
    void theBlendIsAServingKindWithItsWeightAndNeedsTheItemItemModel() {
        assertEquals(0.4, TrainerConfig.defaults().blendWeight());
        TrainerConfig c = TrainerConfig.resolve(null, Map.of(), Map.of("serving.kind", "blend", "blend.weight", "0.7"));
        assertEquals(TrainerConfig.ServingKind.BLEND, c.servingKind());
        assertEquals(0.7, c.blendWeight());
        ConfigException e = assertThrows(ConfigException.class, () -> TrainerConfig.resolve(null, Map.of(),
                Map.of("serving.kind", "blend", "itemitem.enabled", "false")));
        assertTrue(e.getMessage().startsWith("serving.kind = 'blend' (from flag) needs itemitem.enabled=true"), e.getMessage());
    }
}
