package io.reelstream.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RankingMetricsTest {
    private static final double EPS = 1e-12;

    @Test
    void hitsAtRanksZeroAndTwoOfThreeRelevant() {
        // relevant {10, 30, 99}; list hits 10 at rank 0 and 30 at rank 2
        RankingMetrics.UserScores s = RankingMetrics.score(new int[] {10, 20, 30, 40}, 10, new int[] {10, 30, 99});
        assertEquals(2, s.hits());
        assertEquals(2.0 / 3, s.recall(), EPS);
        assertEquals(2.0 / 10, s.precision(), EPS);
        double dcg = 1 / log2(2) + 1 / log2(4);
        double idcg = 1 / log2(2) + 1 / log2(3) + 1 / log2(4);
        assertEquals(dcg / idcg, s.ndcg(), EPS);
    }

    @Test
    void onlyTheFirstKEntriesCountAndIdcgIsCappedAtK() {
        RankingMetrics.UserScores s = RankingMetrics.score(new int[] {1, 2, 3}, 2, new int[] {3, 4, 5});
        assertEquals(0, s.hits());
        assertEquals(0.0, s.ndcg(), EPS);
        RankingMetrics.UserScores perfect = RankingMetrics.score(new int[] {4, 5, 3}, 2, new int[] {3, 4, 5});
        assertEquals(1.0, perfect.ndcg(), EPS); // IDCG sums min(K, |relevant|) = 2 ranks
        assertEquals(2.0 / 3, perfect.recall(), EPS);
    }

    @Test
    void accumulatorAveragesUsersAndCountsCoverage() {
        MetricsAccumulator acc = new MetricsAccumulator(2, 10);
        acc.add(new int[] {0, 1}, new RankingMetrics.UserScores(1, 0.5, 0.5, 1.0));
        MetricsAccumulator other = new MetricsAccumulator(2, 10);
        other.add(new int[] {1, 2}, new RankingMetrics.UserScores(0, 0.0, 0.0, 0.0));
        acc.merge(other);
        MetricsAccumulator.Summary s = acc.summary();
        assertEquals(2, s.users());
        assertEquals(0.25, s.recall(), EPS);
        assertEquals(0.5, s.ndcg(), EPS);
        assertEquals(0.3, s.coverage(), EPS); // items {0, 1, 2} of 10
    }

    @Test
    void rankOfFindsTheItemWithinK() {
        assertEquals(1, RankingMetrics.rankOf(new int[] {5, 7, 9}, 10, 7));
        assertEquals(-1, RankingMetrics.rankOf(new int[] {5, 7, 9}, 2, 9));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }
}
