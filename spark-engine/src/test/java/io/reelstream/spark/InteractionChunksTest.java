package io.reelstream.spark;

import io.reelstream.core.als.Interactions;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InteractionChunksTest {
    @Test
    void slicesHoldEveryEntryOnceInRowOrderAndRespectTheCap() {
        SplittableRandom rnd = new SplittableRandom(7);
        int users = 300, items = 50, n = 4000;
        int[] u = new int[n], i = new int[n];
        byte[] p = new byte[n];
        byte[] prefs = {-2, -1, 1, 2};
        for (int t = 0; t < n; t++) {
            u[t] = rnd.nextInt(users);
            i[t] = rnd.nextInt(items);
            p[t] = prefs[rnd.nextInt(4)];
        }
        u[0] = 5; // one heavy user, longer than a slice: it gets a slice of its own
        for (int t = 1; t <= 49; t++) {
            u[t] = 5;
            i[t] = t;
        }
        Interactions R = Interactions.fromTriples(users, items, u, i, p);
        int cap = 40;
        List<InteractionChunks.Chunk> chunks = InteractionChunks.of(R, cap);
        List<int[]> seen = new ArrayList<>();
        for (InteractionChunks.Chunk c : chunks) {
            assertTrue(c.entries() <= cap || c.start().length == 2, "only a single long row may exceed the cap");
            for (Iterator<Row> it = InteractionChunks.rows(c); it.hasNext(); ) {
                Row r = it.next();
                seen.add(new int[] {r.getInt(0), r.getInt(1), (int) r.getFloat(2)});
            }
        }
        assertEquals(R.nnz(), seen.size());
        int j = 0;
        for (int row = 0; row < R.rows(); row++) {
            for (int e = R.start(row); e < R.end(row); e++, j++) {
                assertEquals(row, seen.get(j)[0]);
                assertEquals(R.col(e), seen.get(j)[1]);
                assertEquals(R.preference(e), seen.get(j)[2], "the rating Spark sees is the preference");
            }
        }
    }
}
