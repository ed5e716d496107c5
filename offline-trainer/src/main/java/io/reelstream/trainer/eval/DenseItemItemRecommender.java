package io.reelstream.trainer.eval;

import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.core.rank.TopK;
import io.reelstream.core.recency.RecencyWeights;
import io.reelstream.trainer.itemitem.ItemItemModel;
import io.reelstream.trainer.split.ChronologicalHistory;

/**
 * The item-to-item model before the top-M cut: score_i = Σ_j r_j·B[j, i] with every entry of B (the
 * dense head, plus the tail's sparse columns when there is a tail). Only to measure what the serving
 * form's cut costs; never served. O(|history|·n_h + n·log K) per user.
 */
public record DenseItemItemRecommender(String name, ItemItemModel model, ChronologicalHistory history, PreferenceWeights weights,
                                       RecencyWeights recency, int[] fallback) implements RecommenderModel {

    @Override
    public Recommender newRecommender() {
        float[] B = model.denseHead();
        if (B == null) throw new IllegalStateException("the dense item-to-item matrix was released");
        int nh = model.headCount();
        int n = model.items();
        int[] columnOf = model.headColumnOfItem();
        HistoryWeights h = new HistoryWeights(history, weights, recency);
        float[] scores = new float[n];
        boolean[] reached = new boolean[n];
        TopK top = new TopK(64);
        return (user, seen, k, out) -> {
            java.util.Arrays.fill(scores, 0f);
            java.util.Arrays.fill(reached, false);
            int count = h.fill(user);
            for (int t = 0; t < count; t++) {
                float r = h.value[t];
                if (r == 0f) continue;
                int j = h.rows[t];
                int c = columnOf == null ? j : columnOf[j];
                if (c >= 0) {
                    int row = c * nh;
                    for (int i = 0; i < nh; i++) {
                        float b = B[row + i];
                        if (b == 0f) continue;
                        int item = model.headItem(i);
                        scores[item] += r * b;
                        reached[item] = true;
                    }
                }
                if (model.tailColumns() != null) {
                    var tail = model.tailColumns();
                    for (int e = tail.start(j); e < tail.end(j); e++) {
                        scores[tail.neighbour(e)] += r * tail.weight(e);
                        reached[tail.neighbour(e)] = true;
                    }
                }
            }
            TopK heap = k <= top.capacity() ? top : new TopK(k);
            heap.reset();
            for (int i = 0; i < n; i++) if (reached[i] && !seen.test(i)) heap.offer(i, scores[i]);
            int got = heap.drainBestFirst(k, out, null);
            return ItemItemRecommender.topUp(fallback, seen, k, out, got);
        };
    }
}
