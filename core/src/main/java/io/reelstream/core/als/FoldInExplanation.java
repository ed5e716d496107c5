package io.reelstream.core.als;

/**
 * Why a folded-in user scores an item: the implicit-ALS explanation of Hu, Koren and Volinsky
 * (2008, section 5). The fold-in solves A·xu = YᵀCu·pu with
 * <pre>
 *   A = YᵀY + Yᵀ(Cu − I)Y + λI          (the user's k × k system, {@link UserSolve})
 *   xu = A⁻¹ · Σ_j c_j·p_j·y_j           (sum over the user's history j)
 * </pre>
 * so an item's score splits exactly over the history:
 * <pre>
 *   ŝ_i = y_iᵀ·xu = Σ_j c_j·p_j·(y_iᵀ·A⁻¹·y_j)          contribution_ij = c_j·p_j·y_iᵀ·A⁻¹·y_j
 * </pre>
 * Disliked entries (p_j = 0) add nothing directly; they act through A (their confidence shrinks
 * the directions they span). A is symmetric, so z_i = A⁻¹·y_i is solved once per explained item
 * and contribution_ij = c_j·p_j·(z_i·y_j). No Kafka, no I/O.
 */
public final class FoldInExplanation {
    private FoldInExplanation() {}

    /**
     * contribution[t][j] of history entry j to target row {@code targets[t]}'s score, for the same
     * arguments {@link UserSolve#solveCholesky} takes. The row sums equal y_iᵀ·xu of that solve.
     * Cost: A in O(count·k²), its Cholesky factor once in O(k³/3), then per target O(k² + count·k).
     */
    public static double[][] contributions(float[] Y, int k, double[] YtY, int[] items, float[] cu, float[] pu,
                                           int count, double lambda, int[] targets) {
        double[][] L = factorA(Y, k, YtY, items, cu, count, lambda);
        double[][] out = new double[targets.length][count];
        double[] yi = new double[k];
        for (int t = 0; t < targets.length; t++) {
            int off = targets[t] * k;
            for (int a = 0; a < k; a++) yi[a] = Y[off + a];
            double[] zi = Cholesky.solveFactored(L, yi, k); // z_i = A⁻¹·y_i
            for (int j = 0; j < count; j++) {
                double cp = (double) cu[j] * pu[j];
                if (cp == 0) continue;
                int offJ = items[j] * k;
                double dot = 0;
                for (int a = 0; a < k; a++) dot += zi[a] * Y[offJ + a];
                out[t][j] = cp * dot; // c_j·p_j·y_iᵀA⁻¹y_j
            }
        }
        return out;
    }

    /** For each target, the history index with the largest contribution, or -1 when none is positive. */
    public static int[] strongest(double[][] contributions) {
        int[] out = new int[contributions.length];
        for (int t = 0; t < contributions.length; t++) {
            int best = -1;
            double bestValue = 0;
            for (int j = 0; j < contributions[t].length; j++) {
                if (contributions[t][j] > bestValue) {
                    bestValue = contributions[t][j];
                    best = j;
                }
            }
            out[t] = best;
        }
        return out;
    }

    /** L with A = L·Lᵀ, A = YᵀY + Σ_j (c_j − 1)·y_j·y_jᵀ + λI as lower rows. O(count·k² + k³/3). */
    private static double[][] factorA(float[] Y, int k, double[] YtY, int[] items, float[] cu, int count,
                                      double lambda) {
        double[][] A = new double[k][];
        for (int i = 0; i < k; i++) {
            double[] row = new double[i + 1];
            for (int m = 0; m <= i; m++) row[m] = YtY[m * k + i];
            A[i] = row;
        }
        double[] ey = new double[k];
        for (int j = 0; j < count; j++) {
            int off = items[j] * k;
            double extra = cu[j] - 1.0; // Yᵀ(Cu − I)Y adds (c_j − 1)·y_j·y_jᵀ
            if (extra == 0) continue;
            for (int m = 0; m < k; m++) ey[m] = extra * Y[off + m];
            for (int i = 0; i < k; i++) {
                double y = Y[off + i];
                double[] row = A[i];
                for (int m = 0; m <= i; m++) row[m] += ey[m] * y;
            }
        }
        for (int a = 0; a < k; a++) A[a][a] += lambda;
        Cholesky.factorLower(A, k);
        return A;
    }
}
