package io.reelstream.trainer.split;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reelstream.core.recency.RecencyWeights;
import io.reelstream.trainer.io.RatingsTable;
import org.junit.jupiter.api.Test;

class ChronologicalHistoryTest {
    @Test
    void ordersEachHistoryByTimestampThenMovieIdLikeTheSplit() {
        RatingsTable t = new RatingsTable();
        // user 7: movie 30 at t=5, movie 10 at t=9, movies 40 and 20 both at t=7 (tie → lower movieId first)
        t.add(7, 30, 4f, 5, 1);
        t.add(7, 10, 1f, 9, 2);
        t.add(7, 40, 3f, 7, 3);
        t.add(7, 20, 2f, 7, 4);
        t.add(8, 10, 5f, 1, 5);
        FittedData f = FittedData.of(t, r -> true);
        ChronologicalHistory h = ChronologicalHistory.of(f);
        assertEquals(2, h.users());
        int[] movies = new int[h.size(0)];
        int[] prefs = new int[h.size(0)];
        long[] times = new long[h.size(0)];
        for (int e = h.start(0); e < h.end(0); e++) {
            movies[e - h.start(0)] = f.items().id(h.item(e));
            prefs[e - h.start(0)] = h.preference(e);
            times[e - h.start(0)] = h.timeMs(e);
        }
        assertArrayEquals(new int[] {30, 20, 40, 10}, movies);
        assertArrayEquals(new int[] {2, -1, 1, -2}, prefs);
        assertArrayEquals(new long[] {5000, 7000, 7000, 9000}, times, "seconds → the stream's milliseconds");
        // ages count every swipe, dislikes too: the newest (movie 10) weighs 1
        float[] w = new float[4];
        RecencyWeights.bySwipes(1, 0).weigh(times, 4, w);
        assertArrayEquals(new float[] {0.125f, 0.25f, 0.5f, 1f}, w, 1e-7f);
        assertEquals(4, h.maxSize());
    }
}
