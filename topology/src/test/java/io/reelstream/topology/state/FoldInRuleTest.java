package io.reelstream.topology.state;

import io.reelstream.core.als.AlsParams.Regularization;
import io.reelstream.core.preference.Preference;
import io.reelstream.topology.model.FoldInParams;
import io.reelstream.topology.model.ModelSnapshot;
import io.reelstream.topology.model.TestModels;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FoldInRuleTest {

    @Test
    void matchesTheHandComputedSolve() {
        // Y = [(1,0), (0,1), (1,1)] (movies 1, 2, 3), α = 1, λ = 0.5 (constant).
        // History: movie 1 superlike (+2 → c = 3, p = 1), movie 3 dislike (−1 → c = 2, p = 0).
        // YᵀY = [[2,1],[1,2]]; Yᵀ(Cu−I)Y = 2·(1,0)(1,0)ᵀ + 1·(1,1)(1,1)ᵀ = [[3,1],[1,1]];
        // A = YᵀY + Yᵀ(Cu−I)Y + 0.5I = [[5.5,2],[2,3.5]], b = YᵀCu·pu = 3·(1,0) = (3,0);
        // det A = 19.25 − 4 = 15.25; xu = A⁻¹b = (3.5·3, −2·3)/15.25 = (0.6885246, −0.3934426).
        ModelSnapshot model = TestModels.snapshot("v1", 2, new float[]{1, 0, 0, 1, 1, 1},
                new FoldInParams(0.5, 1f, Regularization.CONSTANT));
        UserState s = new UserState(1);
        s.recordSwipe(1, 2, 1);
        s.recordSwipe(3, -1, 2);
        float[] xu = new FoldInRule(0).afterSwipe(s, model, 2, -1);
        assertArrayEquals(new float[]{0.6885246f, -0.3934426f}, xu, 1e-6f);
    }

    @Test
    void frequencyScaledLambdaMultipliesByTheSwipeCount() {
        // Same problem, λ = 0.25 frequency-scaled over n_u = 2 swipes → λ_u = 0.5: the same answer.
        ModelSnapshot model = TestModels.snapshot("v1", 2, new float[]{1, 0, 0, 1, 1, 1},
                new FoldInParams(0.25, 1f, Regularization.FREQUENCY));
        UserState s = new UserState(1);
        s.recordSwipe(1, 2, 1);
        s.recordSwipe(3, -1, 2);
        assertArrayEquals(new float[]{0.6885246f, -0.3934426f}, new FoldInRule(0).rebuild(s, model), 1e-6f);
    }

    @Test
    void relativeLambdaScalesByTheMeanEigenvalueAndRootCount() {
        // RELATIVE (the trainer's default): λ_u = λ·(tr(YᵀY)/k)·√n_u = λ·(4/2)·√2; with λ = 0.5/(2√2) it is 0.5,
        // so the hand-computed answer above holds again.
        ModelSnapshot model = TestModels.snapshot("v1", 2, new float[]{1, 0, 0, 1, 1, 1},
                new FoldInParams(0.5 / (2 * Math.sqrt(2)), 1f, Regularization.RELATIVE));
        UserState s = new UserState(1);
        s.recordSwipe(1, 2, 1);
        s.recordSwipe(3, -1, 2);
        assertArrayEquals(new float[]{0.6885246f, -0.3934426f}, new FoldInRule(0).rebuild(s, model), 1e-6f);
    }

    @Test
    void agreesWithADenseWeightedLeastSquaresSolve() {
        // The fold-in minimises Σ_i c_ui (p_ui − xu·yi)² + λ‖xu‖² over ALL items (unobserved: c = 1, p = 0).
        // Stack rows √c_i·yi with targets √c_i·p_i, plus √λ·I with zero targets, and solve by Householder
        // QR — no normal equations, so an independent reference.
        int rows = 40, k = 5;
        float[] Y = TestModels.randomFactors(rows, k, 7);
        FoldInParams params = new FoldInParams(0.3, 15f, Regularization.CONSTANT);
        ModelSnapshot model = TestModels.snapshot("v1", k, Y, params);
        Random rnd = new Random(11);
        UserState s = new UserState(1);
        int[] prefs = {-2, -1, 1, 2};
        double[] c = new double[rows];
        double[] p = new double[rows];
        java.util.Arrays.fill(c, 1);
        for (int t = 0; t < 12; t++) {
            int movie = 1 + rnd.nextInt(rows);
            int pref = prefs[rnd.nextInt(4)];
            s.recordSwipe(movie, pref, t);
        }
        for (int i = 0; i < s.historySize(); i++) {
            int row = s.movieAt(i) - 1;
            c[row] = Preference.confidence(s.preferenceAt(i), params.alpha());
            p[row] = Preference.target(s.preferenceAt(i));
        }
        double[][] A = new double[rows + k][k];
        double[] b = new double[rows + k];
        for (int i = 0; i < rows; i++) {
            double w = Math.sqrt(c[i]);
            for (int a = 0; a < k; a++) A[i][a] = w * Y[i * k + a];
            b[i] = w * p[i];
        }
        for (int a = 0; a < k; a++) A[rows + a][a] = Math.sqrt(params.lambda());
        double[] expected = householderLeastSquares(A, b);

        float[] cholesky = new FoldInRule(0).rebuild(s, model);
        for (int a = 0; a < k; a++) assertEquals(expected[a], cholesky[a], 1e-5, "component " + a);

        // CG warm-started from zero reaches the same point within k steps (exact arithmetic) — tolerance 1e-4.
        s.setVector(new float[k], "v1");
        float[] cg = new FoldInRule(k + 2).afterSwipe(s, model, 0, 1);
        for (int a = 0; a < k; a++) assertEquals(expected[a], cg[a], 1e-4, "CG component " + a);
    }

    @Test
    void warmStartedCgFollowsCholeskyAlongASwipeStream() {
        // k = 64 factors with a shared popularity direction (long for popular rows), the trainer's
        // RELATIVE λ: each swipe's CG (5 steps from the previous vector, allocation-free, per-thread
        // buffers) stays within 1e-3 relative of the exact solve, and the error does not build up.
        int rows = 2000, k = 64;
        Random rnd = new Random(5);
        float[] common = new float[k];
        for (int a = 0; a < k; a++) common[a] = (float) (rnd.nextGaussian() * 0.2);
        float[] Y = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            for (int a = 0; a < k; a++) Y[r * k + a] = (float) (rnd.nextGaussian() * 0.15 + common[a] * 5 / Math.sqrt(r + 1));
        }
        ModelSnapshot model = TestModels.snapshot("v1", k, Y, new FoldInParams(0.8, 15f, Regularization.RELATIVE));
        FoldInRule exact = new FoldInRule(0);
        FoldInRule cg = new FoldInRule(5);
        int[] prefs = {-2, -1, 1, 2, 2};
        for (int user = 0; user < 20; user++) {
            UserState s = new UserState(user);
            for (int t = 0; t < 40; t++) {
                int movie = 1 + (int) Math.min(rows - 1, Math.abs(rnd.nextGaussian()) * rows / 4);
                s.recordSwipe(movie, prefs[rnd.nextInt(prefs.length)], t);
                float[] want = exact.rebuild(s, model);
                float[] got = s.vector() == null ? cg.rebuild(s, model) : cg.afterSwipe(s, model, movie - 1, 1);
                s.setVector(got, "v1");
                double diff = 0, norm = 0;
                for (int a = 0; a < k; a++) {
                    diff += (got[a] - want[a]) * (double) (got[a] - want[a]);
                    norm += want[a] * (double) want[a];
                }
                if (norm == 0) {
                    assertEquals(0.0, diff, "dislikes only: both solves give xu = 0");
                } else {
                    double rel = Math.sqrt(diff / norm);
                    org.junit.jupiter.api.Assertions.assertTrue(rel < 1e-3,
                            "user " + user + " swipe " + t + ": CG is " + rel + " (relative) from Cholesky");
                }
            }
        }
    }

    /** min ‖Ax − b‖ by Householder QR (m ≥ n, full column rank). */
    static double[] householderLeastSquares(double[][] A0, double[] b0) {
        int m = A0.length, n = A0[0].length;
        double[][] A = new double[m][];
        for (int i = 0; i < m; i++) A[i] = A0[i].clone();
        double[] b = b0.clone();
        for (int j = 0; j < n; j++) {
            double norm = 0;
            for (int i = j; i < m; i++) norm += A[i][j] * A[i][j];
            norm = Math.sqrt(norm);
            double alpha = A[j][j] > 0 ? -norm : norm;
            double[] v = new double[m];
            for (int i = j; i < m; i++) v[i] = A[i][j];
            v[j] -= alpha;
            double vv = 0;
            for (int i = j; i < m; i++) vv += v[i] * v[i];
            if (vv == 0) continue;
            for (int col = j; col < n; col++) { // A ← (I − 2vvᵀ/vᵀv)A
                double d = 0;
                for (int i = j; i < m; i++) d += v[i] * A[i][col];
                double f = 2 * d / vv;
                for (int i = j; i < m; i++) A[i][col] -= f * v[i];
            }
            double d = 0;
            for (int i = j; i < m; i++) d += v[i] * b[i];
            double f = 2 * d / vv;
            for (int i = j; i < m; i++) b[i] -= f * v[i];
        }
        double[] x = new double[n]; // back-substitute R·x = Qᵀb
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int col = i + 1; col < n; col++) s -= A[i][col] * x[col];
            x[i] = s / A[i][i];
        }
        return x;
    }
}
