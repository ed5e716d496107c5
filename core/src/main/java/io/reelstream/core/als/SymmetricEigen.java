package io.reelstream.core.als;

/**
 * Eigendecomposition A = V·diag(s)·Vᵀ of a small dense symmetric matrix by the cyclic Jacobi method
 * (Golub and Van Loan §8.5): sweep over every off-diagonal pair (p, q), zero it with the plane
 * rotation
 * <pre>
 *   θ = (a_qq − a_pp) / 2a_pq,   t = sign(θ) / (|θ| + √(θ² + 1)),   c = 1/√(t² + 1),   s = t·c
 * </pre>
 * and accumulate the rotations into V, until the off-diagonal mass is below 10⁻³⁰ of the total.
 * Convergence is quadratic; k = 64 takes 7–9 sweeps. Cost O(k³) per sweep, run once per model
 * version (on YᵀY), never per swipe. Jacobi is chosen over tridiagonal QR for being short and
 * accurate to the last bits on every eigenvalue, not only the large ones.
 */
public final class SymmetricEigen {
    private static final int MAX_SWEEPS = 100;
    private static final double TOLERANCE = 1e-30;

    /** Eigenvalues, descending. */
    private final double[] values;
    /** Eigenvectors as columns, row-major k × k: column j pairs with values[j]. */
    private final double[] vectors;
    private final int k;

    private SymmetricEigen(double[] values, double[] vectors, int k) {
        this.values = values;
        this.vectors = vectors;
        this.k = k;
    }

    /**
     * Decomposes the symmetric k × k row-major matrix A (not modified; only its upper triangle is read).
     *
     * @throws IllegalArgumentException A is not k × k or has a non-finite entry
     * @throws ArithmeticException      no convergence in {@value #MAX_SWEEPS} sweeps
     */
    public static SymmetricEigen of(double[] A, int k) {
        if (k <= 0 || A.length != k * k) {
            throw new IllegalArgumentException("expected a " + k + " × " + k + " matrix, got " + A.length + " entries");
        }
        double[][] a = new double[k][k];
        double total = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i; j < k; j++) {
                double v = A[i * k + j];
                if (!Double.isFinite(v)) throw new IllegalArgumentException("entry (" + i + ", " + j + ") is " + v);
                a[i][j] = v;
                a[j][i] = v;
                total += (i == j ? 1 : 2) * v * v;
            }
        }
        double[][] v = new double[k][k];
        for (int i = 0; i < k; i++) v[i][i] = 1;

        int sweep = 0;
        while (offDiagonal(a, k) > TOLERANCE * total) {
            if (++sweep > MAX_SWEEPS) throw new ArithmeticException("Jacobi did not converge in " + MAX_SWEEPS + " sweeps");
            for (int p = 0; p < k; p++) {
                for (int q = p + 1; q < k; q++) {
                    if (a[p][q] != 0) rotate(a, v, k, p, q);
                }
            }
        }

        // sort descending, keeping each vector with its value
        Integer[] order = new Integer[k];
        for (int i = 0; i < k; i++) order[i] = i;
        java.util.Arrays.sort(order, (x, y) -> Double.compare(a[y][y], a[x][x]));
        double[] values = new double[k];
        double[] vectors = new double[k * k];
        for (int j = 0; j < k; j++) {
            values[j] = a[order[j]][order[j]];
            for (int i = 0; i < k; i++) vectors[i * k + j] = v[i][order[j]];
        }
        return new SymmetricEigen(values, vectors, k);
    }

    public int k() {
        return k;
    }

    /** Eigenvalue j (descending order). */
    public double value(int j) {
        return values[j];
    }

    /** Eigenvalues, descending; a copy. */
    public double[] values() {
        return values.clone();
    }

    /** Component i of eigenvector j (column j of V). */
    public double vector(int i, int j) {
        return vectors[i * k + j];
    }

    /** V row-major (k × k, columns are eigenvectors): shared, do not modify. */
    double[] vectorsRowMajor() {
        return vectors;
    }

    /** Zeroes a[p][q] by a rotation in the (p, q) plane, applied on both sides of a and to V's columns. */
    private static void rotate(double[][] a, double[][] v, int k, int p, int q) {
        double theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        double t = (theta >= 0 ? 1 : -1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        double c = 1 / Math.sqrt(t * t + 1);
        double s = t * c;
        for (int r = 0; r < k; r++) { // columns p and q: A·J
            double arp = a[r][p], arq = a[r][q];
            a[r][p] = c * arp - s * arq;
            a[r][q] = s * arp + c * arq;
        }
        double[] ap = a[p], aq = a[q];
        for (int r = 0; r < k; r++) { // rows p and q: Jᵀ·(A·J)
            double apr = ap[r], aqr = aq[r];
            ap[r] = c * apr - s * aqr;
            aq[r] = s * apr + c * aqr;
        }
        for (int r = 0; r < k; r++) { // V·J
            double vrp = v[r][p], vrq = v[r][q];
            v[r][p] = c * vrp - s * vrq;
            v[r][q] = s * vrp + c * vrq;
        }
    }

    private static double offDiagonal(double[][] a, int k) {
        double sum = 0;
        for (int i = 0; i < k; i++) {
            for (int j = i + 1; j < k; j++) sum += 2 * a[i][j] * a[i][j];
        }
        return sum;
    }
}
