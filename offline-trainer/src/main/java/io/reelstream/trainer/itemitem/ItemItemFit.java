package io.reelstream.trainer.itemitem;

import io.reelstream.core.itemitem.ItemNeighbours;
import io.reelstream.trainer.split.FittedData;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fits the item-to-item model: X from the fitted preferences through core PreferenceWeights,
 * then EASE's closed form ({@link EaseSolver}) over the dense head and, for catalogues beyond
 * {@code maxDenseItems}, the sparse ridges of the tail ({@link SparseRidge}); the serving form is
 * every row of B cut to its M entries of largest |B[j, i]| (core
 * {@link ItemNeighbours#topOfDenseByMagnitude}: the cut by value dropped EASE's strong negative weights).
 * <pre>
 *   n ≤ cap:  head = every item                     O(Σ_u n_u² + n³), 8·n² bytes at the peak
 *   n > cap:  head = the cap most-interacted items   O(Σ_u n_u² + cap³) + tail O(Σ_{i tail} Σ_{u ∋ i} n_u + K³)
 * </pre>
 */
public final class ItemItemFit {
    private static final Logger LOG = LoggerFactory.getLogger(ItemItemFit.class);

    /** Config key names for the messages (the trainer's TrainerConfig owns them). */
    public static final String MAX_DENSE_KEY = "itemitem.max.dense.items";
    public static final String SCALABLE_KEY = "itemitem.scalable";

    private ItemItemFit() {}

    /** Where the time went, for the manifest. */
    public record Timings(long gramianMs, long tailMs, long solveMs, long cutMs) {}

    public record Result(ItemItemModel model, Timings timings) {}

    public static Result fit(FittedData f, ItemItemParams p, int threads) {
        int n = f.itemCount();
        String blas = NativeBlas.require();
        double[] diagonal = XtX.diagonal(f, p.weights());
        double lambda = p.effectiveLambda(diagonal);
        double meanDiagonal = Arrays.stream(diagonal).average().orElse(0);

        int[] headItems = null;
        int[] columnOf;
        int nh = n;
        checkCapacity(n, p);
        if (n > p.maxDenseItems()) {
            nh = p.maxDenseItems();
            headItems = mostInteracted(f, nh);
            columnOf = new int[n];
            Arrays.fill(columnOf, -1);
            for (int c = 0; c < nh; c++) columnOf[headItems[c]] = c;
        } else {
            columnOf = new int[n];
            for (int i = 0; i < n; i++) columnOf[i] = i;
        }
        LOG.info("itemitem: {} items ({} dense{}), λ {} ({}), {} on {} threads", n, nh,
                nh < n ? ", " + (n - nh) + " by sparse ridges over " + p.sparseCandidates() + " candidates" : "",
                String.format(java.util.Locale.ROOT, "%.1f", lambda),
                p.lambdaMode() == ItemItemParams.LambdaMode.RELATIVE
                        ? String.format(java.util.Locale.ROOT, "%.3g × mean diag(XᵀX) %.2f", p.lambda(), meanDiagonal) : "absolute",
                blas, threads);

        long t = System.nanoTime();
        float[] G = XtX.of(f, p.weights(), columnOf, nh, threads);
        long gramianMs = ms(t);

        ItemNeighbours tail = null;
        t = System.nanoTime();
        if (headItems != null) tail = SparseRidge.tailColumns(f, p.weights(), G, columnOf, headItems, lambda, p.sparseCandidates(), threads);
        long tailMs = ms(t);

        t = System.nanoTime();
        EaseSolver.solveInPlace(G, nh, lambda, threads);
        long solveMs = ms(t);

        t = System.nanoTime();
        ItemNeighbours head = ItemNeighbours.topOfDenseByMagnitude(G, nh, p.neighbours());
        ItemNeighbours serving = headItems == null ? head : merge(head, headItems, tail, n, p.neighbours());
        long cutMs = ms(t);
        LOG.info("itemitem: XᵀX {} ms, tail {} ms, solve {} ms, top-{} cut {} ms; {} neighbour entries", gramianMs, tailMs,
                solveMs, p.neighbours(), cutMs, serving.nnz());
        return new Result(new ItemItemModel(serving, G, headItems, nh, tail, lambda, meanDiagonal),
                new Timings(gramianMs, tailMs, solveMs, cutMs));
    }

    /**
     * Fails fast (before anything is fitted) when n items exceed the dense cap and the scalable path is off.
     *
     * @throws IllegalArgumentException one line naming the cap and the keys to change
     */
    public static void checkCapacity(int n, ItemItemParams p) {
        if (n > p.maxDenseItems() && !p.scalable()) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                    "%,d fitted items exceed the dense item-to-item solve's cap %s=%d (n items need 8·n² bytes, %.1f GB here, and O(n³) time);"
                            + " raise %s (at most %d) or set %s=true", n, MAX_DENSE_KEY, p.maxDenseItems(), 8.0 * n * n / 1e9,
                    MAX_DENSE_KEY, XtX.MAX_DENSE_N, SCALABLE_KEY));
        }
    }

    /** The k items with the most fitted interactions, ties to the lower index. O(nnz + n·log n). */
    static int[] mostInteracted(FittedData f, int k) {
        int[] count = new int[f.itemCount()];
        for (int e = 0; e < f.nnz(); e++) count[f.item(e)]++;
        Integer[] order = new Integer[count.length];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> count[a] != count[b] ? Integer.compare(count[b], count[a]) : Integer.compare(a, b));
        int[] head = new int[k];
        for (int c = 0; c < k; c++) head[c] = order[c];
        return head;
    }

    /** Head lists (head coordinates) and tail columns (item rows) as one set of item rows, each cut to its M largest |weight|. */
    static ItemNeighbours merge(ItemNeighbours head, int[] headItems, ItemNeighbours tail, int n, int M) {
        int[] count = new int[n];
        for (int c = 0; c < head.rows(); c++) count[headItems[c]] += head.count(c);
        if (tail != null) for (int j = 0; j < n; j++) count[j] += tail.count(j);
        int[] start = new int[n + 1];
        for (int j = 0; j < n; j++) start[j + 1] = start[j] + count[j];
        int[] nb = new int[start[n]];
        float[] wt = new float[start[n]];
        int[] at = Arrays.copyOf(start, n);
        for (int c = 0; c < head.rows(); c++) {
            int j = headItems[c];
            for (int e = head.start(c); e < head.end(c); e++) {
                nb[at[j]] = headItems[head.neighbour(e)];
                wt[at[j]++] = head.weight(e);
            }
        }
        if (tail != null) {
            for (int j = 0; j < n; j++) {
                for (int e = tail.start(j); e < tail.end(j); e++) {
                    nb[at[j]] = tail.neighbour(e);
                    wt[at[j]++] = tail.weight(e);
                }
            }
        }
        // cut each row to its M entries of largest magnitude
        int[] outStart = new int[n + 1];
        int[] outNb = new int[nb.length];
        float[] outWt = new float[wt.length];
        io.reelstream.core.rank.TopK top = new io.reelstream.core.rank.TopK(M);
        int[] pick = new int[M];
        int w = 0;
        for (int j = 0; j < n; j++) {
            top.reset();
            for (int e = start[j]; e < start[j + 1]; e++) top.offer(e, Math.abs(wt[e]));
            int c = top.drainBestFirst(M, pick, null);
            for (int t = 0; t < c; t++) {
                outNb[w] = nb[pick[t]];
                outWt[w++] = wt[pick[t]];
            }
            outStart[j + 1] = w;
        }
        return new ItemNeighbours(n, outStart, Arrays.copyOf(outNb, w), Arrays.copyOf(outWt, w));
    }

    private static long ms(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }
}
