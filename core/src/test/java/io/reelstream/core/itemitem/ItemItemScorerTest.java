package io.reelstream.core.itemitem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ItemItemScorerTest {

    @Test
    void topOfDenseKeepsEachRowsLargestWeightsWithoutTheDiagonal() {
        float[] B = {
                9, 1, 3, 2,
                0, 9, -1, 4,
                5, 5, 9, 0,
                1, 2, 3, 9};
        ItemNeighbours nb = ItemNeighbours.topOfDense(B, 4, 2);
        assertEquals(4, nb.rows());
        assertArrayEquals(new int[] {2, 3}, neighbours(nb, 0));
        assertArrayEquals(new int[] {3, 2}, neighbours(nb, 1)); // 4, then -1 (the zero is dropped)
        assertArrayEquals(new int[] {0, 1}, neighbours(nb, 2)); // a tie goes to the lower row
        assertArrayEquals(new int[] {2, 1}, neighbours(nb, 3));
        assertEquals(3f, nb.weight(nb.start(0)), 0f);
        assertArrayEquals(new int[] {2}, neighbours(nb.truncate(1), 0));
    }

    @Test
    void topOfDenseByMagnitudeKeepsStrongNegativeWeights() {
        float[] B = {
                0, 1, -5, 2,
                3, 0, -1, -4,
                0.5f, 0, 0, 0,
                1, 2, 3, 0};
        ItemNeighbours nb = ItemNeighbours.topOfDenseByMagnitude(B, 4, 2);
        assertArrayEquals(new int[] {3, 2}, neighbours(nb, 0)); // |-5| and |2| kept, stored by weight: 2 then -5
        assertEquals(-5f, nb.weight(nb.start(0) + 1), 0f);
        assertArrayEquals(new int[] {0, 3}, neighbours(nb, 1)); // 3 and -4 (not -1)
        assertArrayEquals(new int[] {0}, neighbours(nb, 2)); // zeros dropped
        assertArrayEquals(new int[] {2, 1}, neighbours(nb, 3));
        // by value the same row 0 keeps 2 and 1 and loses the -5
        assertArrayEquals(new int[] {3, 1}, neighbours(ItemNeighbours.topOfDense(B, 4, 2), 0));
    }

    @Test
    void rejectsBadShapesAndSelfLoops() {
        assertThrows(IllegalArgumentException.class, () -> ItemNeighbours.topOfDense(new float[4], 2, 0));
        assertThrows(IllegalArgumentException.class, () -> ItemNeighbours.topOfDense(new float[5], 2, 1));
        assertThrows(IllegalArgumentException.class,
                () -> new ItemNeighbours(2, new int[] {0, 1, 1}, new int[] {0}, new float[] {1f}));
        assertThrows(IllegalArgumentException.class,
                () -> new ItemNeighbours(2, new int[] {0, 1, 2}, new int[] {1, 0}, new float[] {1f, Float.NaN}));
    }

    /** The scorer against Σ_j r_j·B[j, i] computed densely, on random sparse models and histories. */
    @Test
    void matchesTheDenseSumAndNamesTheLargestContribution() {
        Random random = new Random(7);
        ItemItemScorer scorer = new ItemItemScorer();
        for (int trial = 0; trial < 50; trial++) {
            int n = 5 + random.nextInt(60);
            float[] B = new float[n * n];
            for (int a = 0; a < B.length; a++) if (random.nextFloat() < 0.3f) B[a] = (float) random.nextGaussian();
            int M = 1 + random.nextInt(n);
            ItemNeighbours nb = ItemNeighbours.topOfDense(B, n, M);
            float[] cut = new float[n * n]; // B restricted to the kept entries
            for (int j = 0; j < n; j++) {
                for (int e = nb.start(j); e < nb.end(j); e++) cut[j * n + nb.neighbour(e)] = nb.weight(e);
            }
            int h = 1 + random.nextInt(Math.min(10, n));
            int[] rows = new int[h];
            float[] r = new float[h];
            boolean[] seen = new boolean[n];
            for (int t = 0; t < h; t++) {
                rows[t] = random.nextInt(n);
                r[t] = random.nextFloat() * 2 - 0.5f;
                seen[rows[t]] = true;
            }
            float[] dense = new float[n];
            boolean[] reached = new boolean[n];
            for (int t = 0; t < h; t++) {
                for (int i = 0; i < n; i++) {
                    if (cut[rows[t] * n + i] != 0f) {
                        dense[i] += r[t] * cut[rows[t] * n + i];
                        reached[i] |= r[t] != 0f;
                    }
                }
            }
            int want = 1 + random.nextInt(n);
            int[] out = new int[want];
            float[] scores = new float[want];
            int[] because = new int[want];
            int got = scorer.recommend(nb, rows, r, h, i -> seen[i], want, out, scores, because);

            Integer[] order = java.util.stream.IntStream.range(0, n).filter(i -> reached[i] && !seen[i]).boxed()
                    .toArray(Integer[]::new);
            Arrays.sort(order, (a, b) -> dense[a] != dense[b] ? Float.compare(dense[b], dense[a]) : Integer.compare(a, b));
            assertEquals(Math.min(want, order.length), got, "trial " + trial);
            for (int t = 0; t < got; t++) {
                assertEquals(dense[out[t]], scores[t], 1e-4f, "trial " + trial + " rank " + t);
                float best = Float.NEGATIVE_INFINITY;
                for (int s = 0; s < h; s++) {
                    float c = cut[rows[s] * n + out[t]];
                    if (c != 0f && r[s] != 0f) best = Math.max(best, r[s] * c);
                }
                int src = because[t];
                float contribution = Float.NEGATIVE_INFINITY;
                for (int s = 0; s < h; s++) if (rows[s] == src && r[s] != 0f) contribution = Math.max(contribution, r[s] * cut[src * n + out[t]]);
                assertEquals(best, contribution, 1e-6f, "trial " + trial + ": reason of rank " + t);
            }
            for (int t = 0; t + 1 < got; t++) {
                assertEquals(true, scores[t] >= scores[t + 1] - 1e-5f, "trial " + trial + " order at " + t);
            }
        }
    }

    @Test
    void aFreshCallSeesNoneOfThePreviousOne() {
        ItemNeighbours nb = ItemNeighbours.topOfDense(new float[] {0, 1, 0, 0, 0, 2, 3, 0, 0}, 3, 2);
        ItemItemScorer scorer = new ItemItemScorer();
        int[] out = new int[3];
        float[] scores = new float[3];
        assertEquals(1, scorer.recommend(nb, new int[] {0}, new float[] {1f}, 1, i -> i == 0, 3, out, scores, null));
        assertEquals(1, out[0]);
        assertEquals(1f, scores[0], 0f);
        assertEquals(1, scorer.recommend(nb, new int[] {0}, new float[] {1f}, 1, i -> i == 0, 3, out, scores, null));
        assertEquals(1f, scores[0], 0f);
    }

    private static int[] neighbours(ItemNeighbours nb, int row) {
        int[] out = new int[nb.count(row)];
        for (int e = nb.start(row); e < nb.end(row); e++) out[e - nb.start(row)] = nb.neighbour(e);
        return out;
    }
}
