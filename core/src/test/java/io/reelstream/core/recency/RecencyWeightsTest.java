package io.reelstream.core.recency;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RecencyWeightsTest {
    @Test
    void newestWeighsOneAndEachHalfLifeHalvesTheDecayingPart() {
        RecencyWeights w = RecencyWeights.bySwipes(5, 0.3);
        assertEquals(1f, w.weight(0, 0), 0f);
        assertEquals(0.3 + 0.7 * 0.5, w.weight(5, 0), 1e-6);
        assertEquals(0.3 + 0.7 * 0.25, w.weight(10, 0), 1e-6);
        assertEquals(0.3, w.weight(10_000, 0), 1e-6);
    }

    @Test
    void weighsAHistoryGivenOldestFirst() {
        float[] out = new float[4];
        RecencyWeights.bySwipes(1, 0).weigh(null, 4, out);
        assertEquals(0.125f, out[0], 1e-7);
        assertEquals(0.25f, out[1], 1e-7);
        assertEquals(0.5f, out[2], 1e-7);
        assertEquals(1f, out[3], 0f);
    }

    @Test
    void timeDecayCountsDaysFromTheNewestSwipe() {
        long day = 86_400_000L;
        float[] out = new float[3];
        new RecencyWeights(Double.POSITIVE_INFINITY, 0, 2).weigh(new long[] {0, 2 * day, 4 * day}, 3, out);
        assertEquals(0.25f, out[0], 1e-6);
        assertEquals(0.5f, out[1], 1e-6);
        assertEquals(1f, out[2], 1e-6);
    }

    @Test
    void swipeAndTimeDecayMultiplyUnderOneFloor() {
        long day = 86_400_000L;
        RecencyWeights w = new RecencyWeights(2, 0.2, 1);
        // 2 swipes and 1 day older than the newest: 0.2 + 0.8 · 0.5 · 0.5
        assertEquals(0.2 + 0.8 * 0.25, w.weight(2, day), 1e-6);
        float[] out = new float[3];
        w.weigh(new long[] {0, day, day}, 3, out);
        assertEquals(0.2 + 0.8 * Math.pow(0.5, 0.5), out[1], 1e-6); // age 1, 0 days
        assertEquals(0.2 + 0.8 * 0.5 * 0.5, out[0], 1e-6); // age 2, 1 day
        assertEquals(1f, out[2], 0f);
        // a clock that runs backwards never weighs more than the newest
        assertEquals(w.weight(0, 0), w.weight(0, -day), 0f);
    }

    @Test
    void noneWeighsEverythingOne() {
        assertTrue(RecencyWeights.NONE.isNone());
        assertEquals(1f, RecencyWeights.NONE.weight(1000, 1_000_000_000L), 0f);
        assertTrue(RecencyWeights.bySwipes(5, 1).isNone());
    }

    @Test
    void rejectsAHalfLifeAtOrBelowZeroAndAFloorOutsideTheUnitInterval() {
        var e = assertThrows(IllegalArgumentException.class, () -> RecencyWeights.bySwipes(0, 0.3));
        assertTrue(e.getMessage().contains("half-life"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> RecencyWeights.bySwipes(-1, 0.3));
        assertThrows(IllegalArgumentException.class, () -> RecencyWeights.bySwipes(Double.NaN, 0.3));
        assertThrows(IllegalArgumentException.class, () -> RecencyWeights.bySwipes(5, 1.5));
        assertThrows(IllegalArgumentException.class, () -> new RecencyWeights(5, 0.3, 0));
    }
}
