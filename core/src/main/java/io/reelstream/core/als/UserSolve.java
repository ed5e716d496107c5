package io.reelstream.core.als;

/**
 * The implicit-ALS half-step for one row, after Hu, Koren and Volinsky (2008):
 *
 * <pre>
 *   xu = (YᵀY + Yᵀ(Cu − I)Y + λI)⁻¹ · YᵀCu·pu
 * </pre>
 *
 * where Y (n × k, row-major floats) holds the fixed side's factors, Cu is the diagonal of
 * confidences c_ui over the row's observed entries and pu their binary targets. Only observed
 * entries contribute beyond YᵀY, so one solve costs O(nu·k² + k³) with Cholesky, or
 * O(steps·(nu·k + k²)) with conjugate gradient, given YᵀY precomputed once per sweep in O(n·k²).
 *
 * <p>The trainer calls this for every user and item in a sweep; the streaming topology calls the
 * very same method to fold a user in after a swipe, so a streamed user and a batch-trained user
 * live in one space. No Kafka, no I/O here.
 */
public final class UserSolve {
    private static final double CG_EPSILON = 1e-20;

    private UserSolve() {}

    /** YᵀY (k × k, row-major doubles) of n rows of Y. Cost O(n·k²). */
    public static double[] gramian(float[] Y, int n, int k) {
        double[] YtY = new double[k * k];
        for (int i = 0; i < n; i++) {
            int off = i * k;
            for (int a = 0; a < k; a++) {
                double ya = Y[off + a];
                if (ya == 0) continue;
                int row = a * k;
                for (int b = a; b < k; b++) {
                    YtY[row + b] += ya * Y[off + b];
                }
            }
        }
        mirrorUpper(YtY, k);
        return YtY;
    }

    /**
     * Exact solve by Cholesky: forms A = YᵀY + Σ_i (c_ui − 1)·yi·yiᵀ + λI and b = Σ_i c_ui·p_ui·yi,
     * then A·xu = b. The reference the fast CG path is tested against. Cost O(nu·k² + k³).
     *
     * @param items  row indices into Y of the observed entries (first {@code count} used)
     * @param cu     confidence c_ui of each observed entry
     * @param pu     binary target p_ui of each observed entry (1 liked, 0 disliked)
     */
    public static float[] solveCholesky(float[] Y, int k, double[] YtY, int[] items, float[] cu, float[] pu,
                                        int count, double lambda) {
        double[] A = YtY.clone();
        double[] b = new double[k];
        for (int j = 0; j < count; j++) {
            int off = items[j] * k;
            double c = cu[j];
            double extra = c - 1.0; // Yᵀ(Cu − I)Y adds (c − 1)·yi·yiᵀ
            if (extra != 0) {
                for (int a = 0; a < k; a++) {
                    double ya = extra * Y[off + a];
                    int row = a * k;
                    for (int bb = a; bb < k; bb++) {
                        A[row + bb] += ya * Y[off + bb];
                    }
                }
            }
            double cp = c * pu[j]; // YᵀCu·pu adds c·p·yi
            if (cp != 0) {
                for (int a = 0; a < k; a++) b[a] += cp * Y[off + a];
            }
        }
        mirrorUpper(A, k);
        for (int a = 0; a < k; a++) A[a * k + a] += lambda;
        double[] x = Cholesky.solve(A, b, k);
        float[] xu = new float[k];
        for (int a = 0; a < k; a++) xu[a] = (float) x[a];
        return xu;
    }

    /**
     * Conjugate-gradient solve, warm-started from {@code xu} (updated in place), never forming the
     * k × k matrix: each step costs O(nu·k + k²). A handful of steps per sweep suffices because
     * the previous sweep's xu is already close (Takács et al., 2011; the implicit library's default).
     * Convenience form for one-off solves (the streaming fold-in): it allocates its buffers and a
     * float copy of YᵀY, then runs the same code as the trainer's allocation-free overload.
     */
    public static void solveCG(float[] Y, int k, double[] YtY, int[] items, float[] cu, float[] pu,
                               int count, double lambda, float[] xu, int steps) {
        float[] YtYf = new float[k * k];
        for (int a = 0; a < k * k; a++) YtYf[a] = (float) YtY[a];
        solveCG(Y, k, YtYf, items, cu, pu, count, lambda, xu, 0, steps, new Scratch(k, count));
    }

