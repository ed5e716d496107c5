package io.reelstream.trainer.eval;

import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.FoldInSolver;
import io.reelstream.core.als.UserSolve;
import io.reelstream.core.preference.Preference;
import io.reelstream.core.rank.Scoring;
import io.reelstream.core.rank.TopK;
import io.reelstream.core.recency.RecencyWeights;
import io.reelstream.trainer.split.ChronologicalHistory;

/**
 * Implicit ALS with recency: each user's vector re-solved by the decayed fold-in against the trained
 * item factors — the topology's exact fold-in with every confidence weighed by the swipe's age,
 * <pre>
 *   xu = (YᵀY + Yᵀ(Cu − I)Y + λ_u·I)⁻¹ · YᵀCu·pu,   c_ui = w(age_i)·(1 + α·|p_i|)  (core Preference.confidence(p, α, w))
 *   λ_u = AlsParams.lambdaFor(n_u, YᵀY)              the trainer's and the stream's ridge
 * </pre>
 * solved by core {@link FoldInSolver}, then scored xu·yi over every fitted item like {@link AlsRecommender}.
 * O(n_u·k² + k³ + items·k) per user.
 */
public final class AlsRecencyRecommender implements RecommenderModel {
    public static final String NAME = "als+recency";

    private final AlsModel model;
    private final AlsParams params;
    private final ChronologicalHistory history;
    private final RecencyWeights recency;
    private final double[] YtY;
    private final FoldInSolver solver;

    public AlsRecencyRecommender(AlsModel model, AlsParams params, ChronologicalHistory history, RecencyWeights recency) {
        this.model = model;
        this.params = params;
        this.history = history;
        this.recency = recency;
        this.YtY = UserSolve.gramian(model.itemFactors(), model.items(), model.k());
        this.solver = FoldInSolver.of(model.itemFactors(), model.items(), model.k(), YtY);
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
        float[][] buffers = {new float[history.maxSize()], new float[history.maxSize()]};
        TopK top = new TopK(64);
        return (user, seen, n, out) -> {
            int count = h.fill(user);
            float[] xu;
            if (count == 0) {
                xu = new float[k];
            } else {
                float[] cu = buffers[0], pu = buffers[1];
                for (int t = 0; t < count; t++) {
                    cu[t] = Preference.confidence(h.preference[t], params.alpha(), h.decay[t]);
                    pu[t] = Preference.target(h.preference[t]);
                }
                xu = solver.solve(h.rows, cu, pu, count, params.lambdaFor(count, YtY));
            }
            Scoring.scoreAll(model.itemFactors(), model.items(), k, xu, scores);
            TopK heap = n <= top.capacity() ? top : new TopK(n);
            heap.reset();
            for (int i = 0; i < scores.length; i++) if (!seen.test(i)) heap.offer(i, scores[i]);
            return heap.drainBestFirst(n, out, null);
        };
    }
}
