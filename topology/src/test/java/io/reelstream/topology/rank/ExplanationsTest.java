package io.reelstream.topology.rank;

import io.reelstream.topology.model.FoldInParams;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.model.TestModels;
import io.reelstream.topology.state.FoldInRule;
import io.reelstream.topology.state.UserState;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ExplanationsTest {
    private static final int K = 6;
    private static final int MOVIES = 60;

    private static ModelSnapshot model() {
        return TestModels.snapshot("v1", K, TestModels.randomFactors(MOVIES, K, 3), FoldInParams.TRAINER_DEFAULTS);
    }

    private static UserState userWithFoldIn(ModelSnapshot m) {
        UserState s = new UserState(9);
        int[] movies = {3, 8, 15, 22, 31, 40};
        int[] prefs = {2, 1, -1, 1, 2, -2};
        for (int i = 0; i < movies.length; i++) s.recordSwipe(movies[i], prefs[i], 1000L + i);
        s.setVector(new FoldInRule(0).rebuild(s, m), m.version());
        return s;
    }

    /** Over every liked movie, the split sums to the item's score xu·yi of the exact fold-in. */
    @Test
    void vectorContributionsSumToTheListScore() {
        ModelSnapshot m = model();
        UserState s = userWithFoldIn(m);
        RankedList list = new Recommender(new ColdStartPolicy(1, 2)).recommend(s, m, 5, 9);
        assertEquals(Strategy.VECTOR, list.strategy());
        for (RankedList.Entry e : list.items()) {
            Explanations.Explanation x = Explanations.explain(s, m, Strategy.VECTOR, m.rowOf(e.movieId()), 10);
            assertEquals(e.score(), x.total(), 1e-4, "movie " + e.movieId());
            assertEquals(4, x.contributions().size(), "one term per liked movie, none for dislikes");
            Explanations.Contribution best = x.contributions().get(0);
            assertTrue(best.preference() > 0);
            if (best.value() > 0) assertEquals("because you liked " + best.title(), e.reason());
        }
    }

    /** Content: a liked movie contributes preference / (1 + position) to each of its neighbours. */
    @Test
    void contentContributionsAreTheNeighbourTerms() {
        java.util.List<io.reelstream.topology.model.CatalogItem> items = new java.util.ArrayList<>();
        for (int id = 1; id <= 10; id++) {
            int[] neighbours = id == 1 ? new int[]{5, 6} : id == 2 ? new int[]{6, 5} : new int[0];
            items.add(new io.reelstream.topology.model.CatalogItem(id, new float[]{1f, (float) id}, "Movie " + id,
                    2000, java.util.List.of(), 10 - id, id, neighbours));
        }
        ModelSnapshot m = ModelSnapshot.build("c", 0L, items, FoldInParams.TRAINER_DEFAULTS,
                io.reelstream.topology.rank.ScanRanker::new);
        UserState s = new UserState(1);
        s.recordSwipe(1, 2, 1);
        s.recordSwipe(2, 1, 2);
        Explanations.Explanation x = Explanations.explain(s, m, Strategy.CONTENT, m.rowOf(5), 5);
        // movie 5 is 1st neighbour of movie 1 (superliked: 2/1) and 2nd of movie 2 (liked: 1/2)
        assertEquals(2.5, x.total(), 1e-9);
        assertEquals(1, x.contributions().get(0).movieId());
        assertEquals(2.0, x.contributions().get(0).value(), 1e-9);
    }

    @Test
    void popularListsHaveNoContributions() {
        ModelSnapshot m = model();
        Explanations.Explanation x = Explanations.explain(new UserState(1), m, Strategy.POPULAR, 0, 5);
        assertTrue(x.contributions().isEmpty());
        assertEquals(0.0, x.total());
    }
}
