package io.reelstream.trainer.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reelstream.core.eval.RankingMetrics;
import io.reelstream.trainer.io.RatingsTable;
import io.reelstream.trainer.popularity.PopularityModel;
import io.reelstream.trainer.popularity.PopularityRecommender;
import io.reelstream.trainer.split.FittedData;
import io.reelstream.trainer.split.HeldOut;
import org.junit.jupiter.api.Test;

/** PROTOCOL.md's rules on a hand-sized case: candidates, seen filter, relevance and coverage. */
class EvaluatorTest {

    @Test
    void scoresOnlyFittedCandidatesMinusFittedItemsAgainstPositiveHeldOutItems() {
        RatingsTable t = new RatingsTable();
        // fitted (slice 0): movie 10 rated by 3 users, 20 by 2, 30 by 1, all 5.0
        t.add(1, 10, 5f, 1, 1);
        t.add(2, 10, 5f, 1, 2);
        t.add(3, 10, 5f, 1, 3);
        t.add(2, 20, 5f, 1, 4);
        t.add(3, 20, 5f, 1, 5);
        t.add(3, 30, 5f, 1, 6);
        // held out: user 1 likes 20 (hit possible) and 99 (not in the fitted data: never a hit);
        // user 2 dislikes 30 (not relevant → user 2 is not scored); user 3 likes 10, which it has seen.
        t.add(1, 20, 4f, 2, 7);
        t.add(1, 99, 3f, 2, 8);
        t.add(2, 30, 2.5f, 2, 9);
        t.add(3, 10, 4f, 2, 10);
        boolean[] fittedRow = {true, true, true, true, true, true, false, false, false, false};
        FittedData fitted = FittedData.of(t, r -> fittedRow[r]);
        HeldOut heldOut = HeldOut.of(t, r -> !fittedRow[r]);
        assertEquals(2, heldOut.users(), "user 2 has no relevant held-out item");
        assertArrayEquals(new int[] {20, 99}, heldOut.relevant(0));

        // m = 0: plain mean rating, all 5.0, so the ranking is by movieId: 10, 20, 30
        Evaluator evaluator = new Evaluator(fitted, heldOut, new long[fitted.itemCount()], 2, 1);
        ModelEvaluation e = evaluator.evaluate(new PopularityRecommender(PopularityModel.fit(fitted, 0)), new int[] {0, 1});

        // user 1 saw 10 → list [20, 30]: hit at rank 0 of 2 relevant
        assertEquals(1, e.perUser().hits()[0]);
        assertEquals(0.5, e.perUser().recall()[0], 1e-12);
        assertEquals(0.5, e.perUser().precision()[0], 1e-12);
        assertEquals(1.0 / (1 + RankingMetrics.discount(1)), e.perUser().ndcg()[0], 1e-12);
        // user 3 saw 10, 20, 30 → empty list, no hit on its seen movie 10
        assertEquals(0, e.perUser().hits()[1]);
        assertEquals(2, e.users());
        assertEquals(0.25, e.recall(), 1e-12);
        assertEquals(2 / 3.0, e.coverage(), 1e-12, "20 and 30 of 3 fitted movies");
    }

    @Test
    void diversityIsMeanPairwiseJaccardDistance() {
        long[] genres = {0b011, 0b010, 0b100};
        // pairs: (0,1) J = 1/2 → 0.5; (0,2) J = 0 → 1; (1,2) J = 0 → 1; mean 2.5 / 3
        assertEquals(2.5 / 3, GenreDiversity.of(new int[] {0, 1, 2}, 3, genres), 1e-12);
        assertEquals(0, GenreDiversity.of(new int[] {0}, 1, genres));
    }
}
