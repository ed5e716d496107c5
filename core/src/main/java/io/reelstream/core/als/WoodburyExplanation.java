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
 */
final class WoodburyExplanation {
    private WoodburyExplanation() {}

    /**
     * contribution[t][j] for history entries {@code items[0..count)} (each with cu[j] &gt; 1) and
     * target rows {@code targets}; {@code rotated} is n × k row-major Vᵀy, {@code eigenvalues} S's diagonal.
     */
    static double[][] contributions(double[] rotated, double[] eigenvalues, int k, int[] items, float[] cu, float[] pu,
                                    int count, double lambda, int[] targets) {
        double[][] u = new double[count][k]; // u_j = D⁻¹w_j
        for (int j = 0; j < count; j++) {
            int off = items[j] * k;
            for (int a = 0; a < k; a++) u[j][a] = rotated[off + a] / (eigenvalues[a] + lambda);
        }
        double[][] m = new double[count][]; // lower triangle of M = E⁻¹ + WᵀD⁻¹W
        for (int i = 0; i < count; i++) {
            m[i] = new double[i + 1];
            int off = items[i] * k;
            for (int l = 0; l <= i; l++) {
                double dot = 0;
                for (int a = 0; a < k; a++) dot += rotated[off + a] * u[l][a];
                m[i][l] = dot;
            }
            m[i][i] += 1.0 / (cu[i] - 1.0);
        }
        Cholesky.factorLower(m, count);
        double[][] out = new double[targets.length][count];
        double[] q = new double[count];
        for (int t = 0; t < targets.length; t++) {
            int off = targets[t] * k;
            for (int l = 0; l < count; l++) {
                double dot = 0;
                for (int a = 0; a < k; a++) dot += rotated[off + a] * u[l][a];
                q[l] = dot; // q_l = u_l·w_t
            }
            double[] s = Cholesky.solveFactored(m, q, count); // M⁻¹q
            for (int j = 0; j < count; j++) {
                double cp = (double) cu[j] * pu[j];
                out[t][j] = cp == 0 ? 0 : cp * s[j] / (cu[j] - 1.0); // c_j·p_j·y_tᵀA⁻¹y_j
            }
        }
        return out;
    }
}
