package io.reelstream.core.rank;

import io.reelstream.core.model.FactorMatrix;
import java.util.function.IntPredicate;

/**
 * The reference ranking: score every row with {@link Scoring#dot} (score_i = xu · yi, summed in
 * dimension order in float32), skip excluded rows, keep the best n with {@link TopK} (ties go to
 * the lower row). {@link ItemRanker} must return exactly this list. Cost O(n_items·k + n_items·log N)
 * per call; allocates one TopK per call; thread-safe (holds only the immutable factors).
 */
public final class ExactRanker {
    private final float[] Y;
    private final int rows;
    private final int k;

    public ExactRanker(FactorMatrix items) {
        RankArgs.checkItems(items);
        this.Y = items.values();
        this.rows = items.rows();
        this.k = items.k();
    }

    public int rows() {
        return rows;
    }

    public int k() {
        return k;
    }

    /**
     * The best min(n, rows) rows for xu, best first, into outRows (and their scores into outScores
     * unless it is null); returns how many were written (fewer when rows are excluded).
     *
     * @param excludedRow rows to skip (the user's seen items), or null for none
     * @throws IllegalArgumentException n ≤ 0, xu of the wrong length or not finite, outputs too short
     */
    public int topN(float[] xu, int n, IntPredicate excludedRow, int[] outRows, float[] outScores) {
        int count = RankArgs.check(xu, k, rows, n, outRows, outScores);
        if (count == 0) return 0;
        TopK top = new TopK(count);
        for (int r = 0; r < rows; r++) {
            if (excludedRow != null && excludedRow.test(r)) continue;
            top.offer(r, Scoring.dot(Y, r * k, xu, k));
        }
        return top.drainBestFirst(count, outRows, outScores);
    }
}
