package io.reelstream.trainer.io;

import java.util.Arrays;
import java.util.BitSet;
import java.util.function.IntUnaryOperator;

/**
 * A contiguous id mapping: the distinct external ids (userId or movieId) in ascending order, so
 * dense index i names ids[i], and ties broken by the lower index are ties broken by the lower id.
 * Lookup is an array read when the largest id is small enough (MovieLens: a few hundred thousand),
 * otherwise a binary search.
 */
public final class IdMapping {
    private static final int MAX_DIRECT_ID = 1 << 26; // 256 MB of lookup table at most

    private final int[] ids;
    private final int[] direct; // direct[id] = index + 1, 0 = absent; null when ids are too large

    private IdMapping(int[] sortedDistinctIds) {
        this.ids = sortedDistinctIds;
        int max = ids.length == 0 ? -1 : ids[ids.length - 1];
        if (max >= 0 && max < MAX_DIRECT_ID && (ids.length == 0 || ids[0] >= 0)) {
            direct = new int[max + 1];
            for (int i = 0; i < ids.length; i++) direct[ids[i]] = i + 1;
        } else {
            direct = null;
        }
    }

    /** The distinct values of column(row) over rows [0, n), for rows where include(row). */
    public static IdMapping of(int n, IntUnaryOperator column, java.util.function.IntPredicate include) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int r = 0; r < n; r++) {
            if (include != null && !include.test(r)) continue;
            int id = column.applyAsInt(r);
            min = Math.min(min, id);
            max = Math.max(max, id);
        }
        if (min > max) return new IdMapping(new int[0]);
        if (min >= 0 && max < MAX_DIRECT_ID) {
            BitSet seen = new BitSet(max + 1);
            for (int r = 0; r < n; r++) {
                if (include == null || include.test(r)) seen.set(column.applyAsInt(r));
            }
            return new IdMapping(seen.stream().toArray());
        }
        int[] all = new int[n];
        int count = 0;
        for (int r = 0; r < n; r++) {
            if (include == null || include.test(r)) all[count++] = column.applyAsInt(r);
        }
        int[] sorted = Arrays.copyOf(all, count);
        Arrays.sort(sorted);
        return new IdMapping(Arrays.stream(sorted).distinct().toArray());
    }

    public static IdMapping ofSorted(int[] sortedDistinctIds) {
        return new IdMapping(sortedDistinctIds);
    }

    public int size() { return ids.length; }

    public int id(int index) { return ids[index]; }

    /** The ids in index order (shared, do not modify). */
    public int[] ids() { return ids; }

    /** Dense index of an external id, or -1 when the id is not mapped. */
    public int indexOf(int id) {
        if (direct != null) return id >= 0 && id < direct.length ? direct[id] - 1 : -1;
        int i = Arrays.binarySearch(ids, id);
        return i >= 0 ? i : -1;
    }
}
