package io.reelstream.topology.rank;

/** recall@N of an approximate list against the exact one: |approx ∩ exact| / |exact|. */
public final class IvfRecall {
    private IvfRecall() {}

    /** |{exact[0..exactCount)} ∩ {approx[0..approxCount)}|; rows within a list are distinct. O(N²), N ≈ 10–20. */
    public static int overlap(int[] exact, int exactCount, int[] approx, int approxCount) {
        int common = 0;
        for (int i = 0; i < exactCount; i++) {
            for (int j = 0; j < approxCount; j++) {
                if (exact[i] == approx[j]) {
                    common++;
                    break;
                }
            }
        }
        return common;
    }

    /** overlap / exactCount; 1 when the exact list is empty (nothing to miss). */
    public static double recall(int[] exact, int exactCount, int[] approx, int approxCount) {
        return exactCount == 0 ? 1.0 : (double) overlap(exact, exactCount, approx, approxCount) / exactCount;
    }
}
