package io.reelstream.trainer.eval;

import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.blend.BlendScorer;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.core.recency.RecencyWeights;
import io.reelstream.trainer.split.ChronologicalHistory;

/**
 * The blend of the item-to-item model and ALS under evaluation, scored by core {@link BlendScorer} —
 * the class the stream calls for a blend version — from what the stream has for a user: the history
 * (oldest first by (timestamp, movieId)) and the version's factors and neighbour lists:
 * <pre>
 *   score_i = (1 − β)·ii_i / max|ii| + β·als_i / max|als|
 *   ii_i  = Σ_j recency(age_j)·x(p_j)·B[j, i]     the itemitem row's serving form
 *   als_i = xu·y_i, xu = the decayed fold-in       the als+recency row's vector ({@link DecayedFoldIn})
 * </pre>
 * The ALS side uses the decayed fold-in rather than the trained user factors because it scored higher
 * in the blend on every slice measured (offline-trainer/README.md, "The blend"), and because it is a
 * function of the history alone, which is what the stream holds. A short list is topped up from
 * {@code fallback} (popularity), as the item-to-item row is. O(n_u·k² + k³ + |history|·M + items·k) per user.
 */
public final class BlendRecommender implements RecommenderModel {
    public static final String NAME = "blend";

    private final AlsModel als;
    private final ItemNeighbours neighbours;
    private final ChronologicalHistory history;
    private final PreferenceWeights weights;
    private final RecencyWeights recency;
    private final float beta;
    private final int[] fallback;
    private final DecayedFoldIn foldIn;

    /** @param beta the blend weight in [0, 1] (0 = item-to-item only, 1 = ALS only) */
    public BlendRecommender(AlsModel als, AlsParams alsParams, ItemNeighbours neighbours, ChronologicalHistory history,
                            PreferenceWeights weights, RecencyWeights recency, double beta, int[] fallback) {
        if (neighbours.rows() != als.items()) {
            throw new IllegalArgumentException("the blend needs ALS and item-to-item over the same items: " + als.items()
                    + " factor rows, " + neighbours.rows() + " neighbour rows");
        }
        this.als = als;
        this.neighbours = neighbours;
        this.history = history;
        this.weights = weights;
        this.recency = recency;
        this.beta = BlendScorer.requireWeight(beta);
        this.fallback = fallback;
        this.foldIn = new DecayedFoldIn(als, alsParams);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Recommender newRecommender() {
        HistoryWeights h = new HistoryWeights(history, weights, recency);
        DecayedFoldIn.Solve solve = foldIn.newSolve();
        BlendScorer scorer = new BlendScorer();
        return (user, seen, n, out) -> {
            int count = h.fill(user);
            float[] xu = count == 0 ? null : solve.xu(h, count);
            int got = scorer.recommend(neighbours, h.rows, h.value, count, als.itemFactors(), als.k(), xu, beta, seen, n,
                    out, null, null);
            return ItemItemRecommender.topUp(fallback, seen, n, out, got);
        };
    }
}
