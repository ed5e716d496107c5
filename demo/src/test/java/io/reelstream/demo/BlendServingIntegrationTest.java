package io.reelstream.demo;

import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.FoldInSolver;
import io.reelstream.core.als.UserSolve;
import io.reelstream.core.blend.BlendScorer;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.core.model.FactorFile;
import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.model.ItemNeighboursFile;
import io.reelstream.core.model.ModelRunLayout;
import io.reelstream.core.preference.Preference;
import io.reelstream.core.recency.RecencyWeights;
import io.reelstream.demo.stack.DataLocator;
import io.reelstream.demo.stack.KafkaStack;
import io.reelstream.demo.stack.ModelStage;
import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.topology.config.TopologyConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The blend end to end on the real broker: trained on ml-latest-small with {@code serving.kind=blend},
 * published as one version (item-embeddings and item-neighbours rows, marker kind blend with its
 * weight), registered, promoted and served. A new user likes five movies; the list the fifth swipe
 * produces must be core BlendScorer's on the run's own files — the neighbour lists, the factors and
 * the decayed fold-in of those five swipes with the trainer's shipped λ, α, recency and weight.
 */
class BlendServingIntegrationTest {
    static final int USER = 900_002;
    static final Duration WAIT = Duration.ofSeconds(60);
    static final float BETA = 0.5f;
    /** The trainer's shipped defaults (TrainerConfig): the version's marker carries them to the stream. */
    static final RecencyWeights RECENCY = RecencyWeights.bySwipes(5, 0.1);
    static final PreferenceWeights WEIGHTS = PreferenceWeights.of(-0.25f);

    @TempDir
    Path models;

    @Test
    void aPublishedBlendIsServedWithTheSharedFormula() throws Exception {
        Path data = DataLocator.bundled();
        try (KafkaStack kafka = KafkaStack.start()) {
            kafka.createStandardTopics();
            Path run = ModelStage.train(data, models, Map.of("als.iterations", "2", "serving.kind", "blend",
                    "blend.weight", String.valueOf(BETA)));
            ModelStage.Published model = ModelStage.publish(run, kafka.bootstrapServers());
            List<Integer> likes = ServedList.popularMovies(run).subList(20, 25);
            Oracle expected = oracle(run, likes, 10);

            RecommendationList list = ServedList.afterLikes(kafka, Map.of(
                    TopologyConfig.APPLICATION_ID_CONFIG, "reelstream-blend-it", TopologyConfig.REST_PORT_CONFIG, "0",
                    TopologyConfig.RECOMMENDATIONS_SIZE_CONFIG, "10"), USER, likes, "bl", WAIT);
            assertEquals(model.modelVersion(), list.getModelVersion());
            assertEquals("blend", list.getModelKind());
            assertEquals("blend", list.getStrategy(), "five positives: past the cold-start ladder");
            int[] served = list.getItems().stream().mapToInt(RankedMovie::getMovieId).toArray();
            assertArrayEquals(expected.movieIds(), served, "the stream ranks like core's BlendScorer on the run's files");
            Map<Integer, String> titles = ServedList.titles(run);
            for (int t = 0; t < served.length; t++) {
                int because = expected.becauseIds()[t];
                assertEquals(because < 0 ? "matches your taste" : "because you liked " + titles.get(because),
                        list.getItems().get(t).getReason(), "reason of rank " + t);
            }
        }
    }

    /** The top movies core BlendScorer gives a history, and the movie each one's reason names (-1: none). */
    private record Oracle(int[] movieIds, int[] becauseIds) {}

    private static Oracle oracle(Path run, List<Integer> history, int n) throws Exception {
        FactorMatrix Y = FactorFile.read(run.resolve(ModelRunLayout.ITEM_FACTORS));
        ItemNeighboursFile.Contents file = ItemNeighboursFile.read(run.resolve(ModelRunLayout.ITEM_NEIGHBOURS));
        assertArrayEquals(Y.ids(), file.ids(), "factor rows and neighbour rows in one order");
        ItemNeighbours nb = file.neighbours();
        Map<Integer, Integer> rowOf = file.rowById();
        int count = history.size();
        int[] rows = new int[count];
        long[] times = new long[count];
        float[] decay = new float[count];
        float[] values = new float[count];
        float[] cu = new float[count];
        float[] pu = new float[count];
        boolean[] seen = new boolean[nb.rows()];
        for (int i = 0; i < count; i++) {
            rows[i] = rowOf.get(history.get(i));
            times[i] = 1_000_000L + 1000L * i;
            seen[rows[i]] = true;
        }
        RECENCY.weigh(times, count, decay);
        AlsParams als = AlsParams.defaults();
        for (int i = 0; i < count; i++) {
            values[i] = decay[i] * WEIGHTS.of(1);
            cu[i] = Preference.confidence(1, als.alpha(), decay[i]);
            pu[i] = Preference.target(1);
        }
        double[] YtY = UserSolve.gramian(Y.values(), Y.rows(), Y.k());
        float[] xu = FoldInSolver.of(Y.values(), Y.rows(), Y.k(), YtY).solve(rows, cu, pu, count, als.lambdaFor(count, YtY));
        int[] out = new int[n];
        int[] because = new int[n];
        int got = new BlendScorer().recommend(nb, rows, values, count, Y.values(), Y.k(), xu, BETA, i -> seen[i], n, out, null,
                because);
        int[] ids = new int[got];
        int[] becauseIds = new int[got];
        for (int t = 0; t < got; t++) {
            ids[t] = Y.ids()[out[t]];
            becauseIds[t] = because[t] < 0 ? -1 : Y.ids()[because[t]];
        }
        return new Oracle(ids, becauseIds);
    }


}
