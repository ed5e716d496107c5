package io.reelstream.lifecycle.drift;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Preference-mix and item-popularity drift on simulated swipes: a recent sample drawn from the
 * training distribution stays below 0.1 (40 seeded samples of 5000 swipes each), a shifted one
 * crosses the usual 0.2 threshold. Each case prints its worst (or mildest) PSI line.
 */
class DriftSimulationTest {
    static final int SAMPLES = 40;
    static final int RECENT = 5000;

    /** Index drawn from a discrete distribution by its cumulative weights. */
    static int draw(double[] cumulative, SplittableRandom rnd) {
        double u = rnd.nextDouble() * cumulative[cumulative.length - 1];
        int lo = 0, hi = cumulative.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cumulative[mid] > u) hi = mid; else lo = mid + 1;
        }
        return lo;
    }

    static double[] cumulative(double[] weights) {
        double[] c = new double[weights.length];
        double s = 0;
        for (int i = 0; i < weights.length; i++) c[i] = s += weights[i];
        return c;
    }

    // ---- preference mix ----

    static final int[] PREFERENCES = {-2, -1, 1, 2};
    static final double[] TRAINING_MIX = {0.10, 0.15, 0.35, 0.40};

    static long[] preferenceSample(double[] mix, int n, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] cum = cumulative(mix);
        PreferenceMix.Counter counter = new PreferenceMix.Counter();
        for (int i = 0; i < n; i++) counter.add(PREFERENCES[draw(cum, rnd)]);
        return counter.counts();
    }

    @Test
    void theSamePreferenceMixStaysBelowPointOneAndAShiftTowardDislikesCrossesPointTwo() {
        long[] training = preferenceSample(TRAINING_MIX, 100_000, 1);
        Psi.Result worstSame = null;
        Psi.Result mildestShift = null;
        double[] shifted = {0.25, 0.25, 0.25, 0.25}; // unhappier users: strong no 10 % → 25 %, superlike 40 % → 25 % (PSI 0.293)
        for (int s = 0; s < SAMPLES; s++) {
            Psi.Result same = PreferenceMix.psi(training, preferenceSample(TRAINING_MIX, RECENT, 100 + s));
            if (worstSame == null || same.psi() > worstSame.psi()) worstSame = same;
            Psi.Result moved = PreferenceMix.psi(training, preferenceSample(shifted, RECENT, 200 + s));
            if (mildestShift == null || moved.psi() < mildestShift.psi()) mildestShift = moved;
        }
        System.out.println("same mix, worst of " + SAMPLES + ":    " + worstSame);
        System.out.println("shifted mix, mildest of " + SAMPLES + ": " + mildestShift);
        assertTrue(worstSame.psi() < 0.1, worstSame.toString());
        assertTrue(mildestShift.psi() > 0.2, mildestShift.toString());
    }

    @Test
    void preferenceBinsFollowProtocolBuckets() {
        assertEquals(0, PreferenceMix.bin(-2));
        assertEquals(3, PreferenceMix.bin(2));
        assertArrayEquals(new long[] {1, 1, 1, 2}, new PreferenceMix.Counter().addRating(1.0).addRating(2.5)
                .addRating(3.0).addRating(4.0).addRating(5.0).counts());
        assertThrows(IllegalArgumentException.class, () -> PreferenceMix.bin(0));
    }

    // ---- item popularity ----

    static final int ITEMS = 2000;

    /** Zipf weights over item ids 1..ITEMS with exponent s (id 1 the most popular). */
    static double[] zipf(double s) {
        double[] w = new double[ITEMS];
        for (int i = 0; i < ITEMS; i++) w[i] = 1 / Math.pow(i + 1, s);
        return w;
    }

    @Test
    void theSamePopularityStaysBelowPointOneAndAMoveToTheTailAndToNewItemsCrossesPointTwo() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] trainCum = cumulative(zipf(1.0));
        Map<Integer, Long> trainingCounts = new HashMap<>();
        for (int i = 0; i < 200_000; i++) trainingCounts.merge(draw(trainCum, rnd) + 1, 1L, Long::sum);
        PopularityBins bins = PopularityBins.fromTrainingCounts(trainingCounts);
        System.out.println(bins);

        double[] flatterCum = cumulative(zipf(0.6)); // taste spreads to the long tail
        Psi.Result worstSame = null, mildestShift = null;
        for (int s = 0; s < SAMPLES; s++) {
            SplittableRandom r1 = new SplittableRandom(1000 + s), r2 = new SplittableRandom(2000 + s);
            PopularityBins.Counter same = bins.newCounter(), moved = bins.newCounter();
            for (int i = 0; i < RECENT; i++) {
                same.add(draw(trainCum, r1) + 1);
                // 3 % of swipes on items released after training (ids the model never saw)
                moved.add(r2.nextDouble() < 0.03 ? 100_000 + r2.nextInt(500) : draw(flatterCum, r2) + 1);
            }
            if (worstSame == null || same.psi().psi() > worstSame.psi()) worstSame = same.psi();
            if (mildestShift == null || moved.psi().psi() < mildestShift.psi()) mildestShift = moved.psi();
        }
        System.out.println("same popularity, worst of " + SAMPLES + ":    " + worstSame);
        System.out.println("tail + new items, mildest of " + SAMPLES + ": " + mildestShift);
        assertTrue(worstSame.psi() < 0.1, worstSame.toString());
        assertTrue(mildestShift.psi() > 0.2, mildestShift.toString());
    }

    @Test
    void binsAreDecilesOfThePopularityRankWithTiesByIdAndABinForUnknownItems() {
        // 20 items, counts 20, 19, …, 1 for ids 1..20 — except ids 3 and 4 tie at 18 → id 3 first
        Map<Integer, Long> counts = new HashMap<>();
        for (int id = 1; id <= 20; id++) counts.put(id, (long) (21 - id));
        counts.put(4, 18L);
        counts.put(99, 0L); // never swiped in training: unknown
        PopularityBins bins = PopularityBins.fromTrainingCounts(counts);
        assertEquals(20, bins.knownItems());
        assertEquals(0, bins.bin(1));
        assertEquals(0, bins.bin(2));
        assertEquals(1, bins.bin(3));   // ranks 2 and 3 (ids 3, 4 tied at 18) share decile 1
        assertEquals(1, bins.bin(4));
        assertEquals(9, bins.bin(20));
        assertEquals(PopularityBins.UNKNOWN_BIN, bins.bin(99));
        assertEquals(PopularityBins.UNKNOWN_BIN, bins.bin(12345));
        // reference per decile: (20+19), (18+18), (16+15), (14+13), …, (2+1), unknown 0
        assertArrayEquals(new long[] {39, 36, 31, 27, 23, 19, 15, 11, 7, 3, 0}, bins.trainingCounts());
        assertEquals("item-popularity", bins.psi(new long[] {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}).name());
        assertEquals("unknown", PopularityBins.LABELS[10]);
        assertEquals("top10%", PopularityBins.LABELS[0]);
    }

    @Test
    void fewerItemsThanDecilesLeaveEmptyBinsAtEpsilon() {
        PopularityBins bins = PopularityBins.fromTrainingCounts(Map.of(7, 5L, 8, 3L, 9, 2L));
        assertEquals(0, bins.bin(7));
        assertEquals(3, bins.bin(8)); // ⌊10·1/3⌋
        assertEquals(6, bins.bin(9)); // ⌊10·2/3⌋
        Psi.Result same = bins.psi(new long[] {50, 0, 0, 30, 0, 0, 20, 0, 0, 0, 0});
        assertEquals(0, same.psi(), 1e-15);
        assertThrows(IllegalArgumentException.class, () -> PopularityBins.fromTrainingCounts(Map.of(1, 0L)));
        assertThrows(IllegalArgumentException.class, () -> PopularityBins.fromTrainingCounts(Map.of(1, -2L)));
    }
}
