package io.reelstream.trainer.eval;

import io.reelstream.core.itemitem.ItemItemScorer;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.core.recency.RecencyWeights;
import io.reelstream.trainer.split.ChronologicalHistory;

/**
 * The item-to-item model under evaluation in its serving form — the neighbour lists the run writes
 * and the stream loads — scored by core {@link ItemItemScorer}, so the offline figure is the one the
 * stream computes for the same history:
 * <pre>
 *   score_i = Σ_j recency(age_j)·x(p_j)·B[j, i]   over the user's fitted history j, oldest first by (timestamp, movieId)
 * </pre>
 * Seen items are skipped; a list shorter than K (few items reachable) is topped up from
 * {@code fallback} (the popularity ranking), as the stream tops a short list up.
 * O(|history|·M + touched·log K) per user.
 */
public record ItemItemRecommender(String name, ItemNeighbours model, ChronologicalHistory history, PreferenceWeights weights,
                                  RecencyWeights recency, int[] fallback) implements RecommenderModel {
    public static final String NAME = "itemitem";

    @Override
    public Recommender newRecommender() {
        HistoryWeights h = new HistoryWeights(history, weights, recency);
        ItemItemScorer scorer = new ItemItemScorer();
        return (user, seen, n, out) -> {
            int count = h.fill(user);
            int got = scorer.recommend(model, h.rows, h.value, count, seen, n, out, null, null);
            return topUp(fallback, seen, n, out, got);
        };
    }

    /** Appends fallback items not seen and not listed until n are listed. O(n·|fallback scanned|). */
    static int topUp(int[] fallback, java.util.function.IntPredicate seen, int n, int[] out, int got) {
        for (int r = 0; r < fallback.length && got < n; r++) {
            int i = fallback[r];
            if (seen.test(i)) continue;
            boolean listed = false;
            for (int t = 0; t < got && !listed; t++) listed = out[t] == i;
            if (!listed) out[got++] = i;
        }
        return got;
    }
}
