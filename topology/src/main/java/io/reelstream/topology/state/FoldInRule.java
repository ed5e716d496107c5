package io.reelstream.topology.state;

import io.reelstream.core.als.FoldInSolver;
import io.reelstream.core.als.UserSolve;
import io.reelstream.core.preference.Preference;
import io.reelstream.topology.model.FoldInParams;
import io.reelstream.topology.model.ModelSnapshot;

/**
 * The exact implicit-ALS fold-in over the user's whole stored history, Hu, Koren and Volinsky's
 * user half-step with the items fixed:
 * <pre>
 *   xu = (YᵀY + Yᵀ(Cu − I)Y + λ_u·I)⁻¹ · YᵀCu·pu
 *   p_ui = [preference > 0],  c_ui = 1 + α·|preference|,  λ_u = core AlsParams.lambdaFor(n_u, YᵀY) (the trainer's)
 * </pre>
 * computed exactly by core {@link FoldInSolver} (cached per model version: YᵀY and its
 * eigendecomposition), which solves the equation of the trainer's core {@link UserSolve}: by the
 * Woodbury identity in O(n_u²·k + n_u³ + k²) for histories up to k/2 entries — about 3 µs at k = 64
 * for the few-swipe users a stream mostly sees — and by Cholesky in O(n_u·k² + k³) beyond. With
 * {@code foldin.cg.steps > 0}, O(steps·(n_u·k + k²)) by CG warm-started from the previous vector.
 * The result depends only on the history, so {@link #rebuild} is the same solve: a version switch
 * costs one solve.
 *
 * <p><b>Decayed</b> ({@code update.rule=foldin-recency}): the same solve with each swipe's confidence
 * scaled by its age, c_ui = w(age_i)·(1 + α·|preference|) (core {@link Preference#confidence(int, float, float)},
 * w from the version's recency settings, core RecencyWeights over the history oldest first) — the
 * trainer's {@code als+recency} evaluation, so a user's latest swipes weigh most. Every swipe ages
 * the others, so each swipe is a full solve (the exact route; no CG warm start).
 */
public final class FoldInRule implements UpdateRule {
    private final int cgSteps;
    private final boolean decayed;

    /** @param cgSteps 0 = exact solve (Woodbury or Cholesky); otherwise conjugate-gradient steps from the old vector */
    public FoldInRule(int cgSteps) {
        this(cgSteps, false);
    }

    /** @param decayed weigh each swipe's confidence by its recency (the decayed fold-in) */
    public FoldInRule(int cgSteps, boolean decayed) {
        if (cgSteps < 0) throw new IllegalArgumentException("foldin.cg.steps must be >= 0, got " + cgSteps);
        this.cgSteps = cgSteps;
        this.decayed = decayed;
    }

    @Override
    public float[] afterSwipe(UserState state, ModelSnapshot model, int movieRow, int preference) {
        return solve(state, model, state.vector());
    }

    @Override
    public float[] rebuild(UserState state, ModelSnapshot model) {
        return solve(state, model, null);
    }

    /** Solves xu over the history movies the model knows; null when it knows none. */
    public float[] solve(UserState state, ModelSnapshot model, float[] warmStart) {
        int n = state.historySize();
        UserSolve.Scratch scratch = scratch(model.k(), n);
        int[] rows = scratch.items();
        float[] cu = scratch.cu();
        float[] pu = scratch.pu();
        FoldInParams p = model.foldIn();
        float[] w = decayed ? recencyWeights(state, model) : null;
        int count = 0;
        for (int i = 0; i < n; i++) {
            int row = model.rowOf(state.movieAt(i));
            if (row < 0) continue; // a movie the new version dropped: no factors, no say
            int pref = state.preferenceAt(i);
            rows[count] = row;
            cu[count] = decayed ? Preference.confidence(pref, p.alpha(), w[i]) : Preference.confidence(pref, p.alpha());
            pu[count] = Preference.target(pref);
            count++;
        }
        if (count == 0) return null;
        float[] Y = model.factors().values();
        double lambda = p.lambdaFor(count, model.YtY());
        if (decayed || cgSteps == 0 || warmStart == null || warmStart.length != model.k()) {
            return model.foldInSolver().solve(rows, cu, pu, count, lambda);
        }
        // the trainer's allocation-free CG: YᵀY rows cached per version, buffers per thread
        float[] xu = warmStart.clone();
        UserSolve.solveCG(Y, model.k(), model.YtYRows(), rows, cu, pu, count, lambda, xu, 0, cgSteps, scratch);
        return xu;
    }

    /** w(age) of every history entry, oldest first (the history's own order). O(history). */
    private static float[] recencyWeights(UserState state, ModelSnapshot model) {
        int n = state.historySize();
        Buffers b = BUFFERS.get();
        if (b.weights.length < n) b.weights = new float[Math.max(n, 2 * b.weights.length)];
        if (b.times.length < n) b.times = new long[Math.max(n, 2 * b.times.length)];
        for (int i = 0; i < n; i++) b.times[i] = state.timeAt(i);
        model.itemItem().recency().weigh(b.times, n, b.weights);
        return b.weights;
    }

    /**
     * This thread's solve buffers, sized for k and a history of {@code n}: a swipe allocates nothing
     * in proportion to the history. Stream threads and REST handlers each get their own.
     */
    private static UserSolve.Scratch scratch(int k, int n) {
        Buffers b = BUFFERS.get();
        if (b == null || b.k != k) {
            b = new Buffers(k, new UserSolve.Scratch(k, n));
            BUFFERS.set(b);
        }
        b.scratch.ensureCapacity(n);
        return b.scratch;
    }

    private static final class Buffers {
        final int k;
        final UserSolve.Scratch scratch;
        float[] weights = new float[64];
        long[] times = new long[64];

        Buffers(int k, UserSolve.Scratch scratch) {
            this.k = k;
            this.scratch = scratch;
        }
    }

    private static final ThreadLocal<Buffers> BUFFERS = new ThreadLocal<>();
}
