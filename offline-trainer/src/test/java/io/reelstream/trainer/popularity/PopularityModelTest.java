package io.reelstream.trainer.popularity;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reelstream.trainer.io.RatingsTable;
import io.reelstream.trainer.split.FittedData;
import org.junit.jupiter.api.Test;

class PopularityModelTest {
    @Test
    void smoothsTowardsTheGlobalMeanAndBreaksTiesByMovieId() {
        RatingsTable t = new RatingsTable();
        t.add(1, 30, 5f, 1, 1);  // movie 30: one 5.0
        t.add(1, 20, 4f, 1, 2);  // movie 20: 4.0, 4.0
        t.add(2, 20, 4f, 1, 3);
        t.add(2, 10, 4f, 1, 4);  // movie 10: 4.0, 4.0 (ties with 20)
        t.add(3, 10, 4f, 1, 5);
        t.add(3, 40, 1f, 1, 6);  // movie 40: one 1.0
        FittedData f = FittedData.of(t, r -> true);
        PopularityModel p = PopularityModel.fit(f, 2);
        double c = (5 + 4 + 4 + 4 + 4 + 1) / 6.0;
        // v/(v+m)·R + m/(v+m)·C with m = 2
        assertEquals(1 / 3.0 * 5 + 2 / 3.0 * c, p.score(f.items().indexOf(30)), 1e-12);
        assertEquals(2 / 4.0 * 4 + 2 / 4.0 * c, p.score(f.items().indexOf(20)), 1e-12);
        int[] ids = new int[4];
        for (int i = 0; i < 4; i++) ids[i] = f.items().id(p.ranking()[i]);
        // 30: 4.0556, 10 and 20: 3.8333 (tie → movieId 10 first), 40: 3.0556
        assertArrayEquals(new int[] {30, 10, 20, 40}, ids);
        assertEquals(c, p.globalMean(), 1e-12);
    }
}
