package io.reelstream.core.blend;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.itemitem.ItemItemScorer;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.rank.Scoring;
import io.reelstream.core.rank.TopK;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BlendScorerTest {

    /**
     * Four items, k = 1. B: row 0 → {1: 2, 2: 1}. History: item 0 with r = 1, so ii = (-, 2, 1, 0), max 2.
     * Y = (0, 1, 2, 4), xu = 1: als = (-, 1, 2, 4), max 4. β = 0.5:
     * item 1: 0.5·2/2 + 0.5·1/4 = 0.625; item 2: 0.5·1/2 + 0.5·2/4 = 0.5; item 3: 0 + 0.5·4/4 = 0.5.
     * Items 2 and 3 tie: the lower row first.
     */
    @Test
    void blendsEachSideScaledByItsLargestMagnitude() {
        ItemNeighbours nb = new ItemNeighbours(4, new int[] {0, 2, 2, 2, 2}, new int[] {1, 2}, new float[] {2f, 1f});
        float[] Y = {0f, 1f, 2f, 4f};
        int[] rows = new int[3];
        float[] scores = new float[3];
        int[] because = new int[3];
        int got = new BlendScorer().recommend(nb, new int[] {0}, new float[] {1f}, 1, Y, 1, new float[] {1f}, 0.5f,
                i -> i == 0, 3, rows, scores, because);
        assertEquals(3, got);
        assertArrayEquals(new int[] {1, 2, 3}, rows);
        assertArrayEquals(new float[] {0.625f, 0.5f, 0.5f}, scores, 1e-6f);
        assertArrayEquals(new int[] {0, 0, -1}, because); // item 3 only ALS reaches: no item-to-item reason
    }

    @Test
    void weightZeroRanksExactlyWhatTheItemItemScorerRanks() {
        Random random = new Random(11);
        BlendScorer blend = new BlendScorer();
        ItemItemScorer itemItem = new ItemItemScorer();
        for (int trial = 0; trial < 40; trial++) {
            Problem p = Problem.random(random);
            int n = 1 + random.nextInt(p.rows);
            int[] want = new int[n], got = new int[n];
            int[] wantBecause = new int[n], gotBecause = new int[n];
            int w = itemItem.recommend(p.nb, p.history, p.values, p.history.length, i -> p.seen[i], n, want, null, wantBecause);
            int g = blend.recommend(p.nb, p.history, p.values, p.history.length, p.Y, p.k, p.xu, 0f, i -> p.seen[i], n, got,
                    null, gotBecause);
            assertEquals(w, g, "trial " + trial);
            assertArrayEquals(Arrays.copyOf(want, w), Arrays.copyOf(got, g), "trial " + trial);
            assertArrayEquals(Arrays.copyOf(wantBecause, w), Arrays.copyOf(gotBecause, g), "trial " + trial);
        }
    }

    @Test
    void weightOneRanksExactlyAlsOrder() {
        Random random = new Random(12);
        BlendScorer blend = new BlendScorer();
        for (int trial = 0; trial < 40; trial++) {
            Problem p = Problem.random(random);
            int n = 1 + random.nextInt(p.rows);
            float[] als = new float[p.rows];
            Scoring.scoreAll(p.Y, p.rows, p.k, p.xu, als);
            int[] want = TopK.select(als, p.rows, n, i -> p.seen[i]);
            int[] got = new int[n];
            int g = blend.recommend(p.nb, p.history, p.values, p.history.length, p.Y, p.k, p.xu, 1f, i -> p.seen[i], n, got,
                    null, null);
            assertArrayEquals(want, Arrays.copyOf(got, g), "trial " + trial);
        }
    }

    @Test
    void withoutAUserVectorOnlyTheItemItemSideRanks() {
        Random random = new Random(13);
        Problem p = Problem.random(random);
        int n = p.rows;
        int[] want = new int[n], got = new int[n];
        int w = new ItemItemScorer().recommend(p.nb, p.history, p.values, p.history.length, i -> p.seen[i], n, want, null, null);
        int g = new BlendScorer().recommend(p.nb, p.history, p.values, p.history.length, p.Y, p.k, null, 0.4f,
                i -> p.seen[i], n, got, null, null);
        assertArrayEquals(Arrays.copyOf(want, w), Arrays.copyOf(got, g));
    }

    /** Between the ends every unseen row is ranked (ALS reaches all), scores descending, none seen. */
    @Test
    void aMixedWeightRanksTheWholeUnseenCatalogue() {
        Random random = new Random(14);
        BlendScorer blend = new BlendScorer();
        for (int trial = 0; trial < 20; trial++) {
            Problem p = Problem.random(random);
            int unseen = 0;
            for (boolean s : p.seen) if (!s) unseen++;
            int[] rows = new int[p.rows];
            float[] scores = new float[p.rows];
            int g = blend.recommend(p.nb, p.history, p.values, p.history.length, p.Y, p.k, p.xu, 0.4f, i -> p.seen[i], p.rows,
                    rows, scores, null);
            assertEquals(unseen, g, "trial " + trial);
            for (int t = 0; t < g; t++) {
                assertTrue(!p.seen[rows[t]], "trial " + trial);
                assertTrue(Math.abs(scores[t]) <= 1f + 1e-6f, "each side is scaled into [-1, 1]: trial " + trial);
                if (t > 0) assertTrue(scores[t - 1] >= scores[t], "trial " + trial + " order at " + t);
            }
        }
    }

    @Test
    void refusesAWeightOutsideZeroToOneAndFactorsOfOtherRows() {
        for (double bad : new double[] {-0.1, 1.5, Double.NaN}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlendScorer.requireWeight(bad));
            assertTrue(e.getMessage().startsWith("blend weight must be in [0, 1]"), e.getMessage());
        }
        assertEquals(0.25f, BlendScorer.requireWeight(0.25), 0f);
        ItemNeighbours nb = new ItemNeighbours(2, new int[] {0, 1, 1}, new int[] {1}, new float[] {1f});
        assertThrows(IllegalArgumentException.class, () -> new BlendScorer().recommend(nb, new int[] {0}, new float[] {1f}, 1,
                new float[3], 1, new float[] {1f}, 0.5f, i -> false, 2, new int[2], null, null));
    }

    /** A random sparse B over rows items, factors Y (rows × k), a history and its seen set. */
    private record Problem(int rows, int k, ItemNeighbours nb, float[] Y, float[] xu, int[] history, float[] values,
                           boolean[] seen) {
        static Problem random(Random random) {
            int rows = 5 + random.nextInt(40);
            int k = 1 + random.nextInt(6);
            float[] B = new float[rows * rows];
            for (int a = 0; a < B.length; a++) if (random.nextFloat() < 0.3f) B[a] = (float) random.nextGaussian();
            ItemNeighbours nb = ItemNeighbours.topOfDenseByMagnitude(B, rows, 1 + random.nextInt(rows));
            float[] Y = new float[rows * k];
            for (int a = 0; a < Y.length; a++) Y[a] = (float) random.nextGaussian();
            float[] xu = new float[k];
            for (int a = 0; a < k; a++) xu[a] = (float) random.nextGaussian();
            int h = 1 + random.nextInt(Math.min(8, rows - 1));
            int[] history = new int[h];
            float[] values = new float[h];
            boolean[] seen = new boolean[rows];
            for (int t = 0; t < h; t++) {
                history[t] = random.nextInt(rows);
                values[t] = random.nextFloat() * 2 - 0.5f;
                seen[history[t]] = true;
            }
            return new Problem(rows, k, nb, Y, xu, history, values, seen);
        }
    }
}
