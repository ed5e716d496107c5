package io.reelstream.trainer.artifacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.core.model.FactorFile;
import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.model.ItemNeighboursFile;
import io.reelstream.core.model.ModelRunLayout;
import io.reelstream.trainer.PipelineListener;
import io.reelstream.trainer.TestData;
import io.reelstream.trainer.TrainingPipeline;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.eval.EvaluationReport;
import io.reelstream.trainer.io.BadInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A complete run on ml-latest-small (small ALS), then failing runs that must leave LATEST alone. */
class TrainingRunTest {
    @TempDir
    Path tmp;

    private TrainerConfig config(Path models) {
        return TrainerConfig.defaults().with(Map.of(
                TrainerConfig.DATA_DIR_CONFIG, TestData.mlLatestSmall().toString(),
                TrainerConfig.MODELS_DIR_CONFIG, models.toString(),
                TrainerConfig.ALS_FACTORS_CONFIG, "8",
                TrainerConfig.ALS_ITERATIONS_CONFIG, "2",
                TrainerConfig.CONTENT_NEIGHBOURS_CONFIG, "10"));
    }

    @Test
    void completeRunWritesEveryFileThenMarksLatestAndFailedRunsNeverTouchIt() throws IOException {
        Path models = tmp.resolve("models");
        Path run = TrainingPipeline.train(TestData.mlLatestSmall(), config(models));

        assertEquals(run, ModelRunLayout.latestRun(models));
        assertTrue(run.getFileName().toString().matches("run_\\d{8}T\\d{6}Z(-\\d+)?"), run.toString());
        for (String f : List.of(ModelRunLayout.MANIFEST, ModelRunLayout.ITEM_FACTORS, ModelRunLayout.USER_FACTORS,
                ModelRunLayout.ITEMS, ModelRunLayout.POPULARITY, ModelRunLayout.CONTENT_NEIGHBOURS,
                ModelRunLayout.INTERACTIONS, ModelRunLayout.ITEM_NEIGHBOURS, EvaluationReport.PER_USER_CSV,
                EvaluationReport.SUMMARY_JSON)) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        FactorMatrix items = FactorFile.read(run.resolve(ModelRunLayout.ITEM_FACTORS));
        assertEquals(8_230, items.rows());
        assertEquals(8, items.k());
        assertEquals(610, FactorFile.read(run.resolve(ModelRunLayout.USER_FACTORS)).rows());
        assertEquals(80_419 + 1, lines(run.resolve(ModelRunLayout.INTERACTIONS)));
        assertEquals(8_230 + 1, lines(run.resolve(ModelRunLayout.ITEMS)));
        assertEquals(8_230 * 10 + 1, lines(run.resolve(ModelRunLayout.CONTENT_NEIGHBOURS)));
        assertEquals("movieId\tscore\tcount\tmean", Files.readAllLines(run.resolve(ModelRunLayout.POPULARITY)).get(0));
        assertEquals(595 * 5 + 1, lines(run.resolve(EvaluationReport.PER_USER_CSV)), "als, popularity, content, itemitem, blend");
        ItemNeighboursFile.Contents neighbours = ItemNeighboursFile.read(run.resolve(ModelRunLayout.ITEM_NEIGHBOURS));
        assertEquals(8_230, neighbours.ids().length);
        assertEquals(items.ids()[0], neighbours.ids()[0], "rows in the fitted items' order");
        assertEquals(TrainerConfig.DEFAULT_ITEMITEM_NEIGHBOURS, neighbours.neighbours().maxCount());

        JsonNode manifest = new ObjectMapper().readTree(run.resolve(ModelRunLayout.MANIFEST).toFile());
        assertEquals(64, manifest.at("/data/fingerprint").asText().length());
        assertEquals(100_836, manifest.at("/counts/ratings").asInt());
        assertFalse(manifest.at("/counts/coreFilter/enabled").asBoolean());
        assertEquals(80_419, manifest.at("/counts/train").asInt());
        assertEquals("validation", manifest.at("/metrics/scoredSlice").asText());
        assertEquals(0.0365, manifest.at("/metrics/models/popularity/recall").asDouble(), 0.0005);
        assertEquals("8", manifest.at("/config/als.factors").asText());
        assertEquals(2, manifest.at("/models/als/iterations").size());
        assertTrue(manifest.at("/timingsMs/alsMs").isNumber());
        assertEquals("itemitem", manifest.at("/serving/kind").asText());
        assertEquals(8_230, manifest.at("/models/itemitem/denseItems").asInt());
        assertTrue(manifest.at("/models/itemitem/cut/denseNdcg").asDouble() > 0.09);
        assertTrue(manifest.at("/metrics/models/itemitem/ndcg").asDouble() > 0.09);
        assertTrue(manifest.at("/metrics/models/blend/ndcg").asDouble() > 0.09, "the blend row is scored");
        assertEquals("0.4", manifest.at("/serving/settings/blend.weight").asText(), "the stream reads β from the marker");
        assertEquals(0.4, manifest.at("/models/blend/weight").asDouble());
        assertEquals(5.0, manifest.at("/recency/halfLifeSwipes").asDouble());
        assertEquals("off", manifest.at("/recency/halfLifeDays").asText());

        // a run that fails while writing its files is removed and LATEST still names the first run
        PipelineListener failAtManifest = new PipelineListener() {
            @Override
            public void onStage(String stage) {
                if (stage.equals("write:" + ModelRunLayout.MANIFEST)) throw new IllegalStateException("disk full (simulated)");
            }
        };
        TrainerConfig noEval = config(models).with(TrainerConfig.EVAL_ENABLED_CONFIG, false);
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new TrainingPipeline(noEval, failAtManifest).train());
        assertEquals("disk full (simulated)", e.getMessage());
        assertEquals(run, ModelRunLayout.latestRun(models));
        try (Stream<Path> runs = Files.list(models)) {
            assertEquals(List.of(run.getFileName().toString()), runs.map(p -> p.getFileName().toString())
                    .filter(n -> n.startsWith(ModelRunLayout.RUN_PREFIX)).toList(), "the partial run is deleted");
        }

        // a run that fails on its input never creates a run directory
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertThrows(BadInputException.class, () -> TrainingPipeline.train(empty, config(models)));
        assertEquals(run, ModelRunLayout.latestRun(models));
    }

    private static long lines(Path file) throws IOException {
        try (Stream<String> s = Files.lines(file)) {
            return s.count();
        }
    }
}
