package io.reelstream.trainer.content;

import io.reelstream.core.preference.Preference;
import io.reelstream.core.rank.TopK;
import io.reelstream.trainer.eval.Recommender;
import io.reelstream.trainer.eval.RecommenderModel;
import io.reelstream.trainer.split.FittedData;

/**
 * Content-based recommendations by similarity to the user's liked fitted items:
 * <pre>
 *   score_j = Σ_{i liked by u} preference_ui · sim(i, j)    over j in the neighbour list of i
 * </pre>
 * (preference +1 like, +2 superlike). Only neighbour lists are read, so a user costs
 * O(liked · K) plus a top-K pass over the touched items.
 */
public record ContentRecommender(FittedData fitted, ContentNeighbours neighbours) implements RecommenderModel {
    public static final String NAME = "content";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Recommender newRecommender() {
        float[] score = new float[fitted.itemCount()];
        int[] touched = new int[fitted.itemCount()];
        boolean[] isTouched = new boolean[fitted.itemCount()];
        return (user, seen, k, out) -> {
            if (user < 0) return 0;
            int nTouched = 0;
            for (int e = fitted.start(user); e < fitted.end(user); e++) {
                int pref = fitted.preference(e);
                if (!Preference.isPositive(pref)) continue;
                int i = fitted.item(e);
                for (int j = 0; j < neighbours.k(); j++) {
                    int nb = neighbours.neighbour(i, j);
                    if (nb < 0) break;
                    if (!isTouched[nb]) {
                        isTouched[nb] = true;
                        touched[nTouched++] = nb;
                    }
                    score[nb] += pref * neighbours.score(i, j);
                }
            }
            TopK top = new TopK(Math.max(1, k));
            for (int t = 0; t < nTouched; t++) {
                int item = touched[t];
                if (!seen.test(item)) top.offer(item, score[item]);
                score[item] = 0f;
                isTouched[item] = false;
            }
            return top.drainBestFirst(k, out, null);
        };
    }
}
