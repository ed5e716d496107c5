package io.reelstream.core.itemitem;

import io.reelstream.core.rank.TopK;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * Ranks a catalogue for one user by an item-to-item model: the one scoring rule the trainer's
 * evaluation and the topology's swipe processor share.
 *
 * <pre>
 *   r_j     = recency(age_j) · x(preference_j)                 for each history item j
 *   score_i = Σ_j r_j · B[j, i]                                 over the neighbour lists of the history
 *   because_i = argmax_j r_j · B[j, i]                          the history item that helped most
 * </pre>
 * Items no history item points at score nothing and are not ranked (the caller tops a short list
 * up, e.g. from popularity); seen items are skipped; ties go to the lower row.
 * Cost O(|history| · M + touched · log N), or O((|history| − L) · M + touched · log N) resumed from
 * a {@link PrefixMemo} of the user's L oldest swipes, into catalogue-sized arrays that are reset through the
 * rows touched, so a call allocates nothing (but a new memo, once per PrefixMemo.STEP swipes). One instance per thread.
 */
public final class ItemItemScorer {
    private float[] score = new float[0];
    private float[] bestContribution = new float[0];
    private int[] because = new int[0];
    private boolean[] touchedFlag = new boolean[0];
    private int[] touched = new int[64];
    private int touchedCount;
    private TopK top = new TopK(16);

    /**
     * @param model        the neighbour lists (rows of B)
     * @param historyRows  the user's history as rows of {@code model}, -1 for items the model does not know (skipped)
     * @param historyValue r_j per history entry (recency weight × preference weight)
     * @param count        history entries to read
     * @param seen         rows never to return (the user's history, whatever its preference)
     * @param n            list length wanted
     * @param outRows      receives up to n rows, best first
     * @param outScores    their scores (may be null)
     * @param outBecause   for each, the history row with the largest single contribution (may be null)
     * @return how many rows were written (≤ n; fewer when fewer items are reachable)
     */
    public int recommend(ItemNeighbours model, int[] historyRows, float[] historyValue, int count, IntPredicate seen,
                         int n, int[] outRows, float[] outScores, int[] outBecause) {
        return recommend(model, historyRows, historyValue, count, null, 0, 0, seen, n, outRows, outScores, outBecause);
    }

    /**
     * {@link #recommend} summing through the user's {@link PrefixMemo} (see {@link #accumulate(ItemNeighbours,
     * int[], float[], int, PrefixMemo, long, int)}): the same list, scores and reasons.
     */
    public int recommend(ItemNeighbours model, int[] historyRows, float[] historyValue, int count,
                         PrefixMemo memo, long key, int settled, IntPredicate seen,
                         int n, int[] outRows, float[] outScores, int[] outBecause) {
        if (n <= 0) return 0;
        if (top.capacity() < n) top = new TopK(n);
        try {
            accumulate(model, historyRows, historyValue, count, memo, key, settled);
            top.reset(n);
            for (int t = 0; t < touchedCount; t++) {
                int i = touched[t];
                if (!seen.test(i)) top.offer(i, score[i]);
            }
            int written = top.drainBestFirst(n, outRows, outScores);
            if (outBecause != null) for (int t = 0; t < written; t++) outBecause[t] = because[outRows[t]];
            return written;
        } finally {
            clear();
        }
    }

    /**
     * The first half of {@link #recommend} for a caller that ranks by more than this model (core
     * blend.BlendScorer): score_i and because_i of every item the history reaches, readable through
     * {@link #touchedCount()}, {@link #touched(int)}, {@link #score(int)} and {@link #because(int)}
     * until {@link #clear()}, which the caller must call (in a finally). O(|history| · M).
     */
    public void accumulate(ItemNeighbours model, int[] historyRows, float[] historyValue, int count) {
        sizeFor(model.rows());
        accumulateRange(model, historyRows, historyValue, 0, count);
    }

