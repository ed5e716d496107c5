package io.reelstream.core.als;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The one-row solve against references computed here, independently of UserSolve: a hand-derived
 * k = 1 case, and a dense weighted least-squares solve over every item (observed or not) by
 * Gaussian elimination. CG is checked against Cholesky on random problems with fixed seeds.
 */
class UserSolveTest {
    /** One random row problem: Y (n × k), the row's observed entries, λ. */
    private record Problem(int n, int k, float[] Y, int[] items, float[] cu, float[] pu, double lambda) {}

    private static Problem randomProblem(long seed, int n, int k, int observed, double lambda) {
        Random rnd = new Random(seed);
        float[] Y = new float[n * k];
        for (int i = 0; i < Y.length; i++) Y[i] = (float) (rnd.nextGaussian() * 0.5);
        int[] items = new int[observed];
        float[] cu = new float[observed];
        float[] pu = new float[observed];
        boolean[] used = new boolean[n];
        for (int j = 0; j < observed; j++) {
            int i;
            do { i = rnd.nextInt(n); } while (used[i]);
            used[i] = true;
            items[j] = i;
            int[] prefs = {-2, -1, 1, 2};
            int pref = prefs[rnd.nextInt(4)];
            cu[j] = 1f + 15f * Math.abs(pref);
            pu[j] = pref > 0 ? 1f : 0f;
        }
        return new Problem(n, k, Y, items, cu, pu, lambda);
    }

    /**
     * argmin_x Σ_all i c_i (p_i − x·yi)² + λ‖x‖² with c_i = 1, p_i = 0 on unobserved items: the
     * normal equations (Σ c_i yi yiᵀ + λI) x = Σ c_i p_i yi, built densely and solved by Gaussian
     * elimination with partial pivoting — no gramian trick, no Cholesky.
     */
    private static double[] denseLeastSquares(Problem q) {
        int k = q.k();
        double[] c = new double[q.n()];
        double[] p = new double[q.n()];
        java.util.Arrays.fill(c, 1.0);
        for (int j = 0; j < q.items().length; j++) {
            c[q.items()[j]] = q.cu()[j];
            p[q.items()[j]] = q.pu()[j];
        }
        double[][] M = new double[k][k + 1];
        for (int i = 0; i < q.n(); i++) {
            for (int a = 0; a < k; a++) {
                double ya = q.Y()[i * k + a];
                for (int b = 0; b < k; b++) M[a][b] += c[i] * ya * q.Y()[i * k + b];
                M[a][k] += c[i] * p[i] * ya;
            }
        }
        for (int a = 0; a < k; a++) M[a][a] += q.lambda();
        for (int col = 0; col < k; col++) {
            int pivot = col;
            for (int r = col + 1; r < k; r++) if (Math.abs(M[r][col]) > Math.abs(M[pivot][col])) pivot = r;
            double[] t = M[col]; M[col] = M[pivot]; M[pivot] = t;
            for (int r = col + 1; r < k; r++) {
                double f = M[r][col] / M[col][col];
                for (int cc = col; cc <= k; cc++) M[r][cc] -= f * M[col][cc];
            }
        }
        double[] x = new double[k];
        for (int r = k - 1; r >= 0; r--) {
            double s = M[r][k];
            for (int cc = r + 1; cc < k; cc++) s -= M[r][cc] * x[cc];
            x[r] = s / M[r][r];
        }
        return x;
    }

    private static float[] toFloat(double[] v) {
        float[] f = new float[v.length];
        for (int i = 0; i < v.length; i++) f[i] = (float) v[i];
        return f;
    }

    @Test
    void oneFactorCaseMatchesTheHandDerivedFormula() {
        // k = 1, Y = (1, 2, 3), observed: item 1 liked with c = 16, item 2 disliked with c = 31; λ = 0.5.
        // x = Σ c p y / (Σ c y² + λ) = 16·2 / (1·1 + 16·4 + 31·9 + 0.5) = 32 / 344.5
        float[] Y = {1f, 2f, 3f};
        int[] items = {1, 2};
        float[] cu = {16f, 31f};
        float[] pu = {1f, 0f};
        double[] YtY = UserSolve.gramian(Y, 3, 1);
        assertEquals(14.0, YtY[0], 0.0);
        float[] chol = UserSolve.solveCholesky(Y, 1, YtY, items, cu, pu, 2, 0.5);
        assertEquals(32.0 / 344.5, chol[0], 1e-7);
        float[] cg = new float[1];
        UserSolve.solveCG(Y, 1, YtY, items, cu, pu, 2, 0.5, cg, 1); // one step is exact for k = 1
        assertEquals(32.0 / 344.5, cg[0], 1e-6);
    }

