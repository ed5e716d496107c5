package io.reelstream.trainer.content;

import io.reelstream.core.rank.TopK;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Items grouped by identical genre set, for the neighbour search. Within a group the cosine to a
 * fixed item i depends on the member's year y alone:
 * <pre>
 *   f(y) = (o + yi·y) / √(c + y²) · 1/‖vi‖      o = |Gi ∩ G|, c = |G|
 *   f'(y) has the sign of yi·c − o·y, so f rises up to y* = yi·c / o and falls after it
 * </pre>
 * With members sorted by year, the best ones are found walking outwards from y*, and the walk stops
 * once the better of the two frontier members falls below the top-K threshold. Jaccard ignores the
 * year, so a group's members tie and only its K lowest indices can enter a top-K list.
 */
final class GenreGroups {
    /** Float rounding can break exact unimodality by an ulp: keep walking within this margin. */
    private static final float MARGIN = 1e-6f;

    private final long[] mask;
    private final int[] start;
    private final int[] members; // per group: by year then index (cosine), by index (jaccard)
    private final float[] memberYear;

    private GenreGroups(long[] mask, int[] start, int[] members, float[] memberYear) {
        this.mask = mask;
        this.start = start;
        this.members = members;
        this.memberYear = memberYear;
    }

    static GenreGroups of(ContentFeatures features, Similarity similarity) {
        int n = features.items();
        long[] masks = features.genreMasks();
        Map<Long, Integer> groupOf = new HashMap<>();
        int[] group = new int[n];
        for (int i = 0; i < n; i++) group[i] = groupOf.computeIfAbsent(masks[i], m -> groupOf.size());
        int groups = groupOf.size();
        long[] mask = new long[groups];
        groupOf.forEach((m, g) -> mask[g] = m);
        int[] start = new int[groups + 1];
        for (int i = 0; i < n; i++) start[group[i] + 1]++;
        for (int g = 0; g < groups; g++) start[g + 1] += start[g];
        int[] cursor = start.clone();
        Integer[] sorted = new Integer[n];
        for (int i = 0; i < n; i++) sorted[cursor[group[i]]++] = i; // index order within each group
        for (int g = 0; g < groups && similarity == Similarity.COSINE; g++) {
            Arrays.sort(sorted, start[g], start[g + 1], (a, b) -> {
                int c = Float.compare(features.year(a), features.year(b));
                return c != 0 ? c : Integer.compare(a, b);
            });
        }
        int[] members = new int[n];
        float[] memberYear = new float[n];
        for (int p = 0; p < n; p++) {
            members[p] = sorted[p];
            memberYear[p] = features.year(sorted[p]);
        }
        return new GenreGroups(mask, start, members, memberYear);
    }

    int count() {
        return mask.length;
    }

    /** Offers to top every member of group g that can be among item i's K best (never i itself). */
    void offerBest(ContentFeatures features, Similarity similarity, int i, int g, TopK top) {
        int from = start[g];
        int to = start[g + 1];
        if (similarity == Similarity.JACCARD) {
            float s = -1;
            for (int p = from, offered = 0; p < to && offered < top.capacity(); p++) {
                if (members[p] == i) continue;
                if (offered == 0) {
                    s = features.similarity(similarity, i, members[p]);
                    if (s < top.threshold()) return;
                }
                top.offer(members[p], s);
                offered++;
            }
            return;
        }
        int overlap = Long.bitCount(features.genreMasks()[i] & mask[g]);
        int size = Long.bitCount(mask[g]);
        double yi = features.year(i);
        double peak = overlap == 0 ? Double.POSITIVE_INFINITY : yi * size / overlap;
        int right = firstAtLeast(from, to, peak);
        int left = right - 1;
        float leftScore = score(features, similarity, i, left, from, to);
        float rightScore = score(features, similarity, i, right, from, to);
        while (left >= from || right < to) {
            boolean takeLeft = right >= to || (left >= from && leftScore >= rightScore);
            float best = takeLeft ? leftScore : rightScore;
            if (best < top.threshold() - MARGIN) return;
            if (takeLeft) {
                if (members[left] != i) top.offer(members[left], best);
                left--;
                leftScore = score(features, similarity, i, left, from, to);
            } else {
                if (members[right] != i) top.offer(members[right], best);
                right++;
                rightScore = score(features, similarity, i, right, from, to);
            }
        }
    }

    private float score(ContentFeatures features, Similarity similarity, int i, int p, int from, int to) {
        return p < from || p >= to ? Float.NEGATIVE_INFINITY : features.similarity(similarity, i, members[p]);
    }

    /** First position in [from, to) whose year is >= y, or to. */
    private int firstAtLeast(int from, int to, double y) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (memberYear[mid] < y) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