    /**
     * The allocation-free conjugate-gradient solve of the trainer's sweeps: the same equation, in
     * float32 so the JIT can vectorise the k-long loops, with per-thread {@link Scratch} buffers.
     * Solves (YᵀY + Yᵀ(Cu − I)Y + λI)·xu = YᵀCu·pu for the row stored at X[xOffset, xOffset + k),
     * warm-started from its current value. Cost O((steps + 1)·(nu·k) + steps·k²).
     *
     * @param YtY the fixed side's gramian YᵀY as k × k row-major floats (without λ)
     */
    public static void solveCG(float[] Y, int k, float[] YtY, int[] items, float[] cu, float[] pu,
                               int count, double lambda, float[] X, int xOffset, int steps, Scratch s) {
        final float lam = (float) lambda;
        final float[] x = s.x, r = s.r, p = s.p, Ap = s.Ap;
        System.arraycopy(X, xOffset, x, 0, k);

        // r = b − A·x, with b = YᵀCu·pu and A·x = (YᵀY + λI)·x + Σ_i (c_ui − 1)(yi·x)·yi
        multiplyGramian(YtY, k, lam, x, r);
        for (int a = 0; a < k; a++) r[a] = -r[a];
        for (int j = 0; j < count; j++) {
            int off = items[j] * k;
            float c = cu[j];
            float w = c * pu[j] - (c - 1f) * dot(Y, off, x, 0, k);
            axpy(w, Y, off, r, k); // r += (c·p − (c − 1)·yi·x)·yi
        }
        System.arraycopy(r, 0, p, 0, k); // p = r
        float rsold = dot(r, 0, r, 0, k);
        if (rsold < CG_EPSILON) return;

        for (int step = 0; step < steps; step++) {
            // Ap = YᵀCuY·p + λp without forming YᵀCuY: (YᵀY + λI)p + Σ_i (c_ui − 1)(yi·p)·yi
            multiplyGramian(YtY, k, lam, p, Ap);
            for (int j = 0; j < count; j++) {
                int off = items[j] * k;
                float w = (cu[j] - 1f) * dot(Y, off, p, 0, k);
                axpy(w, Y, off, Ap, k);
            }
            // α = rᵀr / pᵀAp ; x += α·p ; r −= α·Ap
            float alpha = rsold / dot(p, 0, Ap, 0, k);
            for (int a = 0; a < k; a++) {
                x[a] += alpha * p[a];
                r[a] -= alpha * Ap[a];
            }
            float rsnew = dot(r, 0, r, 0, k);
            if (rsnew < CG_EPSILON) break;
            // p = r + (rsnew / rsold)·p
            float beta = rsnew / rsold;
            for (int a = 0; a < k; a++) p[a] = r[a] + beta * p[a];
            rsold = rsnew;
        }
        System.arraycopy(x, 0, X, xOffset, k);
    }

    /**
     * Per-thread buffers of the allocation-free solve: the CG vectors (k floats each) and the
     * row's observed entries (items, cu, pu), grown on demand. Not thread-safe: one per thread.
     */
    public static final class Scratch {
        final float[] x, r, p, Ap;
        private int[] items;
        private float[] cu, pu;

        public Scratch(int k, int capacity) {
            x = new float[k];
            r = new float[k];
            p = new float[k];
            Ap = new float[k];
            ensureCapacity(capacity);
        }

        /** Makes room for a row of {@code count} observed entries. */
        public void ensureCapacity(int count) {
            if (items == null || items.length < count) {
                int n = Math.max(16, count);
                items = new int[n];
                cu = new float[n];
                pu = new float[n];
            }
        }

        /** Row indices into Y of the current row's observed entries. */
        public int[] items() {
            return items;
        }

        /** Confidences c_ui of the current row's observed entries. */
        public float[] cu() {
            return cu;
        }

