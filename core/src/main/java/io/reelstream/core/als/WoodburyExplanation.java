package io.reelstream.core.als;

/**
 * {@link FoldInExplanation}'s contributions c_j·p_j·y_iᵀA⁻¹y_j by the Woodbury route of
 * {@link FoldInSolver}, in YᵀY's eigenbasis, without the k × k factorisation. With w = Vᵀy (the
 * solver's rotated items), D = S + λI, E = diag(e_j), e_j = c_j − 1 > 0 for every history entry,
 * U = D⁻¹W and M = E⁻¹ + WᵀD⁻¹W (the solver's m × m system):
 * <pre>
 *   A⁻¹ = D⁻¹ − U·M⁻¹·Uᵀ,   Uᵀw_j = (M − E⁻¹)·ê_j   ⇒   y_iᵀA⁻¹y_j = (M⁻¹q_i)_j / e_j,   q_i = Uᵀw_i
 * </pre>
 * so one m × m factorisation serves the whole list and each target costs O(m·k + m²):
 * O(m²·k + m³ + targets·(m·k + m²)) in all, against O(m·k² + k³/3 + targets·(k² + m·k)) for the
 * Cholesky route (at k = 64, m = 10 and 20 targets about 20 000 multiply-adds instead of 170 000;
 * the Cholesky route was half of a stream thread's samples). Exact up to double rounding, as the
 * Cholesky route is; the two agree to about 10⁻¹² relative.
 *
 * <p>The stream explains every list it emits, so the work arrays are per thread and reused
 * ({@link Work}): allocating them per call (two solve vectors per target, U, M) was half of all
 * the bytes a JFR allocation profile sampled in {@code bench streaming}, broker included, and with
 * them the young collections whose pauses land in the latency tail. {@link #strongest} names each
 * target's largest contributor without building the target × history table at all.
 */
final class WoodburyExplanation {
    private WoodburyExplanation() {}

    /**
     * contribution[t][j] for history entries {@code items[0..count)} (each with cu[j] &gt; 1) and
     * target rows {@code targets}; {@code rotated} is n × k row-major Vᵀy, {@code eigenvalues} S's diagonal.
     */
    static double[][] contributions(double[] rotated, double[] eigenvalues, int k, int[] items, float[] cu, float[] pu,
                                    int count, double lambda, int[] targets) {
        Work w = Work.factor(rotated, eigenvalues, k, items, cu, count, lambda);
        double[][] out = new double[targets.length][count];
        for (int t = 0; t < targets.length; t++) {
            double[] s = w.solveFor(rotated, targets[t] * k);
            for (int j = 0; j < count; j++) out[t][j] = contribution(cu[j], pu[j], s[j]);
        }
        return out;
    }

    /**
     * For each of the first {@code targetCount} targets, the history index with the largest
     * contribution, or −1 when none is positive: {@link FoldInExplanation#strongest} of
     * {@link #contributions}, the same values compared in the same order.
     */
    static int[] strongest(double[] rotated, double[] eigenvalues, int k, int[] items, float[] cu, float[] pu,
                           int count, double lambda, int[] targets, int targetCount) {
        Work w = Work.factor(rotated, eigenvalues, k, items, cu, count, lambda);
        int[] out = new int[targetCount];
        for (int t = 0; t < targetCount; t++) {
            double[] s = w.solveFor(rotated, targets[t] * k);
            int best = -1;
            double bestValue = 0;
            for (int j = 0; j < count; j++) {
                double c = contribution(cu[j], pu[j], s[j]);
                if (c > bestValue) {
                    bestValue = c;
                    best = j;
                }
            }
            out[t] = best;
        }
        return out;
    }

    /** c_j·p_j·y_tᵀA⁻¹y_j = c_j·p_j·(M⁻¹q_t)_j / e_j; exactly 0 for a dislike (p_j = 0). */
    private static double contribution(float c, float p, double solved) {
        double cp = (double) c * p;
        return cp == 0 ? 0 : cp * solved / (c - 1.0);
    }

    /**
     * One thread's U, the factor of M and the per-target vectors, grown to the longest history seen
     * (at most the solver's Woodbury limit, k/2). Not thread-safe: one per thread.
     */
    private static final class Work {
        private static final ThreadLocal<Work> BY_THREAD = new ThreadLocal<>();

        private final int k;
        private double[][] u = new double[0][];
        /** Row i holds i + 1 entries: M's lower triangle, then its Cholesky factor. */
        private double[][] m = new double[0][];
        private double[] q = new double[0];
        private double[] y = new double[0];
        private double[] s = new double[0];
        private int count;

        private Work(int k) {
            this.k = k;
        }

        /** u_j = D⁻¹w_j and the factor of M = E⁻¹ + WᵀD⁻¹W for this history, in this thread's work arrays. */
        static Work factor(double[] rotated, double[] eigenvalues, int k, int[] items, float[] cu, int count,
                           double lambda) {
            Work w = BY_THREAD.get();
            if (w == null || w.k != k) {
                w = new Work(k);
                BY_THREAD.set(w);
            }
            w.sizeFor(count);
            for (int j = 0; j < count; j++) {
                int off = items[j] * k;
                double[] uj = w.u[j];
                for (int a = 0; a < k; a++) uj[a] = rotated[off + a] / (eigenvalues[a] + lambda);
            }
            for (int i = 0; i < count; i++) {
                int off = items[i] * k;
                double[] mi = w.m[i];
                for (int l = 0; l <= i; l++) {
                    double dot = 0;
                    double[] ul = w.u[l];
                    for (int a = 0; a < k; a++) dot += rotated[off + a] * ul[a];
                    mi[l] = dot;
                }
                mi[i] += 1.0 / (cu[i] - 1.0);
            }
            Cholesky.factorLower(w.m, count);
            return w;
        }

        /** M⁻¹q for q_l = u_l·w_t, w_t the rotated row at {@code off}; valid until the next call. */
        double[] solveFor(double[] rotated, int off) {
            for (int l = 0; l < count; l++) {
                double dot = 0;
                double[] ul = u[l];
                for (int a = 0; a < k; a++) dot += rotated[off + a] * ul[a];
                q[l] = dot;
            }
            Cholesky.solveFactored(m, q, count, y, s);
            return s;
        }

        private void sizeFor(int count) {
            this.count = count;
            if (u.length >= count) return;
            u = new double[count][k];
            m = new double[count][];
            for (int i = 0; i < count; i++) m[i] = new double[i + 1];
            q = new double[count];
            y = new double[count];
            s = new double[count];
        }
    }
}
