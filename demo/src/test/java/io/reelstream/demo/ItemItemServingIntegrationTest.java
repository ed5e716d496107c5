package io.reelstream.demo;

import io.reelstream.core.itemitem.ItemItemScorer;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.core.model.ItemNeighboursFile;
import io.reelstream.core.model.ModelRunLayout;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The item-to-item model end to end on the real broker: trained on ml-latest-small by the trainer,
 * published (item-neighbours rows + marker, registered and promoted), served by the topology. A new
 * user likes four movies and then a fifth; the list that last swipe produces is ranked by the
 * recency-weighted history through the neighbour lists, and its first reason names the most recent
 * like. The fifth movie is chosen with core maths on the run's own files (core ItemItemScorer, the
 * trainer's shipped recency and weights) so that this holds, and the stream must reproduce it.
 */
class ItemItemServingIntegrationTest {
    static final int USER = 900_001;
    static final Duration WAIT = Duration.ofSeconds(60);
    /** The trainer's shipped defaults (TrainerConfig): the version's marker carries them to the stream. */
    static final RecencyWeights RECENCY = RecencyWeights.bySwipes(5, 0.1);
    static final PreferenceWeights WEIGHTS = PreferenceWeights.of(-0.25f);

    @TempDir
    Path models;

    @Test
    void aPublishedItemItemModelRanksByTheNewestLikeAndSaysSo() throws Exception {
        Path data = DataLocator.bundled();
        try (KafkaStack kafka = KafkaStack.start()) {
            kafka.createStandardTopics();
            Path run = ModelStage.train(data, models, Map.of("als.iterations", "2"));
            ModelStage.Published model = ModelStage.publish(run, kafka.bootstrapServers());

            ItemNeighboursFile.Contents file = ItemNeighboursFile.read(run.resolve(ModelRunLayout.ITEM_NEIGHBOURS));
            Map<Integer, Integer> rowOf = file.rowById();
            List<Integer> popular = ServedList.popularMovies(run);
            List<Integer> likes = new ArrayList<>(popular.subList(20, 24));
            int last = -1;
            int expectedFirst = -1;
            for (int candidate : popular.subList(0, 200)) {
                if (likes.contains(candidate)) continue;
                List<Integer> history = new ArrayList<>(likes);
                history.add(candidate);
                int[] oracle = firstAndReason(file.neighbours(), rowOf, history);
                if (oracle != null && oracle[1] == rowOf.get(candidate)) {
                    last = candidate;
                    expectedFirst = file.ids()[oracle[0]];
                    break;
                }
            }
            assertTrue(last > 0, "a fifth like whose own neighbours lead the list");
            likes.add(last);

            RecommendationList list = ServedList.afterLikes(kafka, Map.of(
                    TopologyConfig.APPLICATION_ID_CONFIG, "reelstream-itemitem-it", TopologyConfig.REST_PORT_CONFIG, "0"),
                    USER, likes, "ii", WAIT);
            assertEquals(model.modelVersion(), list.getModelVersion());
            assertEquals("itemitem", list.getModelKind());
            assertEquals("itemitem", list.getStrategy(), "five positives: past the cold-start ladder");
            RankedMovie first = list.getItems().get(0);
            assertEquals(expectedFirst, first.getMovieId(), "the stream ranks like core's scorer on the run's files");
            assertEquals("because you liked " + ServedList.titles(run).get(last), first.getReason(),
                    "the first reason names the most recent like");
            for (RankedMovie m : list.getItems()) assertTrue(!likes.contains(m.getMovieId()), "seen movie " + m);
        }
    }

    /** Index 0: the oracle's first row; index 1: its reason's row (null when nothing is reachable). */
    private static int[] firstAndReason(ItemNeighbours nb, Map<Integer, Integer> rowOf, List<Integer> history) {
        int n = history.size();
        int[] rows = new int[n];
        long[] times = new long[n];
        float[] values = new float[n];
        boolean[] seen = new boolean[nb.rows()];
        for (int i = 0; i < n; i++) {
            rows[i] = rowOf.get(history.get(i));
            times[i] = 1_000_000L + 1000L * i;
            seen[rows[i]] = true;
        }
        RECENCY.weigh(times, n, values);
        for (int i = 0; i < n; i++) values[i] *= WEIGHTS.of(1);
        int[] out = new int[1];
        int[] because = new int[1];
        int got = new ItemItemScorer().recommend(nb, rows, values, n, i -> seen[i], 1, out, null, because);
        return got == 0 ? null : new int[] {out[0], because[0]};
    }


}
