package io.reelstream.trainer.itemitem;

import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.trainer.split.FittedData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The item gramian of the item-to-item model,
 * <pre>
 *   G = XᵀX,   G[a, b] = Σ_u x_ua · x_ub,   x_ui = x(preference_ui) (core PreferenceWeights), 0 when unrated
 * </pre>
 * over a chosen set of n columns (every fitted item, or the dense path's head). Dense float32,
 * row-major, both triangles. Sums of products of the weights are exact in float32 while they stay
 * binary fractions below 2²⁴ (the default weights 1, 1, −0.5: yes, for any MovieLens set).
 * Cost O(Σ_u n_u²/2) multiply-adds into the upper triangle (each user's columns sorted, so row a
 * gets the b ≥ a), then an O(n²) mirror; 4·n² bytes. Threads own rows a with a mod T = t, so no two
 * write the same entry and the sums are the same for any T (x_ua·x_ub = x_ub·x_ua exactly in float).
 * The scattered adds are memory-bound: 53 s for ML-20M-shaped data (16 M ratings, 13 000 items) when
 * both triangles were summed, 21 s with one (the item-to-item fit timing on the ML-20M shape, 2 threads).
 */
public final class XtX {
    private XtX() {}

    /** The largest n whose n × n float matrix fits one Java array. */
    public static final int MAX_DENSE_N = 46_340;

    /**
     * @param columnOf column in [0, n) of each fitted item, or −1 for an item left out
     */
    public static float[] of(FittedData f, PreferenceWeights x, int[] columnOf, int n, int threads) {
        if (n > MAX_DENSE_N) throw new IllegalArgumentException("a dense " + n + " x " + n + " gramian exceeds one Java array ("
                + MAX_DENSE_N + " items at most)");
        float[] G = new float[n * n];
        int T = Math.max(1, Math.min(threads, n));
        if (T == 1) {
            accumulate(f, x, columnOf, n, G, 0, 1);
            mirrorUpper(G, n);
            return G;
        }
        ExecutorService pool = Executors.newFixedThreadPool(T);
        try {
            List<Future<?>> parts = new ArrayList<>();
            for (int t = 0; t < T; t++) {
                int owner = t;
                parts.add(pool.submit(() -> accumulate(f, x, columnOf, n, G, owner, T)));
            }
            for (Future<?> p : parts) p.get();
            mirrorUpper(G, n);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("gramian interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("gramian failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        return G;
    }

    /** G[a, b] += x_ua·x_ub for every user u and columns b ≥ a of u, a mod T = owner. */
    private static void accumulate(FittedData f, PreferenceWeights x, int[] columnOf, int n, float[] G, int owner, int T) {
        long[] packed = new long[16];
        int[] col = new int[16];
        float[] val = new float[16];
        for (int u = 0; u < f.userCount(); u++) {
            int count = 0;
            int from = f.start(u), to = f.end(u);
            if (col.length < to - from) {
                packed = new long[to - from];
                col = new int[to - from];
                val = new float[to - from];
            }
            for (int e = from; e < to; e++) {
                int c = columnOf[f.item(e)];
                if (c < 0) continue;
                packed[count++] = ((long) c << 32) | (e - from); // sort by column: the head's columns are not in item order
            }
            java.util.Arrays.sort(packed, 0, count);
            for (int p = 0; p < count; p++) {
                col[p] = (int) (packed[p] >>> 32);
                val[p] = x.of(f.preference(from + (int) packed[p]));
            }
            for (int p = 0; p < count; p++) {
                int a = col[p];
                if (a % T != owner) continue;
                float xa = val[p];
                int row = a * n;
                for (int q = p; q < count; q++) G[row + col[q]] += xa * val[q];
            }
        }
    }

    /** G[b, a] = G[a, b] for b > a. O(n²). */
    private static void mirrorUpper(float[] G, int n) {
        for (int a = 0; a < n; a++) {
            int row = a * n;
            for (int b = a + 1; b < n; b++) G[b * n + a] = G[row + b];
        }
    }

    /** diag(XᵀX) over every fitted item, Σ_u x_ui²: O(nnz). */
    public static double[] diagonal(FittedData f, PreferenceWeights x) {
        double[] d = new double[f.itemCount()];
        for (int e = 0; e < f.nnz(); e++) {
            double v = x.of(f.preference(e));
            d[f.item(e)] += v * v;
        }
        return d;
    }
}
