package io.reelstream.trainer.split;

import java.util.Arrays;

/**
 * Each fitted user's history oldest first, in PROTOCOL's split order (timestamp, movieId) — the
 * order core RecencyWeights reads ages from, and the order the topology's
 * {@code UserState.chronologicalOrder()} gives the stream. Entry e of user u (start(u) ≤ e < end(u))
 * has a fitted item index, a preference and its event time in milliseconds (the ratings' seconds
 * × 1000, the unit of the stream's event times). Built once in O(nnz·log(per-user nnz)).
 */
public final class ChronologicalHistory {
    private final int[] start;
    private final int[] item;
    private final byte[] preference;
    private final long[] timeMs;

    private ChronologicalHistory(int[] start, int[] item, byte[] preference, long[] timeMs) {
        this.start = start;
        this.item = item;
        this.preference = preference;
        this.timeMs = timeMs;
    }

    public static ChronologicalHistory of(FittedData f) {
        int nnz = f.nnz();
        int[] start = new int[f.userCount() + 1];
        int[] item = new int[nnz];
        byte[] preference = new byte[nnz];
        long[] timeMs = new long[nnz];
        long[] keys = new long[0];
        int[] order = new int[0];
        for (int u = 0; u < f.userCount(); u++) {
            int from = f.start(u), count = f.end(u) - from;
            start[u + 1] = from + count;
            if (order.length < count) {
                order = new int[count];
                keys = new long[count];
            }
            Integer[] idx = new Integer[count];
            for (int e = 0; e < count; e++) {
                idx[e] = e;
                keys[e] = f.ratings().timestamp(f.sourceRow(from + e));
            }
            // (timestamp, movieId): items are indexed by ascending movieId, so the item index breaks ties alike
            long[] k = keys;
            Arrays.sort(idx, (a, b) -> k[a] != k[b] ? Long.compare(k[a], k[b]) : Integer.compare(f.item(from + a), f.item(from + b)));
            for (int e = 0; e < count; e++) {
                int src = from + idx[e];
                item[from + e] = f.item(src);
                preference[from + e] = f.preference(src);
                timeMs[from + e] = keys[idx[e]] * 1000L;
            }
        }
        return new ChronologicalHistory(start, item, preference, timeMs);
    }

    public int users() { return start.length - 1; }
    public int start(int user) { return start[user]; }
    public int end(int user) { return start[user + 1]; }
    public int size(int user) { return start[user + 1] - start[user]; }
    public int item(int e) { return item[e]; }
    public byte preference(int e) { return preference[e]; }
    public long timeMs(int e) { return timeMs[e]; }

    /** The longest history. */
    public int maxSize() {
        int max = 0;
        for (int u = 0; u < users(); u++) max = Math.max(max, size(u));
        return max;
    }
}
