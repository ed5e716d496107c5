package io.reelstream.core.blend;

import io.reelstream.core.itemitem.ItemItemScorer;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.rank.Scoring;
import io.reelstream.core.rank.TopK;
import java.util.function.IntPredicate;

/**
 * Ranks a catalogue for one user by a blend of the item-to-item model and implicit ALS: the one
 * blend formula the trainer's evaluation ({@code blend} row, {@code tune}'s blend kind) and the
 * topology's swipe processor share.
 *
 * <pre>
 *   ii_i    = Σ_j r_j · B[j, i]                  core ItemItemScorer over the history (0 where no history item points)
 *   als_i   = xu · y_i                           xu = the user's vector in the same version (the decayed fold-in)
 *   score_i = (1 − β) · ii_i / max_u|ii| + β · als_i / max_u|als|
 *   max_u|s| = max over the user's unseen items of |s_i|   (1 when that is 0)
 *   because_i = item-to-item's: argmax_j r_j · B[j, i], or -1 where only ALS reaches i
 * </pre>
 * Dividing each side by its largest magnitude puts both on [−1, 1] for this user, so β is a share,
 * not a units conversion: the two sides' raw scales differ by user (a long history sums many
 * neighbour weights) and by version. Chosen by measurement (offline-trainer/README.md, "The blend"):
 * against standardising each side over the catalogue and min-max scaling it scored within ±0.002
 * NDCG@10, and it needs no second pass.
 *
 * <p>An item is ranked when a side with a weight above 0 reaches it: ALS reaches every item, the
 * item-to-item model the neighbours of the history. So β = 0 ranks exactly what
 * {@link ItemItemScorer#recommend} ranks and β = 1 exactly ALS's order (ties to the lower row in both).
 * Seen items are skipped. Cost O(|history| · M + n · k + n · log N) for n catalogue rows: one dense
 * scan of the factors, as ALS without a pruned ranker. One instance per thread; a call allocates nothing
 * once the buffers fit the catalogue.
 */
public final class BlendScorer {
    private final ItemItemScorer itemItem = new ItemItemScorer();
    private float[] als = new float[0];
    private TopK top = new TopK(16);

    /**
     * β as a blend weight, or an IllegalArgumentException naming the problem.
     *
     * @return β as a float
     */
    public static float requireWeight(double beta) {
        if (!(beta >= 0 && beta <= 1)) {
            throw new IllegalArgumentException("blend weight must be in [0, 1] (0 = item-to-item only, 1 = ALS only), got "
                    + beta);
        }
        return (float) beta;
    }

    /**
     * @param neighbours   the item-to-item model's neighbour lists (rows of B), over the same rows as Y
     * @param historyRows  the user's history as rows, -1 for items the model does not know (skipped)
     * @param historyValue r_j per history entry (recency weight × preference weight)
     * @param count        history entries to read
     * @param Y            item factors, row-major rows × k, the rows of {@code neighbours}
     * @param xu           the user's vector (k floats), or null when the user has none (the ALS side then reaches nothing)
     * @param beta         the blend weight β in [0, 1]
     * @param seen         rows never to return
     * @param n            list length wanted
     * @param outRows      receives up to n rows, best first
     * @param outScores    their blended scores (may be null)
     * @param outBecause   for each, item-to-item's because row, or -1 (may be null)
     * @return how many rows were written
     */
    public int recommend(ItemNeighbours neighbours, int[] historyRows, float[] historyValue, int count,
                         float[] Y, int k, float[] xu, float beta, IntPredicate seen,
                         int n, int[] outRows, float[] outScores, int[] outBecause) {
        requireWeight(beta);
        if (n <= 0) return 0;
        int rows = neighbours.rows();
        if (Y.length != rows * k) {
            throw new IllegalArgumentException("item factors hold " + Y.length + " values, not rows · k = " + rows + " · " + k
                    + ": the blend needs both sides over the same rows");
        }
        if (top.capacity() < n) top = new TopK(n);
        boolean alsReaches = beta > 0 && xu != null;
        boolean itemItemReaches = beta < 1;
        try {
            itemItem.accumulate(neighbours, historyRows, historyValue, count);
            float iiScale = (1 - beta) / maxAbsUnseen(itemItem, seen);
            top.reset(n);
            if (alsReaches) {
                if (als.length != rows) als = new float[rows];
                Scoring.scoreAll(Y, rows, k, xu, als);
                float alsScale = beta / maxAbsUnseen(als, seen);
                for (int i = 0; i < rows; i++) {
                    if (!seen.test(i)) top.offer(i, iiScale * itemItem.score(i) + alsScale * als[i]);
                }
            } else if (itemItemReaches) {
                for (int t = 0; t < itemItem.touchedCount(); t++) {
                    int i = itemItem.touched(t);
                    if (!seen.test(i)) top.offer(i, iiScale * itemItem.score(i));
                }
            }
            int written = top.drainBestFirst(n, outRows, outScores);
            if (outBecause != null) {
                for (int t = 0; t < written; t++) {
                    int i = outRows[t];
                    outBecause[t] = itemItem.reached(i) ? itemItem.because(i) : -1;
                }
            }
            return written;
        } finally {
            itemItem.clear();
        }
    }

    /** max |ii_i| over the unseen items the history reaches; 1 when there are none or all are 0. */
    private static float maxAbsUnseen(ItemItemScorer scores, IntPredicate seen) {
        float max = 0f;
        for (int t = 0; t < scores.touchedCount(); t++) {
            int i = scores.touched(t);
            if (!seen.test(i)) max = Math.max(max, Math.abs(scores.score(i)));
        }
        return max > 0f ? max : 1f;
    }

    /** max |s_i| over the unseen rows; 1 when all are 0. */
    private static float maxAbsUnseen(float[] s, IntPredicate seen) {
        float max = 0f;
        for (int i = 0; i < s.length; i++) if (!seen.test(i)) max = Math.max(max, Math.abs(s[i]));
        return max > 0f ? max : 1f;
    }
}
