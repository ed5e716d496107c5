package io.reelstream.trainer.itemitem;

import io.reelstream.core.als.Cholesky;
import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.core.rank.TopK;
import io.reelstream.trainer.split.FittedData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The scalable path's columns for the items beyond the dense cap (the tail). EASE's column i is the
 * ridge regression of X_i on every other column; for a tail item it is restricted to S_i, the K head
 * items that co-occur with i most:
 * <pre>
 *   g_a   = G[a, i] = Σ_u x_ua·x_ui              over the users of i (a sparse scan)
 *   S_i   = the K head items with the largest g_a (g_a ≠ 0)
 *   b_S   = (G_SS + λI)⁻¹ · g_S                  min ‖X_i − X_S·b‖² + λ‖b‖²,  K × K Cholesky (core)
 *   B[a, i] = b_a for a ∈ S_i, 0 elsewhere
 * </pre>
 * G_SS comes from the head's dense gramian, so this must run before the dense solve overwrites it.
 * A tail item is thus reachable from the head items it co-occurs with; its own row stays empty (a
 * tail item in a history votes for nothing). Cost per tail item O(Σ_{u ∋ i} n_u + n_h·log K + K³/3).
 */
public final class SparseRidge {
    private SparseRidge() {}

    /**
     * @param G         the head's gramian XᵀX (n_h × n_h, row-major), without λ; not modified
     * @param columnOf  head column of each fitted item, −1 for a tail item
     * @param headItems fitted item index of each head column
     * @return rows = fitted items: each head item's entries into tail items (all of them, uncut)
     */
    public static ItemNeighbours tailColumns(FittedData f, PreferenceWeights x, float[] G, int[] columnOf, int[] headItems,
                                             double lambda, int K, int threads) {
        int items = f.itemCount();
        int nh = headItems.length;
        // the users of each item with x_ui: the transpose of the fitted CSR
        int[] itemStart = new int[items + 1];
        for (int e = 0; e < f.nnz(); e++) itemStart[f.item(e) + 1]++;
        for (int i = 0; i < items; i++) itemStart[i + 1] += itemStart[i];
        int[] userOf = new int[f.nnz()];
        int[] fill = itemStart.clone();
        for (int u = 0; u < f.userCount(); u++) {
            for (int e = f.start(u); e < f.end(u); e++) userOf[fill[f.item(e)]++] = e; // the entry, not the user
        }
        int[] tail = java.util.stream.IntStream.range(0, items).filter(i -> columnOf[i] < 0).toArray();
        int k = Math.min(K, nh);
        int T = Math.max(1, Math.min(threads, tail.length));
        List<int[]> sources = new ArrayList<>();
        List<int[]> targets = new ArrayList<>();
        List<float[]> weights = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(T);
        try {
            List<Future<Object[]>> parts = new ArrayList<>();
            for (int t = 0; t < T; t++) {
                int from = (int) ((long) tail.length * t / T), to = (int) ((long) tail.length * (t + 1) / T);
                parts.add(pool.submit(() -> solveRange(f, x, G, nh, columnOf, headItems, itemStart, userOf, tail, from, to, lambda, k)));
            }
            for (Future<Object[]> p : parts) {
                Object[] r = p.get();
                sources.add((int[]) r[0]);
                targets.add((int[]) r[1]);
                weights.add((float[]) r[2]);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("tail regressions interrupted", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) throw re;
            throw new IllegalStateException("tail regressions failed: " + e.getCause(), e.getCause());
        } finally {
            pool.shutdownNow();
        }
        // rows by source item
        int[] start = new int[items + 1];
        for (int[] s : sources) for (int j : s) start[j + 1]++;
        for (int j = 0; j < items; j++) start[j + 1] += start[j];
        int[] at = start.clone();
        int nnz = start[items];
        int[] nb = new int[nnz];
        float[] wt = new float[nnz];
        for (int p = 0; p < sources.size(); p++) {
            int[] s = sources.get(p), t = targets.get(p);
            float[] w = weights.get(p);
            for (int e = 0; e < s.length; e++) {
                int pos = at[s[e]]++;
                nb[pos] = t[e];
                wt[pos] = w[e];
            }
        }
        return new ItemNeighbours(items, start, nb, wt);
    }

    private static Object[] solveRange(FittedData f, PreferenceWeights x, float[] G, int nh, int[] columnOf, int[] headItems,
                                       int[] itemStart, int[] entryOf, int[] tail, int from, int to, double lambda, int K) {
        float[] g = new float[nh];
        boolean[] touched = new boolean[nh];
        int[] touchedList = new int[nh];
        TopK top = new TopK(K);
        int[] S = new int[K];
        float[] gS = new float[K];
        double[] A = new double[K * K];
        double[] b = new double[K];
        int cap = Math.max(16, (to - from) * Math.min(K, 8));
        int[] src = new int[cap], dst = new int[cap];
        float[] wt = new float[cap];
        int n = 0;
        for (int t = from; t < to; t++) {
            int i = tail[t];
            int touchedCount = 0;
            // g_a = Σ_u x_ua·x_ui over the users of i
            for (int p = itemStart[i]; p < itemStart[i + 1]; p++) {
                int entry = entryOf[p];
                float xi = x.of(f.preference(entry));
                int u = userOfEntry(f, entry);
                for (int e = f.start(u); e < f.end(u); e++) {
                    int c = columnOf[f.item(e)];
                    if (c < 0) continue;
                    if (!touched[c]) {
                        touched[c] = true;
                        touchedList[touchedCount++] = c;
                    }
                    g[c] += xi * x.of(f.preference(e));
                }
            }
            top.reset();
            for (int q = 0; q < touchedCount; q++) {
                int c = touchedList[q];
                if (g[c] != 0f) top.offer(c, g[c]);
            }
            int m = top.drainBestFirst(K, S, gS);
            for (int q = 0; q < touchedCount; q++) {
                g[touchedList[q]] = 0f;
                touched[touchedList[q]] = false;
            }
            if (m == 0) continue;
            // (G_SS + λI)·b = g_S
            for (int r = 0; r < m; r++) {
                int row = S[r] * nh;
                for (int c = 0; c < m; c++) A[r * m + c] = G[row + S[c]];
                A[r * m + r] += lambda;
                b[r] = gS[r];
            }
            double[] w = Cholesky.solve(A, b, m);
            if (n + m > src.length) {
                int grown = Math.max(n + m, src.length * 2);
                src = java.util.Arrays.copyOf(src, grown);
                dst = java.util.Arrays.copyOf(dst, grown);
                wt = java.util.Arrays.copyOf(wt, grown);
            }
            for (int r = 0; r < m; r++) {
                if (w[r] == 0) continue;
                src[n] = headItems[S[r]];
                dst[n] = i;
                wt[n] = (float) w[r];
                n++;
            }
        }
        return new Object[] {java.util.Arrays.copyOf(src, n), java.util.Arrays.copyOf(dst, n), java.util.Arrays.copyOf(wt, n)};
    }

    /** The user whose CSR range holds entry e: binary search over the user offsets. O(log users). */
    private static int userOfEntry(FittedData f, int e) {
        int lo = 0, hi = f.userCount() - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (f.start(mid) <= e) lo = mid;
            else hi = mid - 1;
        }
        return lo;
    }
}
