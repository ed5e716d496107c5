package io.reelstream.core.als;

import io.reelstream.core.preference.Preference;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/**
 * {@link FoldInSolver#contributions} (the Woodbury route for short histories) splits each score exactly
 * as {@link FoldInExplanation#contributions} (the k × k Cholesky route) does: pinned entry by entry on
 * random ALS-scaled catalogues, every history length the route takes, dislikes and repeated rows included.
 */
class WoodburyExplanationTest {
    private static final int N = 300;
    private static final int K = 24;

    private final Random rnd = new Random(5);
    private final float[] Y = catalogue();
    private final double[] YtY = UserSolve.gramian(Y, N, K);
    private final FoldInSolver solver = FoldInSolver.of(Y, N, K, YtY);

    private float[] catalogue() {
        float[] y = new float[N * K];
        for (int i = 0; i < N; i++) {
            double norm = Math.exp(rnd.nextGaussian() * 0.5) * 0.3;
            for (int a = 0; a < K; a++) y[i * K + a] = (float) (rnd.nextGaussian() * norm);
        }
        return y;
    }

    @Test
    void matchesTheCholeskyRouteForEveryShortHistory() {
        AlsParams params = AlsParams.defaults();
        int[] targets = {0, 17, 150, 299};
        for (int count = 1; count <= solver.maxWoodburyEntries(); count++) {
            for (int trial = 0; trial < 4; trial++) {
                int[] items = new int[count];
                float[] cu = new float[count];
                float[] pu = new float[count];
                java.util.BitSet drawn = new java.util.BitSet(N);
                for (int i = 0; i < count; i++) {
                    do {
                        items[i] = rnd.nextInt(N);
                    } while (drawn.get(items[i]));
                    drawn.set(items[i]);
                    int pref = new int[] {-2, -1, 1, 2, 2}[rnd.nextInt(5)];
                    cu[i] = Preference.confidence(pref, params.alpha());
                    pu[i] = Preference.target(pref);
                }
                boolean repeated = trial == 0 && count > 2;
                if (repeated) items[count - 1] = items[0]; // legal input, though a history holds each movie once
                double lambda = params.lambdaFor(count, YtY);
                double[][] expected = FoldInExplanation.contributions(Y, K, YtY, items, cu, pu, count, lambda, targets);
                double[][] actual = solver.contributions(items, cu, pu, count, lambda, targets);
                for (int t = 0; t < targets.length; t++) {
                    for (int j = 0; j < count; j++) {
                        double scale = Math.max(1e-6, Math.abs(expected[t][j]));
                        assertEquals(expected[t][j], actual[t][j], 1e-9 * scale, "count " + count + " target " + t + " entry " + j);
                        if (pu[j] == 0) assertEquals(0.0, actual[t][j]); // a dislike adds nothing directly
                    }
                }
                if (!repeated) { // a repeated row ties with itself, and rounding may name either copy
                    assertArrayEquals(FoldInExplanation.strongest(expected), FoldInExplanation.strongest(actual));
                }
                // the stream's path: the same values compared in the same order, for a prefix of the targets
                int[] strongest = solver.strongest(items, cu, pu, count, lambda, targets, 3);
                assertArrayEquals(java.util.Arrays.copyOf(FoldInExplanation.strongest(actual), 3), strongest);
            }
        }
    }

    /** The per-thread work arrays sized for a long history answer a short one afterwards as a fresh thread would. */
    @Test
    void aShortHistoryAfterALongOneOnTheSameThread() throws Exception {
        AlsParams params = AlsParams.defaults();
        int[] targets = {3, 40, 77, 201, 250};
        int[] longItems = new int[12];
        float[] cu = new float[12];
        float[] pu = new float[12];
        for (int i = 0; i < 12; i++) {
            longItems[i] = 10 + 7 * i;
            cu[i] = Preference.confidence(i % 3 == 0 ? -1 : 2, params.alpha());
            pu[i] = Preference.target(i % 3 == 0 ? -1 : 2);
        }
        solver.strongest(longItems, cu, pu, 12, params.lambdaFor(12, YtY), targets, targets.length);
        double lambda = params.lambdaFor(4, YtY);
        int[] again = solver.strongest(longItems, cu, pu, 4, lambda, targets, targets.length);
        int[][] fresh = new int[1][];
        Thread other = new Thread(() -> fresh[0] = solver.strongest(longItems, cu, pu, 4, lambda, targets, targets.length));
        other.start();
        other.join();
        assertArrayEquals(fresh[0], again);
        assertArrayEquals(FoldInExplanation.strongest(solver.contributions(longItems, cu, pu, 4, lambda, targets)), again);
    }

    /** k = 1 by hand, FoldInExplanationTest's case: a confidence of 1 has no rank-one term, so Cholesky answers. */
    @Test
    void confidenceOneAndLongHistoriesTakeTheCholeskyRoute() {
        float[] y = {1f, 2f, 3f};
        double[] ytY = UserSolve.gramian(y, 3, 1);
        FoldInSolver one = FoldInSolver.of(y, 3, 1, ytY);
        double[][] c = one.contributions(new int[]{0}, new float[]{1f}, new float[]{1f}, 1, 1.0, new int[]{2});
        // A = 14 + 1 = 15, contribution = 1·1·(3·1/15) = 0.2
        assertArrayEquals(new double[]{0.2}, c[0], 1e-12);
        double[][] two = one.contributions(new int[]{0, 1}, new float[]{2f, 3f}, new float[]{1f, 0f}, 2, 1.0, new int[]{2});
        assertArrayEquals(new double[]{0.25, 0.0}, two[0], 1e-12); // count 2 > k/2 = 1: FoldInExplanationTest's numbers
        assertArrayEquals(new int[]{0}, one.strongest(new int[]{0, 1}, new float[]{2f, 3f}, new float[]{1f, 0f}, 2, 1.0,
                new int[]{2, 0}, 1));
        assertSame(double[][].class, two.getClass());
    }

    /** k = 2, one liked entry, by hand: A = YᵀY + λI + e·y_j·y_jᵀ, contribution = c·y_tᵀA⁻¹y_j. */
    @Test
    void handComputedTwoFactors() {
        float[] y = {1f, 0f, 0f, 2f, 1f, 1f};
        double[] ytY = UserSolve.gramian(y, 3, 2); // [[2, 1], [1, 5]]
        FoldInSolver s = FoldInSolver.of(y, 3, 2, ytY);
        // history: row 0 liked with c = 3 (e = 2); λ = 1 → A = [[2+1+2, 1], [1, 5+1]] = [[5, 1], [1, 6]], det 29
        // A⁻¹y_0 = [6, −1]/29; target row 2 (1, 1): y_2ᵀA⁻¹y_0 = 5/29; contribution = 3·1·5/29
        double[][] c = s.contributions(new int[]{0}, new float[]{3f}, new float[]{1f}, 1, 1.0, new int[]{2});
        assertEquals(15.0 / 29.0, c[0][0], 1e-12);
    }
}
