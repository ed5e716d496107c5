package io.reelstream.trainer.eval;

import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.FoldInSolver;
import io.reelstream.core.als.UserSolve;
import io.reelstream.core.preference.Preference;

/**
 * A user's vector re-solved from their history against trained item factors, every confidence weighed
 * by the swipe's age — the topology's decayed fold-in ({@code update.rule=foldin-recency}, and the ALS
 * side of a blend version):
 * <pre>
 *   xu = (YᵀY + Yᵀ(Cu − I)Y + λ_u·I)⁻¹ · YᵀCu·pu,   c_ui = w(age_i)·(1 + α·|p_i|)  (core Preference.confidence(p, α, w))
 *   λ_u = AlsParams.lambdaFor(n_u, YᵀY)              the trainer's and the stream's ridge
 * </pre>
 * solved by core {@link FoldInSolver}; YᵀY and its eigenbasis once per model. O(n_u·k² + k³) per user.
 * Shared read-only across threads; {@link #newSolve()} gives a thread its buffers.
 */
final class DecayedFoldIn {
    private final AlsModel model;
    private final AlsParams params;
    private final double[] YtY;
    private final FoldInSolver solver;

    DecayedFoldIn(AlsModel model, AlsParams params) {
        this.model = model;
        this.params = params;
        this.YtY = UserSolve.gramian(model.itemFactors(), model.items(), model.k());
        this.solver = FoldInSolver.of(model.itemFactors(), model.items(), model.k(), YtY);
    }

    /** One thread's solve: xu of the history {@link HistoryWeights#fill} last filled (count entries); zeros when empty. */
    interface Solve {
        float[] xu(HistoryWeights h, int count);
    }

    Solve newSolve() {
        float[][] buffers = {new float[16], new float[16]};
        float[] zeros = new float[model.k()];
        return (h, count) -> {
            if (count == 0) return zeros;
            if (buffers[0].length < count) {
                buffers[0] = new float[count];
                buffers[1] = new float[count];
            }
            float[] cu = buffers[0], pu = buffers[1];
            for (int t = 0; t < count; t++) {
                cu[t] = Preference.confidence(h.preference[t], params.alpha(), h.decay[t]);
                pu[t] = Preference.target(h.preference[t]);
            }
            return solver.solve(h.rows, cu, pu, count, params.lambdaFor(count, YtY));
        };
    }
}
