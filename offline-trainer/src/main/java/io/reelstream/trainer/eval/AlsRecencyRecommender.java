package io.reelstream.trainer.eval;

import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.rank.Scoring;
import io.reelstream.core.rank.TopK;
import io.reelstream.core.recency.RecencyWeights;
import io.reelstream.trainer.split.ChronologicalHistory;

/**
 * Implicit ALS with recency: each user's vector re-solved by the decayed fold-in against the trained
 * item factors ({@link DecayedFoldIn}: the topology's fold-in with every confidence weighed by the
 * swipe's age, c_ui = w(age_i)·(1 + α·|p_i|)), then scored xu·yi over every fitted item like
 * {@link AlsRecommender}. O(n_u·k² + k³ + items·k) per user.
 */
public final class AlsRecencyRecommender implements RecommenderModel {
    public static final String NAME = "als+recency";

    private final AlsModel model;
    private final ChronologicalHistory history;
    private final RecencyWeights recency;
    private final DecayedFoldIn foldIn;

    public AlsRecencyRecommender(AlsModel model, AlsParams params, ChronologicalHistory history, RecencyWeights recency) {
        this.model = model;
        this.history = history;
        this.recency = recency;
        this.foldIn = new DecayedFoldIn(model, params);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Recommender newRecommender() {
        int k = model.k();
        float[] scores = new float[model.items()];
        HistoryWeights h = new HistoryWeights(history, null, recency);
        DecayedFoldIn.Solve solve = foldIn.newSolve();
        TopK top = new TopK(64);
        return (user, seen, n, out) -> {
            float[] xu = solve.xu(h, h.fill(user));
            Scoring.scoreAll(model.itemFactors(), model.items(), k, xu, scores);
            TopK heap = n <= top.capacity() ? top : new TopK(n);
            heap.reset();
            for (int i = 0; i < scores.length; i++) if (!seen.test(i)) heap.offer(i, scores[i]);
            return heap.drainBestFirst(n, out, null);
        };
    }
}
