package io.reelstream.trainer.split;

/** Stable merge sort of an int[] range under a primitive comparator: no boxing for 32M row ids. */
final class IntSorter {
    @FunctionalInterface
    interface IntComparator {
        int compare(int a, int b);
    }

    private static final int INSERTION_LIMIT = 24;

    private IntSorter() {}

    /** Sorts a[from, to); scratch must hold at least to − from ints. */
    static void sort(int[] a, int from, int to, IntComparator cmp, int[] scratch) {
        if (to - from <= INSERTION_LIMIT) {
            insertion(a, from, to, cmp);
            return;
        }
        int mid = (from + to) >>> 1;
        sort(a, from, mid, cmp, scratch);
        sort(a, mid, to, cmp, scratch);
        if (cmp.compare(a[mid - 1], a[mid]) <= 0) return;
        System.arraycopy(a, from, scratch, 0, mid - from);
        int i = 0;
        int iEnd = mid - from;
        int j = mid;
        int out = from;
        while (i < iEnd && j < to) a[out++] = cmp.compare(a[j], scratch[i]) < 0 ? a[j++] : scratch[i++];
        while (i < iEnd) a[out++] = scratch[i++];
    }

    private static void insertion(int[] a, int from, int to, IntComparator cmp) {
        for (int i = from + 1; i < to; i++) {
            int v = a[i];
            int j = i - 1;
            while (j >= from && cmp.compare(a[j], v) > 0) {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }
}
