package io.reelstream.trainer.eval;

import io.reelstream.core.als.AlsModel;
import io.reelstream.core.rank.Scoring;
import io.reelstream.core.rank.TopK;

/**
 * Implicit ALS under evaluation: score_i = xu · yi over every fitted item (core {@link Scoring}),
 * top K by core {@link TopK} (ties to the lower index = lower movieId), seen items excluded.
 * A user without fitted ratings has no factors and scores 0 everywhere. O(items·k) per user.
 */
public record AlsRecommender(AlsModel model) implements RecommenderModel {
    public static final String NAME = "als";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Recommender newRecommender() {
        int k = model.k();
        float[] scores = new float[model.items()];
        float[] xu = new float[k];
        TopK top = new TopK(64);
        return (user, seen, n, out) -> {
            if (user >= 0) System.arraycopy(model.userFactors(), model.userOffset(user), xu, 0, k);
            else java.util.Arrays.fill(xu, 0f);
            Scoring.scoreAll(model.itemFactors(), model.items(), k, xu, scores);
            TopK heap = n <= top.capacity() ? top : new TopK(n);
            heap.reset();
            for (int i = 0; i < scores.length; i++) if (!seen.test(i)) heap.offer(i, scores[i]);
            return heap.drainBestFirst(n, out, null);
        };
    }
}
