package io.reelstream.trainer.itemitem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.trainer.io.RatingsTable;
import io.reelstream.trainer.split.FittedData;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** XᵀX from the fitted data, the dense path, the scalable path's sparse ridges and the cap, on small random ratings. */
class ItemItemFitTest {
    private static final PreferenceWeights X = new PreferenceWeights(1.5f, 1f, -0.5f, -0.5f);

    /** users × items ratings, each present with probability density; movie ids 10, 20, … */
    private static FittedData ratings(Random random, int users, int items, double density) {
        RatingsTable t = new RatingsTable();
        float[] stars = {1f, 2.5f, 3f, 3.5f, 4f, 5f};
        for (int u = 1; u <= users; u++) {
            for (int i = 0; i < items; i++) {
                // item popularity falls with i, so the head is the low ids
                if (random.nextDouble() < density * (1.5 - (double) i / items)) {
                    t.add(u, 10 * (i + 1), stars[random.nextInt(stars.length)], 1000L * u + i, u * items + i);
                }
            }
        }
        return FittedData.of(t, r -> true);
    }

    private static double[] dense(FittedData f) {
        int n = f.itemCount();
        double[] x = new double[f.userCount() * n];
        for (int u = 0; u < f.userCount(); u++) {
            for (int e = f.start(u); e < f.end(u); e++) x[u * n + f.item(e)] = X.of(f.preference(e));
        }
        return x;
    }

    @Test
    void gramianIsXtXForAnyThreadCount() {
        FittedData f = ratings(new Random(5), 50, 17, 0.3);
        int n = f.itemCount();
        double[] expected = EaseReference.gramian(dense(f), f.userCount(), n);
        int[] identity = java.util.stream.IntStream.range(0, n).toArray();
        for (int threads : new int[] {1, 3}) {
            float[] G = XtX.of(f, X, identity, n, threads);
            for (int a = 0; a < n * n; a++) assertEquals(expected[a], G[a], 0f, "threads " + threads + " entry " + a);
        }
        double[] d = XtX.diagonal(f, X);
        for (int i = 0; i < n; i++) assertEquals(expected[i * n + i], d[i], 1e-9);
    }

    @Test
    void denseFitServesEachRowsLargestMagnitudes() {
        FittedData f = ratings(new Random(8), 60, 12, 0.35);
        int n = f.itemCount();
        double lambda = 4;
        ItemItemModel m = ItemItemFit.fit(f, params(lambda, 3, 100, false, 4), 2).model();
        double[] expected = EaseReference.ridgeColumns(dense(f), f.userCount(), n, lambda);
        assertEquals(n, m.headCount());
        for (int a = 0; a < n * n; a++) assertEquals(expected[a], m.denseHead()[a], 1e-4, "B entry " + a);
        ItemNeighbours nb = m.serving();
        for (int j = 0; j < n; j++) {
            assertEquals(3, nb.count(j));
            double smallestKept = Double.MAX_VALUE;
            for (int e = nb.start(j); e < nb.end(j); e++) smallestKept = Math.min(smallestKept, Math.abs(nb.weight(e)));
            int larger = 0;
            for (int i = 0; i < n; i++) if (i != j && Math.abs(expected[j * n + i]) > smallestKept + 1e-5) larger++;
            assertTrue(larger <= 3, "row " + j + " keeps its 3 largest |B|");
        }
    }

    /** Beyond the cap: the head is EASE over the head alone, each tail column the ridge over its co-occurring head items. */
    @Test
    void scalablePathSolvesTheHeadDenselyAndEachTailColumnByItsRidge() {
        FittedData f = ratings(new Random(11), 70, 14, 0.3);
        int n = f.itemCount(), cap = 6;
        double lambda = 3;
        ItemItemModel m = ItemItemFit.fit(f, params(lambda, 50, cap, true, cap), 2).model();
        assertEquals(cap, m.headCount());
        assertEquals(n - cap, m.tailCount());
        double[] x = dense(f);
        int users = f.userCount();
        int[] head = new int[cap];
        for (int c = 0; c < cap; c++) head[c] = m.headItem(c);
        // the head: EASE over the head's columns only
        double[] xh = new double[users * cap];
        for (int u = 0; u < users; u++) for (int c = 0; c < cap; c++) xh[u * cap + c] = x[u * n + head[c]];
        double[] Bh = EaseReference.ridgeColumns(xh, users, cap, lambda);
        for (int a = 0; a < cap * cap; a++) assertEquals(Bh[a], m.denseHead()[a], 1e-4, "head B entry " + a);
        // each tail item: ridge over the head items it co-occurs with (K = cap takes them all)
        double[] G = EaseReference.gramian(x, users, n);
        int[] columnOf = m.headColumnOfItem();
        ItemNeighbours tail = m.tailColumns();
        for (int i = 0; i < n; i++) {
            if (columnOf[i] >= 0) continue;
            int finalI = i;
            int[] S = java.util.Arrays.stream(head).filter(a -> G[a * n + finalI] != 0).toArray();
            double[] A = new double[S.length * S.length];
            double[] rhs = new double[S.length];
            for (int r = 0; r < S.length; r++) {
                for (int c = 0; c < S.length; c++) A[r * S.length + c] = G[S[r] * n + S[c]];
                A[r * S.length + r] += lambda;
                rhs[r] = G[S[r] * n + i];
            }
            double[] b = EaseReference.solve(A, rhs, S.length);
            for (int r = 0; r < S.length; r++) {
                assertEquals(b[r], weight(tail, S[r], i), 1e-4, "tail item " + i + " from head item " + S[r]);
            }
            assertEquals(0, countInRow(tail, i), "a tail item votes for nothing");
        }
        // the serving form holds both, each row cut to M
        assertTrue(m.serving().maxCount() <= 50);
        assertTrue(m.serving().nnz() > 0);
    }

    @Test
    void aCatalogueBeyondTheCapWithoutTheScalablePathIsAOneLineError() {
        FittedData f = ratings(new Random(2), 20, 10, 0.5);
        var e = assertThrows(IllegalArgumentException.class, () -> ItemItemFit.fit(f, params(1, 5, 4, false, 4), 1));
        assertTrue(e.getMessage().contains("exceed the dense item-to-item solve's cap itemitem.max.dense.items=4"), e.getMessage());
        assertTrue(e.getMessage().contains("itemitem.scalable=true"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    private static ItemItemParams params(double lambda, int M, int cap, boolean scalable, int K) {
        return new ItemItemParams(lambda, ItemItemParams.LambdaMode.ABSOLUTE, M, X, cap, scalable, K);
    }

    private static double weight(ItemNeighbours nb, int row, int neighbour) {
        for (int e = nb.start(row); e < nb.end(row); e++) if (nb.neighbour(e) == neighbour) return nb.weight(e);
        return 0;
    }

    private static int countInRow(ItemNeighbours nb, int row) {
        return nb.count(row);
    }
}
