package io.reelstream.lifecycle.drift;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PsiTest {
    @Test
    void byHand() {
        // e = ¼ each, a = (0.1, 0.2, 0.3, 0.4):
        // −0.15·ln 0.4 − 0.05·ln 0.8 + 0.05·ln 1.2 + 0.15·ln 1.6 = 0.137444 + 0.011157 + 0.009116 + 0.070500 = 0.2282174
        assertEquals(0.22821740957339182, Psi.psi(new double[] {.25, .25, .25, .25}, new double[] {.1, .2, .3, .4}), 1e-15);
        assertEquals(0, Psi.psi(new double[] {.3, .7}, new double[] {.3, .7}), 0);
    }

    @Test
    void anEmptyBinCountsAsEpsilon() {
        // e = (½, ½, 0 → 1e-4), a = (0.5, 0.4, 0.1): 0 + (−0.1)·ln 0.8 + (0.1 − 1e-4)·ln(0.1/1e-4) = 0.0223144 + 0.6900847
        assertEquals(0.7123991075017365, Psi.psi(new double[] {.5, .5, 0}, new double[] {.5, .4, .1}), 1e-15);
    }

    @Test
    void isSymmetricAndEachTermNonNegative() {
        double[] e = {.1, .2, .3, .4}, a = {.25, .25, .3, .2};
        assertEquals(Psi.psi(e, a), Psi.psi(a, e), 1e-15);
        Psi.Result r = Psi.compare("x", new String[] {"a", "b", "c", "d"}, new long[] {10, 20, 30, 40}, new long[] {25, 25, 30, 20});
        for (double c : r.contributions()) assertTrue(c >= 0);
        assertEquals(Psi.psi(e, a), r.psi(), 1e-15);
    }

    @Test
    void comparesCountsAndPrintsTheBinsThatMovedMost() {
        // reference 1000/1000/2000/0 of 4000, recent 10/30/50/10 of 100:
        // e = (.25, .25, .5, 1e-4), a = (.1, .3, .5, .1) → 0.8366444
        Psi.Result r = Psi.compare("demo", new String[] {"a", "b", "c", "d"}, new long[] {1000, 1000, 2000, 0},
                new long[] {10, 30, 50, 10});
        assertEquals(0.8366444399911365, r.psi(), 1e-15);
        assertEquals(Psi.Level.SIGNIFICANT, r.level());
        assertEquals(3 * (1 / 4000.0 + 1 / 100.0), r.noise(), 1e-15);
        assertEquals("demo PSI 0.8366 SIGNIFICANT (100 recent vs 4000 reference, noise 0.0308; top: d 0.0%->10.0% +0.6901,"
                + " a 25.0%->10.0% +0.1374)", r.toString());
    }

    @Test
    void readsTheUsualThresholds() {
        assertEquals(Psi.Level.STABLE, Psi.Level.of(0.05));
        assertEquals(Psi.Level.MODERATE, Psi.Level.of(0.1));
        assertEquals(Psi.Level.MODERATE, Psi.Level.of(0.2));
        assertEquals(Psi.Level.SIGNIFICANT, Psi.Level.of(0.2001));
    }

    @Test
    void rejectsMismatchedBinsNegativeCountsAndAnEmptySide() {
        assertThrows(IllegalArgumentException.class, () -> Psi.psi(new double[] {1}, new double[] {.5, .5}));
        var neg = assertThrows(IllegalArgumentException.class,
                () -> Psi.compare("mix", new String[] {"a", "b"}, new long[] {1, -1}, new long[] {1, 1}));
        assertTrue(neg.getMessage().startsWith("mix reference counts must be >= 0"), neg.getMessage());
        var empty = assertThrows(IllegalArgumentException.class,
                () -> Psi.compare("mix", new String[] {"a", "b"}, new long[] {1, 1}, new long[] {0, 0}));
        assertEquals("mix recent counts are all zero: nothing to compare", empty.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Psi.compare("mix", new String[] {"a"}, new long[] {1, 1}, new long[] {1, 1}));
    }
}
