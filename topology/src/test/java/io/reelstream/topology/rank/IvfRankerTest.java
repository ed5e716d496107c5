package io.reelstream.topology.rank;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.rank.ExactRanker;
import io.reelstream.core.rank.Scoring;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * The pieces of IvfRanker on small seeded catalogues: the MIPS → unit-sphere augmentation, the
 * spherical k-means, exactness when every list is probed, the seen filter and the top-N fill.
 * Recall against exact on ALS-fitted factors is IvfRecallTest's (bench module).
 */
class IvfRankerTest {

    @Test
    void augmentationPutsEveryItemOnTheUnitSphereAndKeepsTheInnerProductOrder() {
        // y1 = (3, 4): ‖y1‖ = 5 = M; y2 = (0, 1); y3 = 0
        float[] Y = {3, 4, 0, 1, 0, 0};
        float[] unit = IvfRanker.augmentToUnitSphere(Y, 3, 2);
        // ŷ1 = (0.6, 0.8, 0); ŷ2 = (0, 0.2, √(1 − 0.04)); ŷ3 = (0, 0, 1)
        assertArrayEquals(new float[] {0.6f, 0.8f, 0f, 0f, 0.2f, (float) Math.sqrt(0.96), 0f, 0f, 1f}, unit, 1e-7f);
        // q̂·ŷi = x·yi / (‖x‖·M) for x = (1, 2): x·y1 = 11, x·y2 = 2
        double xNorm = Math.sqrt(5);
        assertEquals(11 / (xNorm * 5), (1 * unit[0] + 2 * unit[1]) / xNorm, 1e-7);
        assertEquals(2 / (xNorm * 5), (1 * unit[3] + 2 * unit[4]) / xNorm, 1e-7);
    }

