package io.reelstream.trainer.itemitem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fast closed form (LAPACK through OpenBLAS, float32) against the slow references: EASE's B
 * must be, column by column, the ridge regression of each item on all the others.
 */
class EaseSolverTest {

    /** A users × n matrix with the trainer's values: likes 1, dislikes −0.5, mostly empty. */
    private static double[] randomX(Random random, int users, int n) {
        double[] X = new double[users * n];
        for (int a = 0; a < X.length; a++) {
            double r = random.nextDouble();
            X[a] = r < 0.25 ? 1 : r < 0.32 ? -0.5 : 0;
        }
        return X;
    }

    private static float[] toFloat(double[] a) {
        float[] f = new float[a.length];
        for (int i = 0; i < a.length; i++) f[i] = (float) a[i];
        return f;
    }

    @Test
    void closedFormEqualsABruteForceRidgeRegressionPerColumn() {
        Random random = new Random(19);
        for (int trial = 0; trial < 6; trial++) {
            int users = 30 + random.nextInt(40), n = 5 + random.nextInt(20);
            double lambda = new double[] {0.5, 3, 20}[trial % 3];
            double[] X = randomX(random, users, n);
            double[] expected = EaseReference.ridgeColumns(X, users, n, lambda);
            float[] B = toFloat(EaseReference.gramian(X, users, n));
            EaseSolver.solveInPlace(B, n, lambda, 1 + trial % 2);
            double scale = 0;
            for (double v : expected) scale = Math.max(scale, Math.abs(v));
            for (int j = 0; j < n; j++) {
                assertEquals(0f, B[j * n + j], 0f, "diagonal of B is 0");
                for (int i = 0; i < n; i++) {
                    assertEquals(expected[j * n + i], B[j * n + i], 2e-4 * Math.max(scale, 1e-3),
                            "trial " + trial + " (n " + n + ", λ " + lambda + ") B[" + j + ", " + i + "]");
                }
            }
        }
    }

    @Test
    void inverseMatchesGaussJordan() {
        Random random = new Random(3);
        int users = 80, n = 40;
        double lambda = 2;
        double[] G = EaseReference.gramian(randomX(random, users, n), users, n);
        float[] P = toFloat(G);
        EaseSolver.invertInPlace(P, n, lambda, 2);
        for (int i = 0; i < n; i++) G[i * n + i] += lambda;
        double[] expected = EaseReference.inverse(G, n);
        double scale = 0;
        for (double v : expected) scale = Math.max(scale, Math.abs(v));
        for (int a = 0; a < n * n; a++) assertEquals(expected[a], P[a], 1e-5 * scale, "P entry " + a);
    }

    @Test
    void rejectsLambdaAtOrBelowZeroAndAShapeMismatch() {
        var e = assertThrows(IllegalArgumentException.class, () -> EaseSolver.solveInPlace(new float[4], 2, 0, 1));
        assertTrue(e.getMessage().contains("lambda must be > 0"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> EaseSolver.solveInPlace(new float[5], 2, 1, 1));
    }

    @Test
    void coreTypeFollowsTheCpuFlags() {
        assertEquals("SkylakeX", NativeBlas.coreTypeForFlags(java.util.Set.of("avx2", "fma", "avx512f", "avx512bw", "avx512dq", "avx512vl")));
        assertEquals("Haswell", NativeBlas.coreTypeForFlags(java.util.Set.of("avx2", "fma", "avx512f")));
        assertEquals(null, NativeBlas.coreTypeForFlags(java.util.Set.of("sse4_2")));
    }
}
