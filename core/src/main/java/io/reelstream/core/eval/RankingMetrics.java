package io.reelstream.core.eval;

import java.util.Arrays;

/**
 * PROTOCOL.md's per-user metrics at K with binary gains. A user's relevant set is the movies with
 * a positive preference (rating >= 3.0) in the scored slice, given here as a sorted id array.
 * <pre>
 *   Recall@K    = hits / |relevant|
 *   Precision@K = hits / K
 *   NDCG@K      = Σ_{hit ranks i, 0-based} 1/log2(i + 2)  /  Σ_{i < min(K, |relevant|)} 1/log2(i + 2)
 * </pre>
 * The offline evaluator and the live replay evaluation both use these.
 */
public final class RankingMetrics {
    private RankingMetrics() {}

    /** One user's figures. */
    public record UserScores(int hits, double recall, double precision, double ndcg) {}

    /** Scores a ranked list (best first, only its first k entries count) against a sorted relevant set. */
    public static UserScores score(int[] ranked, int k, int[] relevantSorted) {
        if (relevantSorted.length == 0) throw new IllegalArgumentException("a scored user needs at least one relevant item");
        int limit = Math.min(k, ranked.length);
        int hits = 0;
        double dcg = 0;
        for (int i = 0; i < limit; i++) {
            if (Arrays.binarySearch(relevantSorted, ranked[i]) >= 0) {
                hits++;
                dcg += discount(i);
            }
        }
        double idcg = 0;
        for (int i = 0; i < Math.min(k, relevantSorted.length); i++) idcg += discount(i);
        return new UserScores(hits, hits / (double) relevantSorted.length, hits / (double) k, dcg / idcg);
    }

    /** 1 / log2(rank + 2) for a 0-based rank. */
    public static double discount(int rank) {
        return 1.0 / (Math.log(rank + 2) / Math.log(2));
    }

    /** Rank (0-based) of item in the first k entries of ranked, or -1: the replay evaluation's hit test. */
    public static int rankOf(int[] ranked, int k, int item) {
        for (int i = 0; i < Math.min(k, ranked.length); i++) if (ranked[i] == item) return i;
        return -1;
    }
}