    @Test
    void sphericalKMeansSeparatesThreeDirections() {
        Random rnd = new Random(3);
        int perGroup = 200, d = 4, n = 3 * perGroup;
        float[][] axes = {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 0, 1}};
        float[] X = new float[n * d];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int a = 0; a < d; a++) {
                X[i * d + a] = axes[i / perGroup][a] + (float) (0.05 * rnd.nextGaussian());
                norm += X[i * d + a] * X[i * d + a];
            }
            for (int a = 0; a < d; a++) X[i * d + a] /= (float) Math.sqrt(norm);
        }
        float[] C = IvfRanker.SphericalKMeans.fit(X, n, d, 3, 10, n, 11);
        int[] listOf = IvfRanker.SphericalKMeans.assign(X, n, d, C, 3);
        Set<Integer> used = new HashSet<>();
        for (int g = 0; g < 3; g++) {
            int list = listOf[g * perGroup];
            for (int i = g * perGroup; i < (g + 1) * perGroup; i++) assertEquals(list, listOf[i], "point " + i);
            used.add(list);
        }
        assertEquals(3, used.size(), "each direction its own list");
        for (int j = 0; j < 3; j++) {
            double norm = 0;
            for (int a = 0; a < d; a++) norm += C[j * d + a] * C[j * d + a];
            assertEquals(1.0, norm, 1e-5, "centroid " + j + " is a unit vector");
        }
    }

    @Test
    void probingEveryListReturnsTheExactListWithItsScores() {
        for (int seed = 1; seed <= 12; seed++) {
            Random rnd = new Random(seed);
            int rows = 50 + rnd.nextInt(2000), k = new int[] {1, 3, 8, 16, 32}[seed % 5];
            FactorMatrix items = skewedCatalogue(rnd, rows, k);
            int lists = 1 + rnd.nextInt(40);
            IvfRanker ivf = IvfRanker.build(items, lists, lists, seed);
            ExactRanker exact = new ExactRanker(items);
            for (int u = 0; u < 10; u++) {
                float[] xu = gaussian(rnd, k);
                IntPredicate seen = u % 3 == 0 ? null : randomSubset(rnd, rows, 0.1 * u);
                int n = new int[] {1, 10, 20, rows, rows + 5}[u % 5];
                assertSameList(exact, ivf, xu, n, seen, "seed " + seed + " user " + u);
            }
        }
    }

    @Test
    void coneBoundsSkipListsWithoutChangingTheExactList() {
        Random rnd = new Random(21);
        int rows = 6000, k = 16;
        FactorMatrix items = skewedCatalogue(rnd, rows, k);
        IvfRanker ivf = IvfRanker.build(items, 60, 60, 4);
        assertTrue(ivf.exact());
        ExactRanker exact = new ExactRanker(items);
        IvfRanker.Session session = ivf.newSession();
        long scored = 0;
        for (int u = 0; u < 40; u++) {
            // users like items (a mix of a few rows): their winners sit in few lists
            float[] xu = new float[k];
            for (int t = 0; t < 3; t++) {
                int row = rnd.nextInt(rows);
                for (int a = 0; a < k; a++) xu[a] += items.values()[row * k + a];
            }
            assertSameList(exact, session::topN, xu, 10, null, "user " + u);
            scored += session.lastCandidates();
        }
        assertTrue(scored < 40L * rows, "the bounds skipped some lists: scored " + scored + " of " + 40L * rows);
    }

    @Test
    void listsPartitionTheCatalogue() {
        Random rnd = new Random(5);
        FactorMatrix items = skewedCatalogue(rnd, 3000, 16);
        IvfRanker ivf = IvfRanker.build(items, 0, 4, 1);
        assertEquals(IvfRanker.defaultLists(3000), ivf.lists());
        int total = 0;
        for (int j = 0; j < ivf.lists(); j++) total += ivf.listSize(j);
        assertEquals(3000, total);
        assertEquals(55, IvfRanker.defaultLists(3000)); // round(√3000) = round(54.8)
        assertEquals(295, IvfRanker.defaultLists(87_000));
    }

    @Test
    void foundItemsCarryTheirExactScoresAndFewListsAreScored() {
        Random rnd = new Random(9);
        int rows = 4000, k = 16;
        FactorMatrix items = skewedCatalogue(rnd, rows, k);
        IvfRanker ivf = IvfRanker.build(items, 40, 4, 2);
        IvfRanker.Session session = ivf.newSession();
        int[] got = new int[10];
        float[] scores = new float[10];
        float[] xu = gaussian(rnd, k);
        int count = session.topN(xu, 10, null, got, scores);
        assertEquals(10, count);
        for (int i = 0; i < count; i++) {
            assertEquals(Scoring.dot(items.values(), got[i] * k, xu, k), scores[i], 0f, "exact float score of row " + got[i]);
            if (i > 0) assertTrue(scores[i - 1] >= scores[i], "best first");
        }
        assertTrue(session.lastCandidates() < rows, "four of 40 lists, not the catalogue: " + session.lastCandidates());
    }

    @Test
    void fillsTheListFromFurtherListsWhenTheSeenFilterEmptiesTheProbedOnes() {
        Random rnd = new Random(4);
        int rows = 2000, k = 8;
        FactorMatrix items = skewedCatalogue(rnd, rows, k);
        IvfRanker ivf = IvfRanker.build(items, 50, 1, 3);
        float[] xu = gaussian(rnd, k);
        // all but 30 rows seen: the one probed list (≈ 40 items) holds about one unseen item
        BitSet seen = new BitSet(rows);
        seen.set(0, rows);
        for (int i = 0; i < 30; i++) seen.clear(rnd.nextInt(rows));
        int[] got = new int[20];
        int count = ivf.topN(xu, 20, seen::get, got, null);
        assertEquals(Math.min(20, rows - seen.cardinality()), count, "the top-N is filled from further lists");
        for (int i = 0; i < count; i++) assertFalse(seen.get(got[i]), "row " + got[i] + " was seen");
    }

    @Test
    void zeroVectorGivesTheLowestUnseenRowsAsExactDoes() {
        Random rnd = new Random(8);
        FactorMatrix items = skewedCatalogue(rnd, 500, 8);
        IvfRanker ivf = IvfRanker.build(items, 10, 2, 1);
        assertSameList(new ExactRanker(items), ivf, new float[8], 5, row -> row % 2 == 0, "zero vector");
    }

    @Test
    void rejectsBadArguments() {
        FactorMatrix items = skewedCatalogue(new Random(1), 100, 4);
        assertThrows(IllegalArgumentException.class, () -> IvfRanker.build(items, 10, 0, 1));
        IvfRanker ivf = IvfRanker.build(items, 10, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> ivf.topN(new float[3], 5, null, new int[5], null));
        assertThrows(IllegalArgumentException.class, () -> ivf.topN(new float[4], 0, null, new int[5], null));
        assertThrows(IllegalArgumentException.class, () -> Retrieval.ivf(-1, 3));
    }

    @Test
    void recallCountsTheExactRowsFound() {
        assertEquals(0.5, IvfRecall.recall(new int[] {1, 2, 3, 4}, 4, new int[] {4, 9, 1, 7}, 4));
        assertEquals(1.0, IvfRecall.recall(new int[0], 0, new int[] {1}, 1));
    }

    private static void assertSameList(ExactRanker exact, CandidateRanker ivf, float[] xu, int n, IntPredicate seen, String what) {
        int cap = n;
        int[] wantRows = new int[cap], gotRows = new int[cap];
        float[] wantScores = new float[cap], gotScores = new float[cap];
        int a = exact.topN(xu, n, seen, wantRows, wantScores);
        int b = ivf.topN(xu, n, seen, gotRows, gotScores);
        assertEquals(a, b, what + ": count");
        assertArrayEquals(Arrays.copyOf(wantRows, a), Arrays.copyOf(gotRows, b), what + ": rows");
        assertArrayEquals(Arrays.copyOf(wantScores, a), Arrays.copyOf(gotScores, b), what + ": scores");
    }

    /** ALS-like: a shared popularity direction plus noise, log-normal norms. */
    static FactorMatrix skewedCatalogue(Random rnd, int rows, int k) {
        float[] mu = gaussian(rnd, k);
        float[] values = new float[rows * k];
        for (int r = 0; r < rows; r++) {
            double scale = Math.exp(rnd.nextGaussian() * 0.8);
            for (int a = 0; a < k; a++) values[r * k + a] = (float) (scale * (0.5 * mu[a] + rnd.nextGaussian()));
        }
        int[] ids = new int[rows];
        for (int i = 0; i < rows; i++) ids[i] = i + 1;
        return new FactorMatrix(ids, k, values);
    }

    static float[] gaussian(Random rnd, int k) {
        float[] v = new float[k];
        for (int a = 0; a < k; a++) v[a] = (float) rnd.nextGaussian();
        return v;
    }

    private static IntPredicate randomSubset(Random rnd, int rows, double p) {
        BitSet set = new BitSet(rows);
        for (int r = 0; r < rows; r++) if (rnd.nextDouble() < p) set.set(r);
        return set::get;
    }
}
