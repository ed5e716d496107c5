package io.reelstream.trainer.itemitem;

/**
 * The slow, obvious item-to-item solves the fast ones are tested against, in double precision and
 * plain loops: Gauss–Jordan elimination with partial pivoting, and EASE column by column as the
 * ridge regressions it is defined by. O(n³) and O(n⁴): tiny matrices only, tests only.
 */
final class EaseReference {
    private EaseReference() {}

    /** A⁻¹ by Gauss–Jordan with partial pivoting (A n × n row-major, not modified). O(n³). */
    static double[] inverse(double[] A, int n) {
        double[] a = A.clone();
        double[] inv = new double[n * n];
        for (int i = 0; i < n; i++) inv[i * n + i] = 1;
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[pivot * n + c])) pivot = r;
            if (a[pivot * n + c] == 0) throw new ArithmeticException("singular at column " + c);
            swapRows(a, n, c, pivot);
            swapRows(inv, n, c, pivot);
            double d = a[c * n + c];
            for (int j = 0; j < n; j++) {
                a[c * n + j] /= d;
                inv[c * n + j] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r == c) continue;
                double f = a[r * n + c];
                if (f == 0) continue;
                for (int j = 0; j < n; j++) {
                    a[r * n + j] -= f * a[c * n + j];
                    inv[r * n + j] -= f * inv[c * n + j];
                }
            }
        }
        return inv;
    }

    /** x solving A·x = b by {@link #inverse}. */
    static double[] solve(double[] A, double[] b, int n) {
        double[] inv = inverse(A, n);
        double[] x = new double[n];
        for (int i = 0; i < n; i++) for (int j = 0; j < n; j++) x[i] += inv[i * n + j] * b[j];
        return x;
    }

    /** G = XᵀX of a dense users × n matrix X (row-major). */
    static double[] gramian(double[] X, int users, int n) {
        double[] G = new double[n * n];
        for (int u = 0; u < users; u++) {
            for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) G[a * n + b] += X[u * n + a] * X[u * n + b];
        }
        return G;
    }

    /**
     * B column by column, each the ridge regression EASE's closed form solves:
     * b_i = argmin ‖X_i − X·b‖² + λ‖b‖² with b_i = 0, i.e. over the other columns S = {j ≠ i},
     * (X_Sᵀ X_S + λI)·b_S = X_Sᵀ X_i. Returns B row-major (B[j·n + i] = b_i[j]). O(n⁴).
     */
    static double[] ridgeColumns(double[] X, int users, int n, double lambda) {
        double[] G = gramian(X, users, n);
        double[] B = new double[n * n];
        int m = n - 1;
        for (int i = 0; i < n; i++) {
            int[] S = new int[m];
            for (int j = 0, t = 0; j < n; j++) if (j != i) S[t++] = j;
            double[] A = new double[m * m];
            double[] rhs = new double[m];
            for (int r = 0; r < m; r++) {
                for (int c = 0; c < m; c++) A[r * m + c] = G[S[r] * n + S[c]];
                A[r * m + r] += lambda;
                rhs[r] = G[S[r] * n + i];
            }
            double[] b = solve(A, rhs, m);
            for (int r = 0; r < m; r++) B[S[r] * n + i] = b[r];
        }
        return B;
    }

    private static void swapRows(double[] a, int n, int r1, int r2) {
        if (r1 == r2) return;
        for (int j = 0; j < n; j++) {
            double t = a[r1 * n + j];
            a[r1 * n + j] = a[r2 * n + j];
            a[r2 * n + j] = t;
        }
    }
}