    /**
     * {@link #accumulate} resumed from the user's {@link PrefixMemo} when it holds a prefix of this
     * history, and the memo moved forward to the longest multiple of {@link PrefixMemo#STEP} within
     * {@code settled}: the same sums bit for bit, in O((|history| − L) · M + touched) for a memo of L
     * entries instead of O(|history| · M).
     *
     * @param key     the user (one memo entry per key)
     * @param settled how many of the oldest entries keep their value on the user's next swipes (their
     *                recency weight is at the floor); only they are memoised
     */
    public void accumulate(ItemNeighbours model, int[] historyRows, float[] historyValue, int count,
                           PrefixMemo memo, long key, int settled) {
        sizeFor(model.rows());
        int from = 0;
        int keep = Math.min(settled, count) / PrefixMemo.STEP * PrefixMemo.STEP;
        if (memo != null && keep >= PrefixMemo.MIN_PREFIX) {
            PrefixMemo.Prefix prefix = memo.lookup(key, model, historyRows, historyValue, count);
            if (prefix != null) {
                resume(prefix);
                from = prefix.length();
            }
            if (keep > from) {
                accumulateRange(model, historyRows, historyValue, from, keep);
                memo.store(key, snapshot(model, historyRows, historyValue, keep));
                from = keep;
            }
        }
        accumulateRange(model, historyRows, historyValue, from, count);
    }

    /** Σ over history entries [from, to), oldest first, onto what is already summed. */
    private void accumulateRange(ItemNeighbours model, int[] historyRows, float[] historyValue, int from, int to) {
        for (int h = from; h < to; h++) {
            int j = historyRows[h];
            float r = historyValue[h];
            if (j < 0 || r == 0f) continue;
            for (int e = model.start(j), end = model.end(j); e < end; e++) {
                int i = model.neighbour(e);
                float contribution = r * model.weight(e);
                if (!touchedFlag[i]) {
                    touchedFlag[i] = true;
                    if (touchedCount == touched.length) touched = Arrays.copyOf(touched, 2 * touchedCount);
                    touched[touchedCount++] = i;
                    bestContribution[i] = contribution;
                    because[i] = j;
                } else if (contribution > bestContribution[i]) {
                    bestContribution[i] = contribution;
                    because[i] = j;
                }
                score[i] += contribution;
            }
        }
    }

    /** Puts a memoised prefix's sums in place (the arrays are clear): as if its entries had just been summed. */
    private void resume(PrefixMemo.Prefix p) {
        int n = p.touched().length;
        if (touched.length < n) touched = new int[Math.max(n, 2 * touched.length)];
        for (int t = 0; t < n; t++) {
            int i = p.touched()[t];
            touched[t] = i;
            touchedFlag[i] = true;
            score[i] = p.score()[t];
            bestContribution[i] = p.best()[t];
            because[i] = p.because()[t];
        }
        touchedCount = n;
    }

    /** The sums so far as an immutable prefix of the first {@code length} history entries. */
    private PrefixMemo.Prefix snapshot(ItemNeighbours model, int[] historyRows, float[] historyValue, int length) {
        int n = touchedCount;
        int[] items = Arrays.copyOf(touched, n);
        float[] s = new float[n];
        float[] best = new float[n];
        int[] by = new int[n];
        for (int t = 0; t < n; t++) {
            int i = items[t];
            s[t] = score[i];
            best[t] = bestContribution[i];
            by[t] = because[i];
        }
        return new PrefixMemo.Prefix(model, Arrays.copyOf(historyRows, length), Arrays.copyOf(historyValue, length),
                items, s, best, by);
    }

    /** How many items the last {@link #accumulate} reached. */
    public int touchedCount() { return touchedCount; }
    /** The t-th item reached, in the order first reached. */
    public int touched(int t) { return touched[t]; }
    /** score_i of the last {@link #accumulate}; 0 for an item it did not reach. */
    public float score(int i) { return score[i]; }
    /** Whether the last {@link #accumulate} reached item i. */
    public boolean reached(int i) { return touchedFlag[i]; }
    /** The history row with the largest single contribution to a reached item. */
    public int because(int i) { return because[i]; }

    private void sizeFor(int rows) {
        if (score.length != rows) {
            score = new float[rows];
            bestContribution = new float[rows];
            because = new int[rows];
            touchedFlag = new boolean[rows];
        }
    }

    /** Resets what {@link #accumulate} wrote, through the items it reached. O(touched). */
    public void clear() {
        for (int t = 0; t < touchedCount; t++) {
            int i = touched[t];
            score[i] = 0f;
            touchedFlag[i] = false;
        }
        touchedCount = 0;
    }
}
