package io.reelstream.core.als;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CholeskyTest {
    @Test
    void rightLookingSolveIsBitIdenticalToTheTextbookDotProductForm() {
        Random rnd = new Random(17);
        for (int k : new int[] {1, 2, 3, 7, 16, 64}) {
            for (int trial = 0; trial < 5; trial++) {
                double[] A = randomSpd(rnd, k);
                double[] b = new double[k];
                for (int a = 0; a < k; a++) b[a] = rnd.nextGaussian();
                double[] before = A.clone();
                assertArrayEquals(leftLooking(A, b, k), Cholesky.solve(A, b, k), 0.0, "k = " + k);
                assertArrayEquals(before, A, 0.0, "A is not modified");
            }
        }
    }

    @Test
    void solvesASmallSystemByHand() {
        // [4 2; 2 3]·x = [2; 1]  →  x = [0.5; 0]
        assertArrayEquals(new double[] {0.5, 0.0}, Cholesky.solve(new double[] {4, 2, 2, 3}, new double[] {2, 1}, 2), 1e-15);
    }

    @Test
    void notPositiveDefiniteNamesTheRowAndTheFix() {
        ArithmeticException e = assertThrows(ArithmeticException.class,
                () -> Cholesky.solve(new double[] {1, 2, 2, 1}, new double[] {1, 1}, 2));
        assertTrue(e.getMessage().contains("row 1") && e.getMessage().contains("lambda"), e.getMessage());
    }

    @Test
    void userSolveIsBitIdenticalToTheDenseUpperTriangleForm() {
        Random rnd = new Random(23);
        for (int k : new int[] {1, 4, 16, 64}) {
            int rows = 300;
            float[] Y = new float[rows * k];
            for (int i = 0; i < Y.length; i++) Y[i] = (float) (rnd.nextGaussian() * 0.3);
            double[] YtY = UserSolve.gramian(Y, rows, k);
            for (int count : new int[] {1, 3, 40}) {
                int[] items = new int[count];
                float[] cu = new float[count];
                float[] pu = new float[count];
                for (int j = 0; j < count; j++) {
                    items[j] = rnd.nextInt(rows);
                    int pref = new int[] {-2, -1, 1, 2}[rnd.nextInt(4)];
                    cu[j] = 1 + 15f * Math.abs(pref);
                    pu[j] = pref > 0 ? 1 : 0;
                }
                if (count == 3) cu[1] = 1f; // c = 1 adds nothing to A
                assertArrayEquals(denseSolve(Y, k, YtY, items, cu, pu, count, 0.7),
                        UserSolve.solveCholesky(Y, k, YtY, items, cu, pu, count, 0.7), 0f, "k = " + k + ", nu = " + count);
            }
        }
    }

    /** The textbook form: A = YᵀY + Σ (c − 1)·yi·yiᵀ on the upper triangle, mirrored, + λI; dense solve. */
    private static float[] denseSolve(float[] Y, int k, double[] YtY, int[] items, float[] cu, float[] pu, int count,
                                      double lambda) {
        double[] A = YtY.clone();
        double[] b = new double[k];
        for (int j = 0; j < count; j++) {
            int off = items[j] * k;
            double extra = cu[j] - 1.0;
            if (extra != 0) {
                for (int a = 0; a < k; a++) {
                    double ya = extra * Y[off + a];
                    for (int c = a; c < k; c++) A[a * k + c] += ya * Y[off + c];
                }
            }
            double cp = (double) cu[j] * pu[j];
            if (cp != 0) for (int a = 0; a < k; a++) b[a] += cp * Y[off + a];
        }
        for (int a = 0; a < k; a++) {
            for (int c = a + 1; c < k; c++) A[c * k + a] = A[a * k + c];
        }
        for (int a = 0; a < k; a++) A[a * k + a] += lambda;
        double[] x = Cholesky.solve(A, b, k);
        float[] xu = new float[k];
        for (int a = 0; a < k; a++) xu[a] = (float) x[a];
        return xu;
    }

    /** B·Bᵀ + I for a random B: SPD. */
    private static double[] randomSpd(Random rnd, int k) {
        double[] B = new double[k * k];
        for (int i = 0; i < B.length; i++) B[i] = rnd.nextGaussian();
        double[] A = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j < k; j++) {
                double s = i == j ? 1 : 0;
                for (int m = 0; m < k; m++) s += B[i * k + m] * B[j * k + m];
                A[i * k + j] = s;
            }
        }
        return A;
    }

    /** The plain reference: L row by row, each entry one dot product (Cholesky–Banachiewicz). */
    private static double[] leftLooking(double[] A, double[] b, int k) {
        double[] L = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = A[i * k + j];
                for (int m = 0; m < j; m++) s -= L[i * k + m] * L[j * k + m];
                L[i * k + j] = i == j ? Math.sqrt(s) : s / L[j * k + j];
            }
        }
        double[] y = new double[k];
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int m = 0; m < i; m++) s -= L[i * k + m] * y[m];
            y[i] = s / L[i * k + i];
        }
        double[] x = new double[k];
        for (int i = k - 1; i >= 0; i--) {
            double s = y[i];
            for (int m = i + 1; m < k; m++) s -= L[m * k + i] * x[m];
            x[i] = s / L[i * k + i];
        }
        return x;
    }
}
