package io.reelstream.trainer.itemitem;

import static org.bytedeco.openblas.global.openblas.LAPACKE_spotrf;
import static org.bytedeco.openblas.global.openblas.LAPACKE_spotri;
import static org.bytedeco.openblas.global.openblas.LAPACK_COL_MAJOR;

import org.bytedeco.javacpp.FloatPointer;

/**
 * EASE's closed form (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data"): the item-to-
 * item matrix B minimising ‖X − X·B‖² + λ‖B‖² subject to diag(B) = 0 is
 * <pre>
 *   P = (G + λI)⁻¹,   G = XᵀX                      LAPACK spotrf: G + λI = L·Lᵀ,  O(n³/3)
 *                                                  LAPACK spotri: P = L⁻ᵀ·L⁻¹,    O(2n³/3)
 *   B = I − P·diag(1/diag P)                       B[j, i] = −P[j, i] / P[i, i] (j ≠ i),  B[i, i] = 0,  O(n²)
 * </pre>
 * Column i of B is the ridge regression of X's column i on every other column (the reference
 * test solves each column that way and compares). Float32 through OpenBLAS, on a copy of the
 * matrix outside the heap: peak memory 8·n² bytes (the heap array and the native copy).
 * The LAPACK call is column-major on the lower triangle: for the symmetric G that is the same
 * memory, and the result's triangle is mirrored in Java.
 */
public final class EaseSolver {
    private EaseSolver() {}

    /**
     * Overwrites G (n × n, row-major, symmetric) with B. O(n³) in OpenBLAS on {@code threads} threads.
     *
     * @throws IllegalArgumentException when G + λI is not positive definite (λ too small for float32)
     */
    public static void solveInPlace(float[] G, int n, double lambda, int threads) {
        invertInPlace(G, n, lambda, threads);
        toB(G, n);
    }

    /** G ← P = (G + λI)⁻¹, both triangles. O(n³) in OpenBLAS. */
    public static void invertInPlace(float[] G, int n, double lambda, int threads) {
        if (!(lambda > 0) || !Double.isFinite(lambda)) throw new IllegalArgumentException("EASE lambda must be > 0, got " + lambda);
        if ((long) n * n != G.length) throw new IllegalArgumentException("G has " + G.length + " entries, not " + n + "²");
        if (n == 0) return;
        NativeBlas.threads(threads);
        for (int i = 0; i < n; i++) G[i * n + i] += (float) lambda; // G + λI
        try (FloatPointer A = new FloatPointer((long) n * n)) {
            A.put(G);
            // G + λI = L·Lᵀ (lower, column-major = the upper triangle of the row-major array)
            int info = LAPACKE_spotrf(LAPACK_COL_MAJOR, (byte) 'L', n, A, n);
            if (info > 0) {
                throw new IllegalArgumentException("XᵀX + λI is not positive definite in float32 at item " + (info - 1)
                        + " of " + n + " (λ " + lambda + "): increase itemitem.lambda");
            }
            if (info < 0) throw new IllegalStateException("LAPACKE_spotrf: argument " + (-info) + " is illegal");
            // P = (L·Lᵀ)⁻¹ = L⁻ᵀ·L⁻¹, same triangle
            info = LAPACKE_spotri(LAPACK_COL_MAJOR, (byte) 'L', n, A, n);
            if (info != 0) throw new IllegalStateException("LAPACKE_spotri failed with info " + info + " at n " + n);
            A.get(G);
        }
        // the triangle LAPACK wrote is row-major G[i, j] with j ≥ i: mirror it below the diagonal
        for (int i = 0; i < n; i++) {
            int row = i * n;
            for (int j = i + 1; j < n; j++) G[j * n + i] = G[row + j];
        }
    }

    /** P → B = I − P·diag(1/diag P) in place: B[j, i] = −P[j, i]/P[i, i], diagonal 0. O(n²). */
    public static void toB(float[] P, int n) {
        float[] minusInvDiag = new float[n];
        for (int i = 0; i < n; i++) minusInvDiag[i] = -1f / P[i * n + i];
        for (int j = 0; j < n; j++) {
            int row = j * n;
            for (int i = 0; i < n; i++) P[row + i] *= minusInvDiag[i];
            P[row + j] = 0f;
        }
    }
}
