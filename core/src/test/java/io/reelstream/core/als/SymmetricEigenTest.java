package io.reelstream.core.als;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SymmetricEigenTest {
    @Test
    void twoByTwoByHand() {
        // [[2, 1], [1, 2]]: eigenvalues 3 and 1, vectors (1, 1)/√2 and (1, −1)/√2
        SymmetricEigen e = SymmetricEigen.of(new double[] {2, 1, 1, 2}, 2);
        assertEquals(3, e.value(0), 1e-15);
        assertEquals(1, e.value(1), 1e-15);
        assertEquals(1 / Math.sqrt(2), Math.abs(e.vector(0, 0)), 1e-15);
        assertEquals(e.vector(0, 0), e.vector(1, 0), 1e-15);
        assertEquals(-e.vector(0, 1), e.vector(1, 1), 1e-15);
    }

    @Test
    void aGramianIsRebuiltFromItsDecompositionWithOrthonormalVectors() {
        int n = 500, k = 64;
        Random rnd = new Random(3);
        float[] Y = new float[n * k];
        for (int i = 0; i < Y.length; i++) Y[i] = (float) (rnd.nextGaussian() * (1 + (i % k) / 8.0));
        double[] A = UserSolve.gramian(Y, n, k);
        SymmetricEigen e = SymmetricEigen.of(A, k);
        double scale = e.value(0);
        for (int j = 1; j < k; j++) assertTrue(e.value(j) <= e.value(j - 1), "descending");
        for (int a = 0; a < k; a++) {
            for (int b = 0; b < k; b++) {
                double rebuilt = 0, gram = 0;
                for (int j = 0; j < k; j++) {
                    rebuilt += e.vector(a, j) * e.value(j) * e.vector(b, j);
                    gram += e.vector(j, a) * e.vector(j, b); // VᵀV
                }
                assertEquals(A[a * k + b], rebuilt, 1e-12 * scale, "VSVᵀ at (" + a + ", " + b + ")");
                assertEquals(a == b ? 1 : 0, gram, 1e-13, "VᵀV at (" + a + ", " + b + ")");
            }
        }
    }

    @Test
    void aDiagonalMatrixIsItsOwnDecomposition() {
        SymmetricEigen e = SymmetricEigen.of(new double[] {1, 0, 0, 0, 5, 0, 0, 0, 3}, 3);
        assertEquals(5, e.value(0));
        assertEquals(3, e.value(1));
        assertEquals(1, e.value(2));
        assertEquals(1, Math.abs(e.vector(1, 0)));
    }

    @Test
    void badInputIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[3], 2));
        assertThrows(IllegalArgumentException.class, () -> SymmetricEigen.of(new double[] {1, Double.NaN, Double.NaN, 1}, 2));
    }
}
