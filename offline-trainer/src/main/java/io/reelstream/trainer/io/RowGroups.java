package io.reelstream.trainer.io;

import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * Rows grouped by a dense key (a counting sort, stable: file order within a group):
 * the rows of group g are rows()[start(g) .. start(g + 1)). O(n + groups).
 */
public final class RowGroups {
    private final int[] offsets;
    private final int[] rows;

    private RowGroups(int[] offsets, int[] rows) {
        this.offsets = offsets;
        this.rows = rows;
    }

    /** Groups rows [0, n) with include(row) by group(row) in [0, groups); group(row) < 0 drops the row. */
    public static RowGroups of(int n, int groups, IntUnaryOperator group, IntPredicate include) {
        int[] offsets = new int[groups + 1];
        for (int r = 0; r < n; r++) {
            if (include != null && !include.test(r)) continue;
            int g = group.applyAsInt(r);
            if (g >= 0) offsets[g + 1]++;
        }
        for (int g = 0; g < groups; g++) offsets[g + 1] += offsets[g];
        int[] cursor = offsets.clone();
        int[] rows = new int[offsets[groups]];
        for (int r = 0; r < n; r++) {
            if (include != null && !include.test(r)) continue;
            int g = group.applyAsInt(r);
            if (g >= 0) rows[cursor[g]++] = r;
        }
        return new RowGroups(offsets, rows);
    }

    public int groups() { return offsets.length - 1; }
    public int start(int group) { return offsets[group]; }
    public int end(int group) { return offsets[group + 1]; }
    public int size(int group) { return offsets[group + 1] - offsets[group]; }
    /** The grouped row numbers (shared; callers may reorder within a group). */
    public int[] rows() { return rows; }
}
