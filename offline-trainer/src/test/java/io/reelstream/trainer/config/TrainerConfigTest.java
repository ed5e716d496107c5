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
}
