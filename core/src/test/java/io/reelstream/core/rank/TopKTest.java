package io.reelstream.core.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class TopKTest {
    @Test
    void keepsBestFirstWithTiesToLowerIndexAndIgnoresNaN() {
        float[] scores = {1f, 3f, Float.NaN, 3f, 2f, Float.NEGATIVE_INFINITY};
        assertArrayEquals(new int[] {1, 3, 4}, TopK.select(scores, scores.length, 3, null));
        assertArrayEquals(new int[] {3, 4, 0, 5}, TopK.select(scores, scores.length, 10, i -> i == 1));
    }

    @Test
    void resetWithLimitKeepsFewerAndFillsTheThresholdEarlier() {
        TopK top = new TopK(5);
        top.reset(2);
        top.offer(0, 1f);
        assertEquals(Float.NEGATIVE_INFINITY, top.threshold());
        top.offer(1, 4f);
        assertEquals(1f, top.threshold());
        top.offer(2, 3f);
        assertEquals(3f, top.threshold());
        int[] rows = new int[5];
        float[] scores = new float[5];
        assertEquals(2, top.drainBestFirst(5, rows, scores));
        assertEquals(1, rows[0]);
        assertEquals(2, rows[1]);
        top.reset();
        for (int i = 0; i < 7; i++) top.offer(i, i);
        assertEquals(5, top.size());
        assertThrows(IllegalArgumentException.class, () -> top.reset(6));
        assertThrows(IllegalArgumentException.class, () -> top.reset(0));
    }
}
