package io.reelstream.core.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NormalTest {
    /** Slow, obvious reference: P(Z ≥ z) = ∫_z^{z+12} φ(t) dt by composite Simpson with 20 000 panels. */
    static double upperTailBySimpson(double z) {
        int panels = 20_000;
        double a = z, b = z + 12, h = (b - a) / panels, sum = phi(a) + phi(b);
        for (int i = 1; i < panels; i++) sum += phi(a + i * h) * (i % 2 == 1 ? 4 : 2);
        return sum * h / 3;
    }

    static double phi(double t) {
        return Math.exp(-t * t / 2) / Math.sqrt(2 * Math.PI);
    }

    @Test
    void matchesTabulatedValues() {
        // scipy.stats.norm: cdf(1.96), sf(5), 2·sf(8), ppf(0.975), ppf(1e-10), ppf(0.3)
        assertEquals(0.9750021048517795, Normal.cdf(1.96), 1e-15);
        assertEquals(0.5, Normal.cdf(0), 0);
        assertEquals(2.866515718791933e-07, Normal.upperTail(5), 2.866515718791933e-07 * 1e-12);
        assertEquals(1.244192114854348e-15, Normal.twoSidedP(8), 1.244192114854348e-15 * 1e-12);
        assertEquals(1.0, Normal.twoSidedP(0), 1e-12);
        assertEquals(1.959963984540054, Normal.quantile(0.975), 1e-14);
        assertEquals(-6.361340902404056, Normal.quantile(1e-10), 1e-13);
        assertEquals(-0.5244005127080409, Normal.quantile(0.3), 1e-14);
        assertEquals(Double.NaN, Normal.twoSidedP(Double.NaN));
    }

    @Test
    void tailAgreesWithASimpsonIntegralOfTheDensityToTenDigitsOutToZOfNine() {
        for (double z = -3; z <= 9; z += 0.125) { // crosses the series/continued-fraction switch at z = 2.5·√2
            double reference = upperTailBySimpson(z);
            assertEquals(reference, Normal.upperTail(z), reference * 1e-10, "z = " + z);
            assertEquals(1 - reference, Normal.cdf(z), 1e-12, "z = " + z);
        }
    }

    @Test
    void quantileInvertsTheCdf() {
        for (double p : new double[] {1e-12, 1e-6, 0.001, 0.02425, 0.025, 0.1, 0.5, 0.8, 0.975, 0.99, 1 - 1e-6}) {
            double z = Normal.quantile(p);
            double back = p < 0.5 ? Normal.cdf(z) : 1 - Normal.upperTail(z);
            assertEquals(p, back, Math.min(p, 1 - p) * 1e-11, "p = " + p);
        }
        assertEquals(-Normal.quantile(0.01), Normal.quantile(0.99), 1e-9);
    }

    @Test
    void quantileRejectsProbabilitiesOutsideTheOpenUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> Normal.quantile(0));
        assertThrows(IllegalArgumentException.class, () -> Normal.quantile(1));
        assertThrows(IllegalArgumentException.class, () -> Normal.quantile(Double.NaN));
    }
}
