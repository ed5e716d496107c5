package io.reelstream.core.als;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Woodbury route solves the same equation as {@link UserSolve#solveCholesky}: pinned against it on
 * random catalogues (ALS-like scales, the trainer's relative λ), histories of every length up to k,
 * with dislikes, repeated items and entries of confidence 1.
 */
class FoldInSolverTest {
    private static final int N = 400;
    private static final int K = 32;

    private final Random rnd = new Random(11);
    private final float[] Y = catalogue();
    private final double[] YtY = UserSolve.gramian(Y, N, K);
    private final FoldInSolver solver = FoldInSolver.of(Y, N, K, YtY);

    private float[] catalogue() {
        float[] y = new float[N * K];
        for (int i = 0; i < N; i++) {
            double norm = Math.exp(rnd.nextGaussian() * 0.5) * 0.3; // a spread of norms, like trained factors
            for (int a = 0; a < K; a++) y[i * K + a] = (float) (rnd.nextGaussian() * norm);
        }
        return y;
    }

    @Test
    void woodburyMatchesCholeskyForEveryHistoryLength() {
        AlsParams params = AlsParams.defaults();
        for (int count = 1; count <= K; count++) {
            for (int trial = 0; trial < 5; trial++) {
                int[] items = new int[count];
                float[] cu = new float[count];
                float[] pu = new float[count];
                for (int i = 0; i < count; i++) {
                    items[i] = rnd.nextInt(N);
                    int pref = new int[] {-2, -1, 1, 2, 2}[rnd.nextInt(5)];
                    cu[i] = io.reelstream.core.preference.Preference.confidence(pref, params.alpha());
                    pu[i] = io.reelstream.core.preference.Preference.target(pref);
                }
                if (count > 2) items[count - 1] = items[0]; // a repeated row is legal input
                double lambda = params.lambdaFor(count, YtY);
                float[] expected = UserSolve.solveCholesky(Y, K, YtY, items, cu, pu, count, lambda);
                float[] actual = solver.solveWoodbury(items, cu, pu, count, lambda);
                assertClose(expected, actual, "count " + count + " trial " + trial);
            }
        }
    }

    @Test
    void entriesOfConfidenceOneOnlyAddToTheRightHandSide() {
        int[] items = {3, 7, 9};
        float[] cu = {1f, 16f, 1f}; // α = 0 style entries: e_i = 0, no rank-one term
        float[] pu = {1f, 1f, 0f};
        float[] expected = UserSolve.solveCholesky(Y, K, YtY, items, cu, pu, 3, 0.5);
        assertClose(expected, solver.solveWoodbury(items, cu, pu, 3, 0.5), "confidence 1");
    }

    @Test
    void onlyDislikesGiveTheZeroVector() {
        float[] xu = solver.solve(new int[] {1, 2}, new float[] {16f, 31f}, new float[] {0f, 0f}, 2, 1.0);
        assertArrayEquals(new float[K], xu);
    }

    @Test
    void longHistoriesAndLowConfidencesTakeTheCholeskyRoute() {
        assertEquals(K / 2, solver.maxWoodburyEntries());
        int count = K; // above k/2
        int[] items = new int[count];
        float[] cu = new float[count];
        float[] pu = new float[count];
        for (int i = 0; i < count; i++) {
            items[i] = i;
            cu[i] = 16f;
            pu[i] = 1f;
        }
        assertArrayEquals(UserSolve.solveCholesky(Y, K, YtY, items, cu, pu, count, 2.0),
                solver.solve(items, cu, pu, count, 2.0), "bit-identical: the same Cholesky call");
        float[] low = {0.5f, 16f};
        assertArrayEquals(UserSolve.solveCholesky(Y, K, YtY, new int[] {1, 2}, low, new float[] {1f, 1f}, 2, 2.0),
                solver.solve(new int[] {1, 2}, low, new float[] {1f, 1f}, 2, 2.0), "c < 1 has no Woodbury form");
    }

    private static void assertClose(float[] expected, float[] actual, String what) {
        double norm = 0;
        for (float v : expected) norm = Math.max(norm, Math.abs(v));
        for (int a = 0; a < expected.length; a++) {
            // both are double solves rounded to float: equal up to a float ulp of the largest entry
            assertEquals(expected[a], actual[a], 2 * Math.ulp((float) norm), what + ", component " + a);
        }
    }
}
