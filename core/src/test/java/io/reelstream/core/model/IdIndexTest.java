package io.reelstream.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IdIndexTest {

    @Test
    void agreesWithAHashMapOnSequentialSparseNegativeAndDuplicateIds() {
        Random rnd = new Random(3);
        for (int n : new int[] {0, 1, 2, 7, 1000, 13_000}) {
            for (int shape = 0; shape < 3; shape++) {
                int[] ids = new int[n];
                for (int r = 0; r < n; r++) {
                    ids[r] = switch (shape) {
                        case 0 -> r + 1;                                  // MovieLens-like: dense from 1
                        case 1 -> rnd.nextInt();                          // anywhere, negatives included
                        default -> rnd.nextInt(Math.max(1, n / 2)) * 64;  // duplicates, colliding low bits
                    };
                }
                Map<Integer, Integer> reference = new HashMap<>();
                for (int r = 0; r < n; r++) reference.put(ids[r], r);
                IdIndex index = new IdIndex(ids);
                for (int r = 0; r < n; r++) assertEquals(reference.get(ids[r]), index.rowOf(ids[r]), "n " + n + " shape " + shape);
                for (int probe = 0; probe < 2000; probe++) {
                    int id = rnd.nextInt();
                    assertEquals(reference.getOrDefault(id, -1), index.rowOf(id), "absent id " + id);
                }
            }
        }
    }
}
