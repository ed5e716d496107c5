package io.reelstream.core.als;

/**
 * Dense symmetric positive-definite solve A·x = b by Cholesky, A = L·Lᵀ. Cost O(k³/3). For the small
 * systems of the ALS row solves and the item-to-item model's sparse ridges (k up to a few hundred);
 * large dense systems go to LAPACK.
 */
public final class Cholesky {
    private Cholesky() {}

    /**
     * Solves A·x = b for a k × k row-major SPD matrix; A is not modified.
     *
     * <p>Right-looking (outer-product) order: once column j of L is known, its contribution
     * L[i][j]·L[m][j] is subtracted from every later entry (i, m), m ≤ i:
     * <pre>
     *   L[j][j] = √a[j][j],   L[i][j] = a[i][j] / L[j][j]          (i > j)
     *   a[i][m] ← a[i][m] − L[i][j]·L[m][j]                        (j < m ≤ i)
     * </pre>
     * Each entry receives the same products in the same order (j = 0, 1, …) as the textbook
     * left-looking dot s = a[i][m] − Σ_j L[i][j]·L[m][j], so the factor is bit-identical to it; but
     * the update is an axpy over a contiguous row (independent lanes, which C2 vectorises) instead
     * of a serial reduction bound by the latency of each subtraction: ~3× faster at k = 64.
     */
    public static double[] solve(double[] A, double[] b, int k) {
        double[][] a = new double[k][]; // lower triangle, one zero-offset row each (the axpys vectorise)
        for (int i = 0; i < k; i++) {
            a[i] = new double[i + 1];
            System.arraycopy(A, i * k, a[i], 0, i + 1);
        }
        return solveLower(a, b, k);
    }

    /**
     * {@link #solve} for A given as its lower triangle, row i = a[i][0..i]; a is overwritten by L.
     * O(k³/3).
     */
    static double[] solveLower(double[][] a, double[] b, int k) {
        factorLower(a, k);
        return solveFactored(a, b, k);
    }

    /** Overwrites A's lower triangle (row i = a[i][0..i]) by its Cholesky factor L. O(k³/3). */
    static void factorLower(double[][] a, int k) {
        double[] col = new double[k]; // column j of L
        for (int j = 0; j < k; j++) {
            double d = a[j][j];
            if (d <= 0) {
                throw new ArithmeticException("matrix is not positive definite at row " + j
                        + "; try increasing the regularization (lambda)");
            }
            double ljj = Math.sqrt(d);
            a[j][j] = ljj;
            for (int i = j + 1; i < k; i++) {
                double lij = a[i][j] / ljj;
                a[i][j] = lij;
                col[i] = lij;
            }
            for (int i = j + 1; i < k; i++) {
                double[] ai = a[i];
                double lij = col[i];
                for (int m = j + 1; m <= i; m++) ai[m] -= lij * col[m];
            }
        }
    }

    /** Solves L·Lᵀ·x = b for a factor from {@link #factorLower}: two triangular solves, O(k²). */
    static double[] solveFactored(double[][] a, double[] b, int k) {
        double[] x = new double[k];
        solveFactored(a, b, k, new double[k], x);
        return x;
    }

    /** {@link #solveFactored(double[][], double[], int)} into x, with y (length ≥ k) as work space: no allocation. */
    static void solveFactored(double[][] a, double[] b, int k, double[] y, double[] x) {
        for (int i = 0; i < k; i++) { // L·y = b
            double s = b[i];
            double[] li = a[i];
            for (int m = 0; m < i; m++) s -= li[m] * y[m];
            y[i] = s / li[i];
        }
        for (int i = k - 1; i >= 0; i--) { // Lᵀ·x = y
            double s = y[i];
            for (int m = i + 1; m < k; m++) s -= a[m][i] * x[m];
            x[i] = s / a[i][i];
        }
    }
}
