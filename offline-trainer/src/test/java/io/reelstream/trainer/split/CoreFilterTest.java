package io.reelstream.trainer.split;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reelstream.trainer.io.RatingsTable;
import org.junit.jupiter.api.Test;

class CoreFilterTest {
    @Test
    void repeatsUntilStable() {
        RatingsTable t = new RatingsTable();
        // movies 10 and 11 rated by users 1 and 2; movie 12 only by user 3, who also rated 10.
        t.add(1, 10, 4f, 1, 1);
        t.add(1, 11, 4f, 2, 2);
        t.add(2, 10, 4f, 3, 3);
        t.add(2, 11, 4f, 4, 4);
        t.add(3, 10, 4f, 5, 5);
        t.add(3, 12, 4f, 6, 6);
        // min 2 per movie drops (3, 12); then user 3 has 1 rating < 2, so (3, 10) goes in round 2.
        CoreFilter.Result r = CoreFilter.apply(t, 2, 2);
        assertEquals(4, t.size());
        assertEquals(6, r.before());
        assertEquals(4, r.after());
        assertEquals(3, r.rounds(), "two rounds that remove, one that confirms");
        for (int row = 0; row < t.size(); row++) assertEquals(true, t.user(row) != 3);
    }
}
