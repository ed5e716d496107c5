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
 * live in one space. The λ of a row must be the trainer's too: {@code AlsParams.lambdaFor(count, YtY)}
 * (the shipped RELATIVE rule scales λ by tr(YᵀY)/k and √count). No Kafka, no I/O here.
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
        // A's lower triangle as zero-offset rows L[i][0..i] (the rank-one updates below vectorise),
        // entry (i, m) starting from YᵀY's upper entry (m, i) — the order the dense form used, so
        // the result is bit-identical to A = YᵀY + Σ (c − 1)·yi·yiᵀ formed on the upper triangle.
        double[][] A = new double[k][];
        for (int i = 0; i < k; i++) {
            double[] row = new double[i + 1];
            for (int m = 0; m <= i; m++) row[m] = YtY[m * k + i];
            A[i] = row;
        }
        double[] b = new double[k];
        double[] ey = new double[k];
        for (int j = 0; j < count; j++) {
            int off = items[j] * k;
            double c = cu[j];
            double extra = c - 1.0; // Yᵀ(Cu − I)Y adds (c − 1)·yi·yiᵀ
            if (extra != 0) {
                for (int m = 0; m < k; m++) ey[m] = extra * Y[off + m];
                for (int i = 0; i < k; i++) {
                    double yi = Y[off + i];
                    double[] row = A[i];
                    for (int m = 0; m <= i; m++) row[m] += ey[m] * yi;
                }
            }
            double cp = c * pu[j]; // YᵀCu·pu adds c·p·yi
            if (cp != 0) {
                for (int a = 0; a < k; a++) b[a] += cp * Y[off + a];
            }
        }
        for (int a = 0; a < k; a++) A[a][a] += lambda;
        double[] x = Cholesky.solveLower(A, b, k);
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
        solveCG(Y, k, toFloatRows(YtY, k), items, cu, pu, count, lambda, xu, 0, steps, new Scratch(k, count));
    }

    /** YᵀY (k × k, row-major doubles) as k float rows, the form the allocation-free solve reads. O(k²). */
    public static float[][] toFloatRows(double[] YtY, int k) {
        float[][] rows = new float[k][k];
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) rows[a][b] = (float) YtY[a * k + b];
        }
        return rows;
    }

    /**
     * The allocation-free conjugate-gradient solve of the trainer's sweeps: the same equation, in
     * float32, with per-thread {@link Scratch} buffers. Solves (YᵀY + Yᵀ(Cu − I)Y + λI)·xu = YᵀCu·pu
     * for the row stored at X[xOffset, xOffset + k), warm-started from its current value.
     * Cost O((steps + 1)·nu·k + steps·k²).
     *
     * <p>Why the buffers: HotSpot 17 vectorises {@code out[a] += w·y[a]} only when both arrays are
     * read from index 0 (an invariant offset such as y[off + a] defeats its alignment analysis, and
     * the loop runs scalar, 2–3× slower). So every axpy reads a zero-offset row — YᵀY as k row
     * arrays, each observed yi copied into its own row buffer — and the dots yi·v stay plain loops.
     *
     * @param YtY the fixed side's gramian YᵀY as k float rows (without λ), see {@link #toFloatRows}
     */
    public static void solveCG(float[] Y, int k, float[][] YtY, int[] items, float[] cu, float[] pu,
                               int count, double lambda, float[] X, int xOffset, int steps, Scratch s) {
        final float lam = (float) lambda;
        final float[] x = s.x, r = s.r, p = s.p, Ap = s.Ap;
        System.arraycopy(X, xOffset, x, 0, k);
        final boolean gathered = s.gather(Y, k, items, count);

        // r = b − A·x, with b = YᵀCu·pu and A·x = (YᵀY + λI)·x + Σ_i (c_ui − 1)(yi·x)·yi
        multiplyGramian(YtY, k, lam, x, r);
        for (int a = 0; a < k; a++) r[a] = -r[a];
        accumulate(Y, k, items, cu, pu, count, x, r, s, gathered, true);
        System.arraycopy(r, 0, p, 0, k); // p = r
        float rsold = dot0(r, r, k);
        if (rsold < CG_EPSILON) return;

        for (int step = 0; step < steps; step++) {
            // Ap = YᵀCuY·p + λp without forming YᵀCuY: (YᵀY + λI)p + Σ_i (c_ui − 1)(yi·p)·yi
            multiplyGramian(YtY, k, lam, p, Ap);
            accumulate(Y, k, items, cu, pu, count, p, Ap, s, gathered, false);
            // α = rᵀr / pᵀAp ; x += α·p ; r −= α·Ap
            float alpha = rsold / dot0(p, Ap, k);
            for (int a = 0; a < k; a++) {
                x[a] += alpha * p[a];
                r[a] -= alpha * Ap[a];
            }
            float rsnew = dot0(r, r, k);
            if (rsnew < CG_EPSILON) break;
            // p = r + (rsnew / rsold)·p
            float beta = rsnew / rsold;
            for (int a = 0; a < k; a++) p[a] = r[a] + beta * p[a];
            rsold = rsnew;
        }
        System.arraycopy(x, 0, X, xOffset, k);
    }

    /**
     * One pass over the row's observed entries, out += Σ_i w_i·yi with
     * w_i = c_ui·p_ui − (c_ui − 1)(yi·v) for the residual, or (c_ui − 1)(yi·v) for A·p. O(nu·k).
     * Gathered rows get their dots yi·v four at a time (four independent sums in flight); rows beyond
     * the gather limit likewise, straight from Y. Short rows used to get their dots as k column
     * updates over a transposed copy (no reductions, vectorised), but building that copy cost more
     * than it saved: at k = 64 on 2 EPYC cores, 63–93 ns per entry and pass against 32–37 ns this
     * way for rows of 160–500 entries, and 30–35 % less CPU per ML-32M-sized iteration. The sums are
     * the same, in the same order, either way.
     */
    private static void accumulate(float[] Y, int k, int[] items, float[] cu, float[] pu, int count, float[] v,
                                   float[] out, Scratch s, boolean gathered, boolean residual) {
        float[] q = s.q;
        if (gathered) {
            float[][] Yu = s.Yu;
            int j = 0;
            for (; j + 4 <= count; j += 4) dot4(Yu[j], Yu[j + 1], Yu[j + 2], Yu[j + 3], v, k, q, j);
            for (; j < count; j++) q[j] = dot0(Yu[j], v, k);
            for (j = 0; j < count; j++) axpy0(weight(cu[j], pu[j], q[j], residual), Yu[j], out, k);
            return;
        }
        // rows beyond the gather limit: straight from Y, four at a time so four dots are in flight
        // (one dot alone waits on its k dependent adds); each dot and the axpy order are as one at a time
        float[] y1 = s.row, y2 = s.row2, y3 = s.row3, y4 = s.row4, q4 = s.q4;
        int j = 0;
        for (; j + 4 <= count; j += 4) {
            System.arraycopy(Y, items[j] * k, y1, 0, k);
            System.arraycopy(Y, items[j + 1] * k, y2, 0, k);
            System.arraycopy(Y, items[j + 2] * k, y3, 0, k);
            System.arraycopy(Y, items[j + 3] * k, y4, 0, k);
            dot4(y1, y2, y3, y4, v, k, q4, 0);
            axpy0(weight(cu[j], pu[j], q4[0], residual), y1, out, k);
            axpy0(weight(cu[j + 1], pu[j + 1], q4[1], residual), y2, out, k);
            axpy0(weight(cu[j + 2], pu[j + 2], q4[2], residual), y3, out, k);
            axpy0(weight(cu[j + 3], pu[j + 3], q4[3], residual), y4, out, k);
        }
        for (; j < count; j++) {
            System.arraycopy(Y, items[j] * k, y1, 0, k);
            axpy0(weight(cu[j], pu[j], dot0(y1, v, k), residual), y1, out, k);
        }
    }

    /** w_i = c·p − (c − 1)(yi·v) for the residual, (c − 1)(yi·v) for A·p. */
    private static float weight(float c, float p, float yv, boolean residual) {
        return residual ? c * p - (c - 1f) * yv : (c - 1f) * yv;
    }

    /** q[at..at+3] = y1·v, y2·v, y3·v, y4·v: v[a] loaded once for four rows. O(4k). */
    private static void dot4(float[] y1, float[] y2, float[] y3, float[] y4, float[] v, int k, float[] q, int at) {
        float s1 = 0, s2 = 0, s3 = 0, s4 = 0;
        for (int a = 0; a < k; a++) {
            float va = v[a];
            s1 += y1[a] * va;
            s2 += y2[a] * va;
            s3 += y3[a] * va;
            s4 += y4[a] * va;
        }
        q[at] = s1;
        q[at + 1] = s2;
        q[at + 2] = s3;
        q[at + 3] = s4;
    }

    /**
     * Per-thread buffers of the allocation-free solve: the CG vectors, a row buffer, the rows yi of
     * the current solve gathered as zero-offset arrays (up to GATHER_LIMIT of them, so the later
     * passes read them from cache), and the row's observed entries (items, cu, pu), all grown on
     * demand. Not thread-safe: one per thread.
     */
    public static final class Scratch {
        /** Most rows yi kept gathered: 16 384·k floats, 4 MB per thread at k = 64. */
        static final int GATHER_LIMIT = 16_384;
        private final int k;
        final float[] x, r, p, Ap, row, row2, row3, row4, q4;
        float[][] Yu = new float[0][]; // gathered rows yi, each its own zero-offset array
        float[] q = new float[0];      // yi·v of the gathered rows
        private int[] items;
        private float[] cu, pu;

        public Scratch(int k, int capacity) {
            this.k = k;
            x = new float[k];
            r = new float[k];
            p = new float[k];
            Ap = new float[k];
            row = new float[k];
            row2 = new float[k];
            row3 = new float[k];
            row4 = new float[k];
            q4 = new float[4];
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

        /**
         * Copies rows items[0..count) of Y into Yu if they fit; false when they do not. O(count·k), once per solve; every CG pass then reads
         * the copies.
         */
        boolean gather(float[] Y, int k, int[] rows, int count) {
            if (count > GATHER_LIMIT || k != this.k) return false;
            if (Yu.length < count) {
                int n = Math.min(GATHER_LIMIT, Math.max(count, 2 * Yu.length));
                float[][] grown = java.util.Arrays.copyOf(Yu, n);
                for (int j = Yu.length; j < n; j++) grown[j] = new float[k];
                Yu = grown;
                q = new float[n];
            }
            for (int j = 0; j < count; j++) System.arraycopy(Y, rows[j] * k, Yu[j], 0, k);
            return true;
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

    /**
     * out = (YᵀY + λI)·v, as Σ_b v[b]·(row b of YᵀY) — YᵀY is symmetric, so rows are columns —
     * which is k vectorised axpys on zero-offset rows instead of k serial dot products. O(k²).
     */
    private static void multiplyGramian(float[][] YtY, int k, float lambda, float[] v, float[] out) {
        for (int a = 0; a < k; a++) out[a] = lambda * v[a];
        for (int b = 0; b < k; b++) axpy0(v[b], YtY[b], out, k);
    }

    /** u[uo, uo + k) · v[vo, vo + k), a plain loop: as fast as manual unrolling on HotSpot 17. */
    static float dot(float[] u, int uo, float[] v, int vo, int k) {
        float s = 0;
        for (int a = 0; a < k; a++) s += u[uo + a] * v[vo + a];
        return s;
    }

    /** u[0, k) · v[0, k). */
    static float dot0(float[] u, float[] v, int k) {
        float s = 0;
        for (int a = 0; a < k; a++) s += u[a] * v[a];
        return s;
    }

    /** out[0, k) += w·y[0, k): zero offsets on both arrays, so HotSpot vectorises it. */
    static void axpy0(float w, float[] y, float[] out, int k) {
        if (w == 0f) return;
        for (int a = 0; a < k; a++) out[a] += w * y[a];
    }

    private static void mirrorUpper(double[] m, int k) {
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) m[b * k + a] = m[a * k + b];
        }
    }
}
