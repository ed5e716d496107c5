package io.reelstream.lifecycle.drift;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Drift of the item popularity distribution: which share of swipes lands on the training data's
 * top-10 % items, the next 10 %, …, the bottom 10 %, and on items the model does not know.
 *
 * <pre>
 *   rank items by training count (descending, ties by movieId ascending), r = 0 … I − 1
 *   bin(item) = ⌊10 · r / I⌋ ∈ 0..9 (decile of the item's popularity rank),   bin = 10 for an unknown item
 *   reference share of bin b = Σ training counts of its items / Σ training counts   (unknown bin: 0 → ε)
 * </pre>
 * A stream whose taste moves to the long tail, or to new items, shows up as a PSI over these 11
 * bins. The unknown bin's reference share is ε, so 1 % of recent swipes on unknown items add ≈ 0.046
 * to the PSI and 5 % add ≈ 0.31: new items the model cannot score are a reason to retrain by
 * themselves. Building is O(I log I), {@link #bin} is O(1) (one hash lookup).
 */
public final class PopularityBins {
    public static final int DECILES = 10;
    /** Bin of an item unknown to the model. */
    public static final int UNKNOWN_BIN = DECILES;
    public static final String NAME = "item-popularity";
    /** Bin labels: top10%, 10-20%, …, 90-100%, unknown. */
    public static final String[] LABELS = labels();

    private final Map<Integer, Integer> binOf;
    private final long[] trainingCounts;

    private PopularityBins(Map<Integer, Integer> binOf, long[] trainingCounts) {
        this.binOf = binOf;
        this.trainingCounts = trainingCounts;
    }

    /**
     * Bins from the training data's swipe count per item (movieId → count ≥ 1; items with 0 are
     * treated as unknown). At least one item is needed.
     */
    public static PopularityBins fromTrainingCounts(Map<Integer, Long> itemCounts) {
        int[] ids = new int[itemCounts.size()];
        long[] counts = new long[ids.length];
        int k = 0;
        for (Map.Entry<Integer, Long> e : itemCounts.entrySet()) {
            long c = e.getValue();
            if (c < 0) throw new IllegalArgumentException("item " + e.getKey() + " has a negative training count " + c);
            if (c == 0) continue;
            ids[k] = e.getKey();
            counts[k++] = c;
        }
        if (k == 0) throw new IllegalArgumentException("item popularity needs at least one item with a training count > 0");
        final int n = k;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (x, y) -> counts[x] != counts[y] ? Long.compare(counts[y], counts[x]) : Integer.compare(ids[x], ids[y]));
        Map<Integer, Integer> binOf = new HashMap<>(n * 2);
        long[] perBin = new long[DECILES + 1];
        for (int r = 0; r < n; r++) {
            int item = order[r];
            int bin = (int) ((long) DECILES * r / n); // ⌊10·r/I⌋
            binOf.put(ids[item], bin);
            perBin[bin] += counts[item];
        }
        return new PopularityBins(binOf, perBin);
    }

    /** Number of items known to the model. */
    public int knownItems() {
        return binOf.size();
    }

    /** Bin 0..9 (popularity decile, 0 = the most popular 10 %) or {@link #UNKNOWN_BIN}. */
    public int bin(int movieId) {
        Integer b = binOf.get(movieId);
        return b == null ? UNKNOWN_BIN : b;
    }

    /** Training swipes per bin (the reference distribution; the unknown bin holds 0). */
    public long[] trainingCounts() {
        return trainingCounts.clone();
    }

    /** A counter of recent swipes per bin, bound to these bins. */
    public Counter newCounter() {
        return new Counter();
    }

    /** PSI of recent per-bin counts (indexed by {@link #bin}) against the training data. */
    public Psi.Result psi(long[] recentCounts) {
        return Psi.compare(NAME, LABELS, trainingCounts, recentCounts);
    }

    /** Counts recent swipes by bin (not thread-safe). O(1) per swipe. */
    public final class Counter {
        private final long[] counts = new long[DECILES + 1];

        private Counter() {}

        public Counter add(int movieId) {
            counts[bin(movieId)]++;
            return this;
        }

        public long[] counts() {
            return counts.clone();
        }

        /** PSI of what was counted against the training data. */
        public Psi.Result psi() {
            return PopularityBins.this.psi(counts);
        }
    }

    private static String[] labels() {
        String[] l = new String[DECILES + 1];
        for (int b = 0; b < DECILES; b++) l[b] = b == 0 ? "top10%" : (10 * b) + "-" + (10 * (b + 1)) + "%";
        l[UNKNOWN_BIN] = "unknown";
        return l;
    }

    @Override
    public String toString() {
        return NAME + "(" + binOf.size() + " known items, " + Arrays.stream(trainingCounts).sum() + " training swipes)";
    }
}
