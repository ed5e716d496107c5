package io.reelstream.trainer.eval;

/**
 * Intra-list genre diversity of a top-K list: the mean over its pairs of 1 − Jaccard(genres_a,
 * genres_b), genres as bit masks per item. 0 for lists of fewer than two items; two items that both
 * lack genres count as dissimilar (nothing shared).
 */
public final class GenreDiversity {
    private GenreDiversity() {}

    public static double of(int[] items, int n, long[] genreMaskOfItem) {
        if (n < 2) return 0;
        double sum = 0;
        int pairs = 0;
        for (int a = 0; a < n; a++) {
            long ga = genreMaskOfItem[items[a]];
            for (int b = a + 1; b < n; b++) {
                sum += 1.0 - jaccard(ga, genreMaskOfItem[items[b]]);
                pairs++;
            }
        }
        return sum / pairs;
    }

    /** |A ∩ B| / |A ∪ B| of two genre masks, 0 when both are empty. */
    public static double jaccard(long a, long b) {
        int union = Long.bitCount(a | b);
        return union == 0 ? 0 : Long.bitCount(a & b) / (double) union;
    }
}