    @Test
    void choleskyMatchesDenseLeastSquaresOverEveryItem() {
        for (long seed = 1; seed <= 5; seed++) {
            Problem q = randomProblem(seed, 40, 6, 12, 0.3);
            double[] YtY = UserSolve.gramian(q.Y(), q.n(), q.k());
            float[] xu = UserSolve.solveCholesky(q.Y(), q.k(), YtY, q.items(), q.cu(), q.pu(), q.items().length, q.lambda());
            // tolerance: float32 output of a well-conditioned double solve
            assertArrayEquals(toFloat(denseLeastSquares(q)), xu, 1e-5f, "seed " + seed);
        }
    }

    @Test
    void conjugateGradientFromZeroConvergesToCholeskyInKSteps() {
        for (long seed = 11; seed <= 20; seed++) {
            Problem q = randomProblem(seed, 50, 8, 15, 0.1);
            double[] YtY = UserSolve.gramian(q.Y(), q.n(), q.k());
            float[] exact = UserSolve.solveCholesky(q.Y(), q.k(), YtY, q.items(), q.cu(), q.pu(), q.items().length, q.lambda());
            float[] cg = new float[q.k()];
            // exact arithmetic: k steps solve a k × k SPD system; float32 rounding leaves ~1e-4
            UserSolve.solveCG(q.Y(), q.k(), YtY, q.items(), q.cu(), q.pu(), q.items().length, q.lambda(), cg, 2 * q.k());
            double scale = 0;
            for (float v : exact) scale = Math.max(scale, Math.abs(v));
            for (int a = 0; a < q.k(); a++) {
                assertEquals(exact[a], cg[a], 1e-3 * scale, "seed " + seed + " component " + a);
            }
        }
    }

    @Test
    void gatheredAndStreamedRowsReachTheCholeskyAnswer() {
        // 300 and 2 000 entries: gathered, dots four rows at a time; 17 003: streamed from Y,
        // four rows at a time and a tail of three
        for (int observed : new int[]{300, 2_000, 17_003}) {
            Problem q = randomProblem(observed, 20_000, 4, observed, 0.5);
            double[] YtY = UserSolve.gramian(q.Y(), q.n(), q.k());
            float[] exact = UserSolve.solveCholesky(q.Y(), q.k(), YtY, q.items(), q.cu(), q.pu(), observed, q.lambda());
            float[] cg = new float[q.k()];
            UserSolve.solveCG(q.Y(), q.k(), YtY, q.items(), q.cu(), q.pu(), observed, q.lambda(), cg, 3 * q.k());
            double scale = 0;
            for (float v : exact) scale = Math.max(scale, Math.abs(v));
            for (int a = 0; a < q.k(); a++) {
                // float32 sums over thousands of entries: 1e-3 of the largest component
                assertEquals(exact[a], cg[a], 1e-3 * scale, observed + " entries, component " + a);
            }
        }
    }

    @Test
    void fewWarmStartedStepsLowerTheRowLoss() {
        Problem q = randomProblem(7, 60, 8, 20, 0.1);
        double[] YtY = UserSolve.gramian(q.Y(), q.n(), q.k());
        int count = q.items().length;
        float[] xu = new float[q.k()];
        double before = UserSolve.rowLoss(q.Y(), q.k(), YtY, q.items(), q.cu(), q.pu(), count, q.lambda(), xu);
        UserSolve.solveCG(q.Y(), q.k(), YtY, q.items(), q.cu(), q.pu(), count, q.lambda(), xu, 3);
        double after3 = UserSolve.rowLoss(q.Y(), q.k(), YtY, q.items(), q.cu(), q.pu(), count, q.lambda(), xu);
        float[] exact = UserSolve.solveCholesky(q.Y(), q.k(), YtY, q.items(), q.cu(), q.pu(), count, q.lambda());
        double optimum = UserSolve.rowLoss(q.Y(), q.k(), YtY, q.items(), q.cu(), q.pu(), count, q.lambda(), exact);
        assertTrue(after3 < before, "3 CG steps should lower the loss: " + before + " -> " + after3);
        assertTrue(after3 >= optimum - 1e-4 * Math.abs(optimum), "CG cannot beat the exact optimum");
    }

    @Test
    void allocationFreeOverloadWritesTheRowInPlace() {
        Problem q = randomProblem(3, 30, 4, 9, 0.2);
        double[] YtY = UserSolve.gramian(q.Y(), q.n(), q.k());
        float[] oneOff = new float[q.k()];
        UserSolve.solveCG(q.Y(), q.k(), YtY, q.items(), q.cu(), q.pu(), q.items().length, q.lambda(), oneOff, 3);
        float[] X = new float[3 * q.k()];
        UserSolve.solveCG(q.Y(), q.k(), UserSolve.toFloatRows(YtY, q.k()), q.items(), q.cu(), q.pu(), q.items().length, q.lambda(), X, q.k(), 3,
                new UserSolve.Scratch(q.k(), 4));
        float[] row = java.util.Arrays.copyOfRange(X, q.k(), 2 * q.k());
        assertArrayEquals(oneOff, row, 0f, "fold-in form and trainer form are the same code");
        assertArrayEquals(new float[q.k()], java.util.Arrays.copyOfRange(X, 0, q.k()), 0f, "other rows untouched");
    }
}
