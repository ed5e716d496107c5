package io.reelstream.topology.rank;

import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.rank.Scoring;
import io.reelstream.core.rank.TopK;

import java.util.function.IntPredicate;

/**
 * The reference ranker: a full scan of xu · yi with core's {@link TopK}. O(n·k) per call; holds
 * no scratch state (a TopK of n entries per call), so concurrent calls are safe.
 */
public final class ScanRanker implements CandidateRanker {
    private final float[] Y;
    private final int rows;
    private final int k;

    public ScanRanker(FactorMatrix items) {
        this.Y = items.values();
        this.rows = items.rows();
        this.k = items.k();
    }

    @Override
    public int topN(float[] xu, int n, IntPredicate excludedRow, int[] outRows, float[] outScores) {
        if (n <= 0) return 0;
        TopK top = new TopK(n);
        for (int i = 0; i < rows; i++) {
            if (excludedRow != null && excludedRow.test(i)) continue;
            top.offer(i, Scoring.dot(Y, i * k, xu, k));
        }
        return top.drainBestFirst(n, outRows, outScores);
    }
}