        /** Binary targets p_ui of the current row's observed entries. */
        public float[] pu() {
            return pu;
        }
    }

    /**
     * Implicit-ALS loss of one row, Σ_i c_ui(p_ui − xu·yi)² over observed entries plus the
     * unobserved entries' Σ (xu·yi)² = xuᵀYᵀYxu − Σ_observed (xu·yi)², plus λ‖xu‖². O(nu·k + k²).
     */
    public static double rowLoss(float[] Y, int k, double[] YtY, int[] items, float[] cu, float[] pu,
                                 int count, double lambda, float[] xu) {
        double[] x = new double[k];
        double norm = 0;
        for (int a = 0; a < k; a++) {
            x[a] = xu[a];
            norm += x[a] * x[a];
        }
        double[] YtYx = new double[k];
        multiplyGramian(YtY, k, 0, x, YtYx);
        double loss = dot(x, YtYx, k); // every item treated as an unobserved zero with c = 1
        for (int j = 0; j < count; j++) {
            double s = dot(Y, items[j] * k, x, k);
            double err = pu[j] - s;
            loss += cu[j] * err * err - s * s; // replace the c = 1 zero with the observed entry
        }
        return loss + lambda * norm;
    }

    /** out = (YᵀY + λI)·v. */
    private static void multiplyGramian(double[] YtY, int k, double lambda, double[] v, double[] out) {
        for (int a = 0; a < k; a++) {
            double s = lambda * v[a];
            int row = a * k;
            for (int b = 0; b < k; b++) s += YtY[row + b] * v[b];
            out[a] = s;
        }
    }

    private static double dot(float[] Y, int off, double[] v, int k) {
        double s = 0;
        for (int a = 0; a < k; a++) s += Y[off + a] * v[a];
        return s;
    }

    private static double dot(double[] u, double[] v, int k) {
        double s = 0;
        for (int a = 0; a < k; a++) s += u[a] * v[a];
        return s;
    }

    /** out = (YᵀY + λI)·v in floats; the inner loop is a k-long dot the JIT unrolls. O(k²). */
    private static void multiplyGramian(float[] YtY, int k, float lambda, float[] v, float[] out) {
        for (int a = 0; a < k; a++) out[a] = lambda * v[a] + dot(YtY, a * k, v, 0, k);
    }

    /**
     * u[uo, uo + k) · v[vo, vo + k) with eight independent partial sums, so the additions pipeline
     * instead of waiting on one another (a single float accumulator serialises the loop).
     */
    static float dot(float[] u, int uo, float[] v, int vo, int k) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0, s4 = 0, s5 = 0, s6 = 0, s7 = 0;
        int a = 0;
        for (; a + 8 <= k; a += 8) {
            s0 += u[uo + a] * v[vo + a];
            s1 += u[uo + a + 1] * v[vo + a + 1];
            s2 += u[uo + a + 2] * v[vo + a + 2];
            s3 += u[uo + a + 3] * v[vo + a + 3];
            s4 += u[uo + a + 4] * v[vo + a + 4];
            s5 += u[uo + a + 5] * v[vo + a + 5];
            s6 += u[uo + a + 6] * v[vo + a + 6];
            s7 += u[uo + a + 7] * v[vo + a + 7];
        }
        float s = ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
        for (; a < k; a++) s += u[uo + a] * v[vo + a];
        return s;
    }

    /** out[oo, oo + k) += w·Y[off, off + k). */
    static void axpyInto(float w, float[] Y, int off, float[] out, int oo, int k) {
        for (int a = 0; a < k; a++) out[oo + a] += w * Y[off + a];
    }

    /** out[0, k) += w·Y[off, off + k): an element-wise loop the JIT vectorises. */
    static void axpy(float w, float[] Y, int off, float[] out, int k) {
        if (w == 0f) return;
        for (int a = 0; a < k; a++) out[a] += w * Y[off + a];
    }

    private static void mirrorUpper(double[] m, int k) {
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) m[b * k + a] = m[a * k + b];
        }
    }
}
