package io.reelstream.topology.process;

import io.reelstream.schemas.HistoryEntry;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.UserSeed;
import io.reelstream.topology.TestCatalog;
import io.reelstream.topology.config.TopologyConfig;
import io.reelstream.topology.state.UserState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** update.rule=static end to end: swipes are recorded (seen filter, counters) but the vector never moves. */
class StaticTopologyTest {
    private static final int MOVIES = 30;
    private static final int K = 3;
    private static final float[] TRAINED = {0.4f, -0.3f, 0.8f};

    @Test
    void aSeededUsersListIsScoredWithTheTrainedVectorMinusEverySeenMovie() throws Exception {
        try (TopologyDriverFixture t = new TopologyDriverFixture(config())) {
            Map<Integer, ItemEmbedding> items = TestCatalog.items("v1", MOVIES, K, 7);
            t.publish("v1", items, K);
            t.seeds.pipeInput(5, UserSeed.newBuilder().setModelVersion("v1").setUserId(5)
                    .setFactors(List.of(TRAINED[0], TRAINED[1], TRAINED[2]))
                    .setHistory(List.of(HistoryEntry.newBuilder().setMovieId(4).setPreference(2).setEventTime(10).build()))
                    .build());

            int best = bestUnseen(items, Set.of(4), 1).get(0);
            RecommendationList first = t.swipeAndRead(5, best, 2); // swipe the movie the trained vector likes most
            assertEquals("vector", first.getStrategy());
            assertEquals(bestUnseen(items, Set.of(4, best), 5), movieIds(first));
            assertEquals(score(items.get(movieIds(first).get(0))), first.getItems().get(0).getScore(), 1e-6);

            RecommendationList second = t.swipeAndRead(5, movieIds(first).get(0), -2); // a dislike moves nothing either
            assertEquals(bestUnseen(items, Set.of(4, best, movieIds(first).get(0)), 5), movieIds(second));

            UserState s = t.state(5);
            assertArrayEquals(TRAINED, s.vector(), 0f);
            assertEquals("v1", s.vectorVersion());
            assertEquals(3, s.historySize());
            assertEquals(2, s.swipeCount());
        }
    }

    @Test
    void aUserWithoutAVectorStaysOnTheColdStartLadder() throws Exception {
        try (TopologyDriverFixture t = new TopologyDriverFixture(config())) {
            t.publish("v1", TestCatalog.items("v1", MOVIES, K, 7), K);
            RecommendationList l = null;
            for (int movie = 1; movie <= 6; movie++) l = t.swipeAndRead(8, movie, 1);
            assertEquals("content", l.getStrategy(), "six positives, but no vector is ever made from swipes");
            assertNull(t.state(8).vector());
            assertEquals(6, t.state(8).historySize());
        }
    }

    private static TopologyConfig config() {
        return TopologyConfig.defaultConfig()
                .with(TopologyConfig.UPDATE_RULE_CONFIG, "static")
                .with(TopologyConfig.RECOMMENDATIONS_SIZE_CONFIG, "5");
    }

    /** The n best movies by TRAINED · y, seen ones excluded, ties to the lower movieId (= lower row). */
    private static List<Integer> bestUnseen(Map<Integer, ItemEmbedding> items, Set<Integer> seen, int n) {
        List<Integer> movies = new ArrayList<>();
        for (int m : items.keySet()) if (!seen.contains(m)) movies.add(m);
        movies.sort(Comparator.comparingDouble((Integer m) -> -score(items.get(m))).thenComparing(m -> m));
        return movies.subList(0, n);
    }

    /** TRAINED · y in float, summed in dimension order like the ranker. */
    private static float score(ItemEmbedding item) {
        float s = 0f;
        for (int a = 0; a < K; a++) s += TRAINED[a] * item.getFactors().get(a);
        return s;
    }

    private static List<Integer> movieIds(RecommendationList l) {
        List<Integer> out = new ArrayList<>();
        for (RankedMovie m : l.getItems()) out.add(m.getMovieId());
        return out;
    }
}
