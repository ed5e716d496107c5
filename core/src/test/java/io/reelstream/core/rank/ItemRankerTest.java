package io.reelstream.core.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.model.FactorMatrix;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * ItemRanker must return exactly ExactRanker's list (rows, order, float scores) for every input.
 * Catalogues are random with fixed seeds and shaped like ALS factors (a shared popularity
 * direction, log-normal norms) so the block bounds really prune, plus adversarial ones: exact
 * ties, near-ties one ulp apart, huge and tiny magnitudes.
 */
class ItemRankerTest {

    /** The scan under test; {@link ItemRankerHalfTest} runs every case again with FP16. */
    ItemRanker.Scan scan() {
        return ItemRanker.Scan.FP32;
    }

    private ItemRanker build(FactorMatrix items) {
        return build(items, ItemRanker.DEFAULT_BLOCK_SIZE, true);
    }

    private ItemRanker build(FactorMatrix items, int blockSize, boolean pruning) {
        ItemRanker ranker = ItemRanker.build(items, blockSize, pruning, scan());
        assertEquals(scan(), ranker.scan(), "the scan asked for");
        return ranker;
    }

    @Test
    void equalsReferenceOnRandomCataloguesUsersAndExclusions() {
        int[] ks = {1, 3, 8, 16, 64};
        int[] blockSizes = {1, 7, 64, ItemRanker.DEFAULT_BLOCK_SIZE};
        for (int seed = 1; seed <= 24; seed++) {
            Random rnd = new Random(seed);
            int rows = 1 + rnd.nextInt(seed % 4 == 0 ? 3000 : 600);
            int k = ks[seed % ks.length];
            FactorMatrix items = skewedCatalogue(rnd, rows, k);
            ExactRanker exact = new ExactRanker(items);
            ItemRanker fast = build(items, blockSizes[seed % blockSizes.length], true);
            for (int u = 0; u < 12; u++) {
                float[] xu = u % 2 == 0 ? userLikeItems(rnd, items) : gaussian(rnd, k, 1f);
                IntPredicate seen = u % 3 == 0 ? null : randomSubset(rnd, rows, 0.05 * u);
                int n = new int[] {1, 10, 100, rows, rows + 5}[u % 5];
                assertSameList(exact, fast, xu, n, seen, "seed " + seed + " user " + u);
            }
        }
    }

    @Test
    void breaksExactTiesByLowerRow() {
        Random rnd = new Random(7);
        int rows = 900, k = 4;
        float[] values = new float[rows * k];
        for (int i = 0; i < values.length; i++) values[i] = rnd.nextInt(3) - 1; // {-1, 0, 1}: scores tie often
        FactorMatrix items = new FactorMatrix(ids(rows), k, values);
        ExactRanker exact = new ExactRanker(items);
        for (int blockSize : new int[] {1, 5, 256}) {
            ItemRanker fast = build(items, blockSize, true);
            for (int u = 0; u < 20; u++) {
                float[] xu = new float[k];
                for (int a = 0; a < k; a++) xu[a] = rnd.nextInt(3) - 1;
                assertSameList(exact, fast, xu, 50, randomSubset(rnd, rows, 0.1), "ties user " + u);
            }
        }
        int[] out = new int[3];
        float[] scores = new float[3];
        float[] dup = new float[] {1f, 2f, 1f, 2f, 1f, 2f};
        ItemRanker duplicates = build(new FactorMatrix(new int[] {10, 11, 12}, 2, dup));
        assertEquals(3, duplicates.topN(new float[] {1f, 1f}, 3, null, out, scores));
        assertArrayEquals(new int[] {0, 1, 2}, out);
        assertArrayEquals(new float[] {3f, 3f, 3f}, scores);
    }

