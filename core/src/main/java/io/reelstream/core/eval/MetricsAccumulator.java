package io.reelstream.core.eval;

import java.util.BitSet;

/**
 * Means of the per-user figures over the scored users, plus Coverage@K = distinct items in all
 * top-K lists / items in the fitted data. Items are identified by a dense index in [0, items).
 * Not thread-safe: one per evaluator thread, then {@link #merge}.
 */
public final class MetricsAccumulator {
    private final int k;
    private final int catalogueSize;
    private final BitSet recommended;
    private long users;
    private double recallSum;
    private double precisionSum;
    private double ndcgSum;

    public MetricsAccumulator(int k, int catalogueSize) {
        this.k = k;
        this.catalogueSize = catalogueSize;
        this.recommended = new BitSet(catalogueSize);
    }

    /** Adds one scored user: its list as dense item indices and its figures. */
    public void add(int[] rankedIndices, RankingMetrics.UserScores scores) {
        users++;
        recallSum += scores.recall();
        precisionSum += scores.precision();
        ndcgSum += scores.ndcg();
        for (int i = 0; i < Math.min(k, rankedIndices.length); i++) recommended.set(rankedIndices[i]);
    }

    public void merge(MetricsAccumulator other) {
        users += other.users;
        recallSum += other.recallSum;
        precisionSum += other.precisionSum;
        ndcgSum += other.ndcgSum;
        recommended.or(other.recommended);
    }

    public Summary summary() {
        double n = Math.max(1, users);
        return new Summary(k, users, recallSum / n, precisionSum / n, ndcgSum / n,
                catalogueSize == 0 ? 0 : recommended.cardinality() / (double) catalogueSize);
    }

    /** The mean figures over the scored users. */
    public record Summary(int k, long users, double recall, double precision, double ndcg, double coverage) {}
}
