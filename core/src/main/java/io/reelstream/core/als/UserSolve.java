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
     */
    public static void solveCG(float[] Y, int k, double[] YtY, int[] items, float[] cu, float[] pu,
                               int count, double lambda, float[] xu, int steps) {
        double[] x = new double[k];
        for (int a = 0; a < k; a++) x[a] = xu[a];
        double[] r = new double[k];
        double[] p = new double[k];
        double[] Ap = new double[k];

        // r = b − A·x, with b = YᵀCu·pu and A·x = (YᵀY + λI)·x + Σ_i (c_ui − 1)(yi·x)·yi
        multiplyGramian(YtY, k, lambda, x, r);
        for (int a = 0; a < k; a++) r[a] = -r[a];
        for (int j = 0; j < count; j++) {
            int off = items[j] * k;
            double c = cu[j];
            double yx = dot(Y, off, x, k);
            double w = c * pu[j] - (c - 1.0) * yx;
            if (w != 0) for (int a = 0; a < k; a++) r[a] += w * Y[off + a];
        }
        System.arraycopy(r, 0, p, 0, k); // p = r
        double rsold = dot(r, r, k);
        if (rsold < CG_EPSILON) return;

        for (int step = 0; step < steps; step++) {
            // Ap = YᵀCuY·p + λp without forming YᵀCuY: (YᵀY + λI)p + Σ_i (c_ui − 1)(yi·p)·yi
            multiplyGramian(YtY, k, lambda, p, Ap);
            for (int j = 0; j < count; j++) {
                int off = items[j] * k;
                double w = (cu[j] - 1.0) * dot(Y, off, p, k);
                if (w != 0) for (int a = 0; a < k; a++) Ap[a] += w * Y[off + a];
            }
            // α = rᵀr / pᵀAp ; x += α·p ; r −= α·Ap
            double alpha = rsold / dot(p, Ap, k);
            for (int a = 0; a < k; a++) {
                x[a] += alpha * p[a];
                r[a] -= alpha * Ap[a];
            }
            double rsnew = dot(r, r, k);
            if (rsnew < CG_EPSILON) break;
            // p = r + (rsnew / rsold)·p
            double beta = rsnew / rsold;
            for (int a = 0; a < k; a++) p[a] = r[a] + beta * p[a];
            rsold = rsnew;
        }
        for (int a = 0; a < k; a++) xu[a] = (float) x[a];
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

    private static void mirrorUpper(double[] m, int k) {
        for (int a = 0; a < k; a++) {
            for (int b = a + 1; b < k; b++) m[b * k + a] = m[a * k + b];
        }
    }
}
