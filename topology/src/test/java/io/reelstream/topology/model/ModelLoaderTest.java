package io.reelstream.topology.model;

import io.reelstream.core.als.AlsParams.Regularization;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.ModelVersion;
import io.reelstream.topology.metrics.StreamMetrics;
import io.reelstream.topology.rank.ScanRanker;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModelLoaderTest {
    private static ModelLoader loader(FoldInOverrides overrides) {
        return new ModelLoader(new ModelHolder(), overrides, Map.of(), ScanRanker::new, new StreamMetrics(), 4);
    }

    private static ModelVersion marker(Map<String, Double> metrics) {
        ModelVersion v = ModelKeys.version("run_1", 10, 5, 4);
        v.setMetrics(metrics);
        return v;
    }

    @Test
    void trainerDefaultsWhenNeitherConfigNorMarkerSayAnything() {
        assertEquals(FoldInParams.TRAINER_DEFAULTS, loader(FoldInOverrides.NONE).resolve(marker(Map.of())));
    }

    @Test
    void markerCarriesTheTrainersLambdaAlphaAndRegularisation() {
        FoldInParams p = loader(FoldInOverrides.NONE).resolve(marker(Map.of(ModelLoader.MARKER_LAMBDA_KEY, 0.05,
                ModelLoader.MARKER_ALPHA_KEY, 40.0, "als.regularization.constant", 1.0, "als.ndcg@10", 0.3)));
        assertEquals(new FoldInParams(0.05, 40f, Regularization.CONSTANT), p);
    }

    @Test
    void olderFrequencyFlagIsUnderstood() {
        assertEquals(Regularization.FREQUENCY, loader(FoldInOverrides.NONE)
                .resolve(marker(Map.of(ModelLoader.MARKER_FREQUENCY_KEY, 1.0))).regularization());
        // 0 only says "not frequency": the trainer's default mode when that is not FREQUENCY
        Regularization d = FoldInParams.TRAINER_DEFAULTS.regularization();
        assertEquals(d == Regularization.FREQUENCY ? Regularization.CONSTANT : d, loader(FoldInOverrides.NONE)
                .resolve(marker(Map.of(ModelLoader.MARKER_FREQUENCY_KEY, 0.0))).regularization());
    }

    @Test
    void explicitConfigWinsOverTheMarker() {
        FoldInParams p = loader(new FoldInOverrides(0.2, Double.NaN, Regularization.FREQUENCY)).resolve(marker(Map.of(
                ModelLoader.MARKER_LAMBDA_KEY, 0.05, ModelLoader.MARKER_ALPHA_KEY, 40.0, "als.regularization.relative", 1.0)));
        assertEquals(new FoldInParams(0.2, 40f, Regularization.FREQUENCY), p);
    }
}
