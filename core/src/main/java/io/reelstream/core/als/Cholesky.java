package io.reelstream.core.als;

/** Dense symmetric positive-definite solve A·x = b by Cholesky, A = L·Lᵀ. Cost O(k³/3). */
final class Cholesky {
    private Cholesky() {}

    /** Solves A·x = b for a k × k row-major SPD matrix; A is not modified. */
    static double[] solve(double[] A, double[] b, int k) {
        double[] L = new double[k * k];
        for (int i = 0; i < k; i++) {
            for (int j = 0; j <= i; j++) {
                double s = A[i * k + j];
                for (int m = 0; m < j; m++) s -= L[i * k + m] * L[j * k + m];
                if (i == j) {
                    if (s <= 0) {
                        throw new ArithmeticException("matrix is not positive definite at row " + i
                                + "; try increasing the regularization (lambda)");
                    }
                    L[i * k + i] = Math.sqrt(s);
                } else {
                    L[i * k + j] = s / L[j * k + j];
                }
            }
        }
        double[] y = new double[k]; // L·y = b
        for (int i = 0; i < k; i++) {
            double s = b[i];
            for (int m = 0; m < i; m++) s -= L[i * k + m] * y[m];
            y[i] = s / L[i * k + i];
        }
        double[] x = new double[k]; // Lᵀ·x = y
        for (int i = k - 1; i >= 0; i--) {
            double s = y[i];
            for (int m = i + 1; m < k; m++) s -= L[m * k + i] * x[m];
            x[i] = s / L[i * k + i];
        }
        return x;
    }
}