    @Test
    void equalsReferenceOnNearTiesOneUlpApart() {
        // Items that differ by an ulp or two: an unsound bound (one ignoring float rounding) drops winners here.
        Random rnd = new Random(11);
        int rows = 2000, k = 64;
        float[] base = gaussian(rnd, k, 1f);
        float[] values = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            float scale = r % 2 == 0 ? 1f : 0.999999f;
            for (int a = 0; a < k; a++) {
                float v = base[a] * scale;
                for (int s = rnd.nextInt(3); s > 0; s--) v = Math.nextUp(v);
                values[r * k + a] = v;
            }
        }
        FactorMatrix items = new FactorMatrix(ids(rows), k, values);
        ExactRanker exact = new ExactRanker(items);
        ItemRanker fast = build(items, 16, true);
        for (int u = 0; u < 20; u++) {
            float[] xu = base.clone();
            for (int a = 0; a < k; a++) xu[a] += (float) (rnd.nextGaussian() * 1e-3);
            assertSameList(exact, fast, xu, 10, null, "near-tie user " + u);
        }
    }

    @Test
    void equalsReferenceOnHugeAndTinyMagnitudes() {
        Random rnd = new Random(5);
        for (float scale : new float[] {1e19f, 1e-20f, 1e-25f}) {
            FactorMatrix items = skewedCatalogue(rnd, 700, 16);
            float[] v = items.values().clone();
            for (int i = 0; i < v.length; i++) v[i] *= scale;
            FactorMatrix scaled = new FactorMatrix(items.ids(), 16, v);
            ExactRanker exact = new ExactRanker(scaled);
            ItemRanker fast = ItemRanker.build(scaled, 32, true, scan());
            // binary16 stops at 65 504: such factors are scanned in float32
            assertEquals(scale > 1 && scan() == ItemRanker.Scan.FP16 ? ItemRanker.Scan.FP32 : scan(), fast.scan(),
                    "scan at scale " + scale);
            for (int u = 0; u < 10; u++) {
                float[] xu = userLikeItems(rnd, items);
                for (int a = 0; a < xu.length; a++) xu[a] *= scale;
                assertSameList(exact, fast, xu, 10, null, "scale " + scale + " user " + u);
            }
        }
    }

    @Test
    void zeroVectorRanksByRowAndSkipsExcluded() {
        FactorMatrix items = skewedCatalogue(new Random(3), 500, 8);
        ItemRanker fast = build(items);
        int[] out = new int[5];
        float[] scores = new float[5];
        assertEquals(5, fast.topN(new float[8], 5, row -> row == 1 || row == 3, out, scores));
        assertArrayEquals(new int[] {0, 2, 4, 5, 6}, out);
        for (float s : scores) assertEquals(0f, s);
        assertSameList(new ExactRanker(items), fast, new float[8], 20, row -> row % 2 == 0, "zero vector");
        float[] negativeZeros = {-0f, 0f, -0f, -0f, 0f, 0f, -0f, 0f};
        assertSameList(new ExactRanker(items), fast, negativeZeros, 20, row -> row % 3 == 0, "signed zeros");
        ItemRanker.Session session = fast.newSession();
        session.topN(negativeZeros, 20, null, new int[20], null);
        assertEquals(0, session.lastBlocksScored(), "a zero vector ties everywhere: no factor is read");
    }

    @Test
    void nLargerThanCatalogueAndFullExclusion() {
        FactorMatrix items = skewedCatalogue(new Random(4), 30, 8);
        ItemRanker fast = build(items, 4, true);
        float[] xu = userLikeItems(new Random(9), items);
        int[] out = new int[30];
        assertEquals(30, fast.topN(xu, 1000, null, out, null));
        assertEquals(27, fast.topN(xu, 1000, row -> row < 3, out, null));
        assertEquals(0, fast.topN(xu, 10, row -> true, out, new float[10]));
        assertSameList(new ExactRanker(items), fast, xu, 1000, row -> row % 3 == 0, "n > rows");

        FactorMatrix empty = new FactorMatrix(new int[0], 8, new float[0]);
        assertEquals(0, build(empty).topN(xu, 10, null, new int[0], null));
        assertEquals(0, new ExactRanker(empty).topN(xu, 10, null, new int[0], null));
    }

    @Test
    void rejectsBadArgumentsWithTheirNames() {
        FactorMatrix items = skewedCatalogue(new Random(2), 50, 4);
        ItemRanker fast = build(items);
        ExactRanker exact = new ExactRanker(items);
        float[] xu = {1f, 0f, 0f, 0f};
        int[] out = new int[10];
        for (int n : new int[] {0, -1}) {
            assertMessage(() -> fast.topN(xu, n, null, out, null), "n must be > 0");
            assertMessage(() -> exact.topN(xu, n, null, out, null), "n must be > 0");
        }
        assertMessage(() -> fast.topN(new float[3], 5, null, out, null), "k = 4");
        assertMessage(() -> fast.topN(xu, 20, null, out, null), "outRows must hold");
        assertMessage(() -> fast.topN(xu, 5, null, out, new float[2]), "outScores must hold");
        // NaN policy: non-finite vectors are rejected by both rankers, never ranked.
        float[] nan = {1f, Float.NaN, 0f, 0f};
        assertMessage(() -> fast.topN(nan, 5, null, out, null), "dimension 1");
        assertMessage(() -> exact.topN(nan, 5, null, out, null), "dimension 1");
        float[] inf = {Float.POSITIVE_INFINITY, 0f, 0f, 0f};
        assertMessage(() -> fast.topN(inf, 5, null, out, null), "dimension 0");
        float[] bad = items.values().clone();
        bad[4 * 7 + 2] = Float.NaN;
        FactorMatrix corrupt = new FactorMatrix(items.ids(), 4, bad);
        assertMessage(() -> build(corrupt), "row 7 (id 1007)");
        assertMessage(() -> new ExactRanker(corrupt), "row 7 (id 1007)");
        assertMessage(() -> build(items, 0, true), "blockSize");
    }

    @Test
    void boundsSkipBlocksOnSkewedFactors() {
        Random rnd = new Random(21);
        FactorMatrix items = skewedCatalogue(rnd, 13_000, 64);
        ItemRanker fast = build(items);
        ItemRanker.Session session = fast.newSession();
        int[] out = new int[10];
        long scored = 0;
        int users = 50;
        for (int u = 0; u < users; u++) {
            session.topN(userLikeItems(rnd, items), 10, null, out, null);
            scored += session.lastBlocksScored();
        }
        assertTrue(scored < (long) users * fast.blocks(),
                "expected the bounds to skip some blocks: scored " + scored + " of " + (long) users * fast.blocks());
    }

    @Test
    void exactWhenTheWinnersSitInTheLastBlocks() {
        // A user who dislikes what is popular points away from the popularity direction: the best
        // scores belong to the shortest vectors, i.e. the last blocks in norm order, which the
        // best-bound-first scan visits first. The list must not depend on the visiting order.
        Random rnd = new Random(33);
        FactorMatrix items = skewedCatalogue(rnd, 5000, 32);
        ExactRanker exact = new ExactRanker(items);
        ItemRanker fast = build(items, 256, true);
        for (int u = 0; u < 30; u++) {
            float[] xu = userLikeItems(rnd, items);
            for (int a = 0; a < xu.length; a++) xu[a] = -xu[a];
            java.util.BitSet seen = new java.util.BitSet();
            for (int j = 0; j < 40; j++) seen.set(items.rows() - 1 - rnd.nextInt(400));
            assertSameList(exact, fast, xu, 10, seen::get, "anti-popular user " + u);
        }
    }

    @Test
    void sessionCallsAllocateNothingAfterWarmUp() {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        if (!(bean instanceof com.sun.management.ThreadMXBean)) return; // not measurable on this JVM
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) bean;
        if (!threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) return;
        Random rnd = new Random(8);
        FactorMatrix items = skewedCatalogue(rnd, 2000, 16);
        ItemRanker fast = build(items);
        float[][] users = new float[32][];
        for (int u = 0; u < users.length; u++) users[u] = userLikeItems(rnd, items);
        boolean[] seen = new boolean[2000];
        for (int r = 0; r < seen.length; r += 13) seen[r] = true;
        IntPredicate excluded = row -> seen[row];
        int[] out = new int[10];
        float[] scores = new float[10];
        for (int i = 0; i < 2000; i++) fast.topN(users[i % users.length], 10, excluded, out, scores);
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 2000; i++) fast.topN(users[i % users.length], 10, excluded, out, scores);
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        // The counter itself may allocate a few bytes; a per-call allocation would show as ≥ 2000·16.
        assertTrue(allocated < 2000, "topN allocated " + allocated + " bytes over 2000 calls");
    }

    @Test
    void sharedRankerServesThreadsIndependently() throws Exception {
        Random rnd = new Random(13);
        FactorMatrix items = skewedCatalogue(rnd, 3000, 32);
        ItemRanker fast = build(items);
        ExactRanker exact = new ExactRanker(items);
        float[][] users = new float[40][];
        for (int u = 0; u < users.length; u++) users[u] = userLikeItems(rnd, items);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<?>[] jobs = new Future<?>[2];
            for (int t = 0; t < jobs.length; t++) {
                int n = 5 + 20 * t;
                jobs[t] = pool.submit(() -> {
                    for (int rep = 0; rep < 5; rep++) {
                        for (float[] xu : users) assertSameList(exact, fast, xu, n, null, "threaded n=" + n);
                    }
                });
            }
            for (Future<?> job : jobs) job.get(60, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void threadSwitchingModelVersionsStaysExactAndReleasesTheOldRanker() {
        Random rnd = new Random(17);
        FactorMatrix v1 = skewedCatalogue(rnd, 800, 8), v2 = skewedCatalogue(rnd, 500, 8);
        ExactRanker exact1 = new ExactRanker(v1), exact2 = new ExactRanker(v2);
        ItemRanker fast2 = build(v2);
        ItemRanker fast1 = build(v1);
        for (int u = 0; u < 10; u++) { // alternate on one thread: each call must use its own ranker's session
            assertSameList(exact1, fast1, userLikeItems(rnd, v1), 10, null, "v1 user " + u);
            assertSameList(exact2, fast2, userLikeItems(rnd, v2), 10, null, "v2 user " + u);
        }
        java.lang.ref.WeakReference<ItemRanker> old = new java.lang.ref.WeakReference<>(fast1);
        fast1 = null;
        fast2.topN(userLikeItems(rnd, v2), 5, null, new int[5], null); // this thread's session moves to v2
        for (int attempt = 0; attempt < 20 && old.get() != null; attempt++) System.gc();
        assertEquals(null, old.get(), "an old model version stays reachable from the thread's session");
    }

    // --- fixtures -------------------------------------------------------------------------------

    /** Mean exact rescorings per top-20 call of a low-precision scan over a 13 000 × 64 ALS-like catalogue. */
    static double rescoredPerCall(ItemRanker.Scan scan) {
        Random rnd = new Random(44);
        FactorMatrix items = skewedCatalogue(rnd, 13_000, 64);
        ItemRanker fast = ItemRanker.build(items, ItemRanker.DEFAULT_BLOCK_SIZE, true, scan);
        ItemRanker.Session session = fast.newSession();
        int[] out = new int[20];
        long rescored = 0;
        int users = 50;
        for (int u = 0; u < users; u++) {
            session.topN(userLikeItems(rnd, items), 20, null, out, null);
            rescored += session.lastRescored();
        }
        return (double) rescored / users;
    }

    private static void assertSameList(ExactRanker exact, ItemRanker fast, float[] xu, int n, IntPredicate seen,
                                       String what) {
        int cap = Math.min(n, exact.rows());
        int[] wantRows = new int[cap], gotRows = new int[cap];
        float[] wantScores = new float[cap], gotScores = new float[cap];
        int want = exact.topN(xu, n, seen, wantRows, wantScores);
        int got = fast.topN(xu, n, seen, gotRows, gotScores);
        assertEquals(want, got, what + ": count");
        assertArrayEquals(Arrays.copyOf(wantRows, want), Arrays.copyOf(gotRows, got), what + ": rows");
        assertArrayEquals(Arrays.copyOf(wantScores, want), Arrays.copyOf(gotScores, got), what + ": scores");
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable call, String fragment) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call);
        assertTrue(e.getMessage().contains(fragment), "message '" + e.getMessage() + "' lacks '" + fragment + "'");
    }

    /**
     * Like ALS item factors: yi = norm_i·(c·μ + noise_i) with a shared direction μ, norms
     * log-normal (a long tail of rarely seen items near the origin), some rows exactly equal.
     */
    static FactorMatrix skewedCatalogue(Random rnd, int rows, int k) {
        float[] mu = gaussian(rnd, k, 1f);
        float[] values = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            if (r > 0 && rnd.nextInt(50) == 0) { // duplicate an earlier row: exact ties
                int src = rnd.nextInt(r);
                System.arraycopy(values, src * k, values, r * k, k);
                continue;
            }
            double norm = Math.exp(rnd.nextGaussian() * 0.8) * 0.3;
            for (int a = 0; a < k; a++) {
                values[r * k + a] = (float) (norm * (0.6 * mu[a] + rnd.nextGaussian()) / Math.sqrt(k));
            }
        }
        return new FactorMatrix(ids(rows), k, values);
    }

    /** A user who liked a few random items: the mean of their factors plus noise (a cheap fold-in). */
    static float[] userLikeItems(Random rnd, FactorMatrix items) {
        int k = items.k();
        float[] xu = new float[k];
        int liked = 1 + rnd.nextInt(8);
        for (int j = 0; j < liked; j++) {
            int off = rnd.nextInt(items.rows()) * k;
            for (int a = 0; a < k; a++) xu[a] += items.values()[off + a] * 3f;
        }
        for (int a = 0; a < k; a++) xu[a] += (float) (rnd.nextGaussian() * 0.1);
        return xu;
    }

    static float[] gaussian(Random rnd, int k, float sd) {
        float[] v = new float[k];
        for (int a = 0; a < k; a++) v[a] = (float) (rnd.nextGaussian() * sd);
        return v;
    }

    private static IntPredicate randomSubset(Random rnd, int rows, double fraction) {
        boolean[] in = new boolean[rows];
        for (int r = 0; r < rows; r++) in[r] = rnd.nextDouble() < fraction;
        return row -> in[row];
    }

    private static int[] ids(int rows) {
        int[] ids = new int[rows];
        for (int r = 0; r < rows; r++) ids[r] = 1000 + r;
        return ids;
    }
}
