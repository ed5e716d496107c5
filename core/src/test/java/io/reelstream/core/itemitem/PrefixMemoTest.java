package io.reelstream.core.itemitem;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.recency.RecencyWeights;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PrefixMemoTest {
    private static final int ITEMS = 400;
    private static final PreferenceWeights PREFS = PreferenceWeights.of(-0.25f);

    /**
     * Users swipe on (sometimes changing their mind about an old movie, which rewrites the prefix),
     * each list ranked with and without the memo: rows, score bits and reasons equal on every swipe.
     */
    @Test
    void listsThroughTheMemoEqualTheFullSumBitForBit() {
        Random random = new Random(11);
        ItemNeighbours model = randomModel(random, ITEMS, 40);
        RecencyWeights recency = RecencyWeights.bySwipes(5, 0.1);
        int settledAge = recency.settledAge();
        PrefixMemo memo = new PrefixMemo(64L << 20);
        ItemItemScorer plain = new ItemItemScorer();
        ItemItemScorer memoised = new ItemItemScorer();
        List<List<int[]>> histories = new ArrayList<>(); // per user: {row, preference}, oldest first
        for (int u = 0; u < 3; u++) histories.add(new ArrayList<>());
        int changedMinds = 0;
        for (int swipe = 0; swipe < 1200; swipe++) {
            int user = random.nextInt(histories.size());
            List<int[]> history = histories.get(user);
            int preference = random.nextInt(4) < 3 ? 1 : -1;
            if (history.size() > 250 && random.nextInt(50) == 0) { // a changed mind about one of the 50 oldest
                history.remove(random.nextInt(50));
                changedMinds++;
            }
            history.add(new int[] {random.nextInt(ITEMS), preference});
            int count = history.size();
            int[] rows = new int[count];
            float[] values = new float[count];
            recency.weigh(null, count, values);
            for (int h = 0; h < count; h++) {
                rows[h] = history.get(h)[0];
                values[h] *= PREFS.of(history.get(h)[1]);
            }
            int settled = count - Math.min(count, settledAge);
            int n = 20;
            int[] wantRows = new int[n];
            float[] wantScores = new float[n];
            int[] wantBecause = new int[n];
            int[] gotRows = new int[n];
            float[] gotScores = new float[n];
            int[] gotBecause = new int[n];
            int want = plain.recommend(model, rows, values, count, i -> false, n, wantRows, wantScores, wantBecause);
            int got = memoised.recommend(model, rows, values, count, memo, user, settled, i -> false, n, gotRows, gotScores,
                    gotBecause);
            assertEquals(want, got, "swipe " + swipe);
            assertArrayEquals(wantRows, gotRows, "swipe " + swipe);
            assertArrayEquals(wantScores, gotScores, 0f, "swipe " + swipe);
            assertArrayEquals(wantBecause, gotBecause, "swipe " + swipe);
        }
        assertTrue(changedMinds > 0, "the histories must change in their prefix too");
        assertTrue(memo.hits() > 500 && memo.hits() > 20 * memo.misses(), "the memo served most swipes past the settled age: " + memo.hits() + " hits, "
                + memo.misses() + " misses");
        assertTrue(memo.misses() >= changedMinds, "a rewritten prefix is a miss");
    }

    @Test
    void anotherModelOrAnotherHistoryIsAMiss() {
        Random random = new Random(3);
        ItemNeighbours model = randomModel(random, 100, 10);
        PrefixMemo memo = new PrefixMemo(1L << 20);
        ItemItemScorer scorer = new ItemItemScorer();
        int count = 200;
        int[] rows = randomRows(random, count, 100);
        float[] values = filled(count, 0.1f);
        scorer.accumulate(model, rows, values, count, memo, 7, count);
        scorer.clear();
        assertEquals(0, memo.hits());
        scorer.accumulate(model, rows, values, count, memo, 7, count);
        scorer.clear();
        assertEquals(1, memo.hits());
        scorer.accumulate(randomModel(new Random(4), 100, 10), rows, values, count, memo, 7, count);
        scorer.clear();
        rows[5] = (rows[5] + 1) % 100;
        scorer.accumulate(model, rows, values, count, memo, 7, count);
        scorer.clear();
        assertEquals(1, memo.hits());
        assertEquals(3, memo.misses());
    }

    @Test
    void theBudgetEvictsTheLeastRecentlyUsedUser() {
        Random random = new Random(5);
        ItemNeighbours model = randomModel(random, 100, 10);
        ItemItemScorer scorer = new ItemItemScorer();
        int count = 64;
        int[] rows = randomRows(random, count, 100);
        float[] values = filled(count, 1f);
        PrefixMemo probe = new PrefixMemo(1L << 20);
        scorer.accumulate(model, rows, values, count, probe, 1, count);
        scorer.clear();
        long one = probe.usedBytes();
        PrefixMemo memo = new PrefixMemo(2 * one);
        for (long user = 1; user <= 3; user++) {
            scorer.accumulate(model, rows, values, count, memo, user, count);
            scorer.clear();
        }
        assertEquals(2, memo.size());
        assertEquals(2 * one, memo.usedBytes());
        scorer.accumulate(model, rows, values, count, memo, 1, count); // evicted: a miss
        scorer.clear();
        assertEquals(0, memo.hits());
        PrefixMemo none = new PrefixMemo(0);
        scorer.accumulate(model, rows, values, count, none, 1, count);
        scorer.clear();
        assertEquals(0, none.size());
    }

    @Test
    void theSettledAgeIsWhereTheWeightReachesTheFloorForGood() {
        RecencyWeights shipped = RecencyWeights.bySwipes(5, 0.1);
        int age = shipped.settledAge();
        assertEquals((float) 0.1, shipped.weight(age, 0), 0f);
        assertTrue(shipped.weight(age - 1, 0) > (float) 0.1);
        assertEquals((float) 0.1, shipped.weight(age + 1000, 123_456_789L), 0f);
        assertTrue(age > 100 && age < 200, "half-life 5, floor 0.1: " + age);
        assertEquals(0, RecencyWeights.NONE.settledAge());
        assertEquals(Integer.MAX_VALUE, new RecencyWeights(Double.POSITIVE_INFINITY, 0.1, 30).settledAge());
    }

    private static int[] randomRows(Random random, int count, int items) {
        int[] rows = new int[count];
        for (int h = 0; h < count; h++) rows[h] = random.nextInt(items);
        return rows;
    }

    private static float[] filled(int count, float value) {
        float[] values = new float[count];
        java.util.Arrays.fill(values, value);
        return values;
    }

    private static ItemNeighbours randomModel(Random random, int n, int m) {
        int[] start = new int[n + 1];
        int[] neighbour = new int[n * m];
        float[] weight = new float[n * m];
        for (int j = 0; j < n; j++) {
            start[j + 1] = start[j] + m;
            for (int e = 0; e < m; e++) {
                int i;
                do {
                    i = random.nextInt(n);
                } while (i == j);
                neighbour[j * m + e] = i; // repeats within a row are allowed: they sum
                weight[j * m + e] = (float) random.nextGaussian();
            }
        }
        return new ItemNeighbours(n, start, neighbour, weight);
    }
}
