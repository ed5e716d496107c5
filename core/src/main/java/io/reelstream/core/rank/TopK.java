package io.reelstream.core.rank;

import java.util.function.IntPredicate;

/**
 * Top-K selection with a bounded min-heap: O(n·log K) time, O(K) space, nothing proportional to
 * n allocated. Ties go to the lower index, so a list is a pure function of the scores.
 * Reusable: one instance per thread (or per stream task) serves every call.
 */
public final class TopK {
    private final int capacity;
    private final int[] heapIndex;
    private final float[] heapScore;
    private int size;
    private int limit;

    public TopK(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("top-K capacity must be > 0, got " + capacity);
        this.capacity = capacity;
        this.heapIndex = new int[capacity];
        this.heapScore = new float[capacity];
        this.limit = capacity;
    }

    /** Indices of the k best of scores[0..n), best first, skipping excluded indices. */
    public static int[] select(float[] scores, int n, int k, IntPredicate excluded) {
        TopK top = new TopK(Math.max(1, k));
        top.reset();
        for (int i = 0; i < n; i++) {
            if (excluded == null || !excluded.test(i)) top.offer(i, scores[i]);
        }
        return top.drainBestFirst(k);
    }

    public void reset() {
        size = 0;
        limit = capacity;
    }

    /**
     * Empties the heap and keeps at most {@code limit} entries until the next reset, so one
     * instance sized for the largest N serves smaller N with a threshold that fills as early.
     */
    public void reset(int limit) {
        if (limit <= 0 || limit > capacity) {
            throw new IllegalArgumentException("top-K limit must be in [1, " + capacity + "], got " + limit);
        }
        size = 0;
        this.limit = limit;
    }

    public int capacity() {
        return capacity;
    }

    /** Worst score currently kept, or -infinity until the heap is full: a bound for pruning. */
    public float threshold() {
        return size < limit ? Float.NEGATIVE_INFINITY : heapScore[0];
    }

    public int size() {
        return size;
    }

    /** Offers one candidate; NaN scores are ignored. */
    public void offer(int index, float score) {
        if (Float.isNaN(score)) return;
        if (size < limit) {
            heapIndex[size] = index;
            heapScore[size] = score;
            siftUp(size++);
        } else if (better(index, score, heapIndex[0], heapScore[0])) {
            heapIndex[0] = index;
            heapScore[0] = score;
            siftDown(0);
        }
    }

    /** Writes up to k kept entries best first into the arrays and empties the heap; returns the count. */
    public int drainBestFirst(int k, int[] outIndex, float[] outScore) {
        int n = Math.min(k, size);
        while (size > n) pop();
        for (int pos = n - 1; pos >= 0; pos--) {
            outIndex[pos] = heapIndex[0];
            if (outScore != null) outScore[pos] = heapScore[0];
            pop();
        }
        return n;
    }

    public int[] drainBestFirst(int k) {
        int[] out = new int[Math.min(k, size)];
        drainBestFirst(k, out, null);
        return out;
    }

    /** a is strictly better than b: higher score, or equal score and lower index. */
    private static boolean better(int ai, float as, int bi, float bs) {
        return as > bs || (as == bs && ai < bi);
    }

    private void pop() {
        size--;
        heapIndex[0] = heapIndex[size];
        heapScore[0] = heapScore[size];
        if (size > 0) siftDown(0);
    }

    private void siftUp(int pos) {
        while (pos > 0) {
            int parent = (pos - 1) >>> 1;
            if (!better(heapIndex[parent], heapScore[parent], heapIndex[pos], heapScore[pos])) break;
            swap(pos, parent);
            pos = parent;
        }
    }

    private void siftDown(int pos) {
        while (true) {
            int left = 2 * pos + 1;
            if (left >= size) return;
            int worst = left;
            int right = left + 1;
            if (right < size && better(heapIndex[left], heapScore[left], heapIndex[right], heapScore[right])) worst = right;
            if (!better(heapIndex[pos], heapScore[pos], heapIndex[worst], heapScore[worst])) return;
            swap(pos, worst);
            pos = worst;
        }
    }

    private void swap(int a, int b) {
        int ti = heapIndex[a];
        heapIndex[a] = heapIndex[b];
        heapIndex[b] = ti;
        float ts = heapScore[a];
        heapScore[a] = heapScore[b];
        heapScore[b] = ts;
    }
}
