package io.reelstream.core.als;

import java.util.Arrays;

/**
 * A sparse rows × cols matrix in compressed sparse row (CSR) form with one swipe preference
 * (-2, -1, +1, +2) per stored entry: the user × item input of implicit ALS, and, transposed, its
 * item × user view for the item half-step.
 *
 * <pre>
 *   entries of row r:  j in [start(r), end(r)),  column col(j), preference preference(j)
 * </pre>
 * Columns are ascending within a row and unique: a repeated (row, col) keeps the last triple given,
 * as a later swipe replaces an earlier one. Memory: 4·(rows + 1) + 5·nnz bytes. Immutable.
 */
public final class Interactions {
    private final int rows;
    private final int cols;
    private final int[] rowStart; // rows + 1 offsets into colIndex/preference
    private final int[] colIndex;
    private final byte[] preference;

    private Interactions(int rows, int cols, int[] rowStart, int[] colIndex, byte[] preference) {
        this.rows = rows;
        this.cols = cols;
        this.rowStart = rowStart;
        this.colIndex = colIndex;
        this.preference = preference;
    }

    /**
     * Builds the CSR matrix from parallel arrays of (row, col, preference) triples, in any order.
     * Two stable counting sorts (by column, then by row) give sorted rows in O(nnz + rows + cols);
     * triples already in CSR order (rows ascending, columns strictly ascending within a row) skip them.
     *
     * @throws IllegalArgumentException naming the first bad triple (index out of range, or a
     *                                  preference that is not -2, -1, +1, +2)
     */
    public static Interactions fromTriples(int users, int items, int[] userIdx, int[] itemIdx, byte[] preference) {
        if (users < 0 || items < 0) {
            throw new IllegalArgumentException("matrix shape must be >= 0, got " + users + " x " + items);
        }
        int n = userIdx.length;
        if (itemIdx.length != n || preference.length != n) {
            throw new IllegalArgumentException("triple arrays differ in length: userIdx " + n
                    + ", itemIdx " + itemIdx.length + ", preference " + preference.length);
        }
        for (int t = 0; t < n; t++) {
            if (userIdx[t] < 0 || userIdx[t] >= users || itemIdx[t] < 0 || itemIdx[t] >= items) {
                throw new IllegalArgumentException("triple " + t + " (" + userIdx[t] + ", " + itemIdx[t]
                        + ") lies outside the " + users + " x " + items + " matrix; map ids to dense indices first");
            }
            int p = preference[t];
            if (p != -2 && p != -1 && p != 1 && p != 2) {
                throw new IllegalArgumentException("triple " + t + " has preference " + p
                        + "; expected -2, -1, +1 or +2 (see Preference.fromRating)");
            }
        }
        if (isRowMajor(userIdx, itemIdx)) return fromRowMajor(users, items, userIdx, itemIdx, preference);
        // pass 1: stable order by column
        int[] byCol = countingOrder(itemIdx, items, identity(n));
        // pass 2: stable order by row -> rows ascending, columns ascending, duplicates in input order
        int[] order = countingOrder(userIdx, users, byCol);

        int[] rowStart = new int[users + 1];
        int[] cols = new int[n];
        byte[] prefs = new byte[n];
        int w = 0;
        int t = 0;
        for (int r = 0; r < users; r++) {
            rowStart[r] = w;
            while (t < n && userIdx[order[t]] == r) {
                int src = order[t++];
                if (w > rowStart[r] && cols[w - 1] == itemIdx[src]) {
                    prefs[w - 1] = preference[src]; // the later triple replaces the earlier one
                } else {
                    cols[w] = itemIdx[src];
                    prefs[w] = preference[src];
                    w++;
                }
            }
        }
        rowStart[users] = w;
        if (w < n) {
            cols = Arrays.copyOf(cols, w);
            prefs = Arrays.copyOf(prefs, w);
        }
        return new Interactions(users, items, rowStart, cols, prefs);
    }

    /**
     * Whether the triples already are in CSR order: rows non-decreasing, columns strictly increasing
     * within a row (so no duplicates). The trainer's fitted data comes this way. O(nnz).
     */
    private static boolean isRowMajor(int[] userIdx, int[] itemIdx) {
        for (int t = 1; t < userIdx.length; t++) {
            if (userIdx[t] < userIdx[t - 1] || (userIdx[t] == userIdx[t - 1] && itemIdx[t] <= itemIdx[t - 1])) return false;
        }
        return true;
    }

    /** CSR of triples in CSR order: row offsets by one count, columns and preferences copied as they are. O(nnz + rows). */
    private static Interactions fromRowMajor(int users, int items, int[] userIdx, int[] itemIdx, byte[] preference) {
        int[] rowStart = new int[users + 1];
        for (int r : userIdx) rowStart[r + 1]++;
        for (int r = 0; r < users; r++) rowStart[r + 1] += rowStart[r];
        return new Interactions(users, items, rowStart, itemIdx.clone(), preference.clone());
    }

    /** The cols × rows transpose (item × user), by one counting sort: O(nnz + cols). */
    public Interactions transpose() {
        int nnz = nnz();
        int[] tStart = new int[cols + 1];
        for (int j = 0; j < nnz; j++) tStart[colIndex[j] + 1]++;
        for (int c = 0; c < cols; c++) tStart[c + 1] += tStart[c];
        int[] next = Arrays.copyOf(tStart, cols);
        int[] tCols = new int[nnz];
        byte[] tPrefs = new byte[nnz];
        for (int r = 0; r < rows; r++) {
            for (int j = rowStart[r]; j < rowStart[r + 1]; j++) {
                int dst = next[colIndex[j]]++;
                tCols[dst] = r; // rows visited in ascending order: transposed rows come out sorted
                tPrefs[dst] = preference[j];
            }
        }
        return new Interactions(cols, rows, tStart, tCols, tPrefs);
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public int nnz() {
        return rowStart[rows];
    }

    /** First entry of a row. */
    public int start(int row) {
        return rowStart[row];
    }

    /** One past the last entry of a row. */
    public int end(int row) {
        return rowStart[row + 1];
    }

    /** Entries in a row. */
    public int count(int row) {
        return rowStart[row + 1] - rowStart[row];
    }

    /** Column of entry j. */
    public int col(int j) {
        return colIndex[j];
    }

    /** Preference -2, -1, +1, +2 of entry j. */
    public byte preference(int j) {
        return preference[j];
    }

    /** Largest row length: sizes per-thread scratch buffers. */
    public int maxRowCount() {
        int max = 0;
        for (int r = 0; r < rows; r++) max = Math.max(max, rowStart[r + 1] - rowStart[r]);
        return max;
    }

    @Override
    public String toString() {
        return "Interactions[" + rows + " x " + cols + ", nnz " + nnz() + "]";
    }

    private static int[] identity(int n) {
        int[] id = new int[n];
        for (int i = 0; i < n; i++) id[i] = i;
        return id;
    }

    /** Stable counting sort of the permutation {@code in} by key[in[t]] in [0, range). */
    private static int[] countingOrder(int[] key, int range, int[] in) {
        int[] start = new int[range + 1];
        for (int t : in) start[key[t] + 1]++;
        for (int v = 0; v < range; v++) start[v + 1] += start[v];
        int[] out = new int[in.length];
        for (int t : in) out[start[key[t]]++] = t;
        return out;
    }
}
