package io.reelstream.core.itemitem;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@link ItemItemScorer#accumulate} had summed after a user's oldest swipes, kept between that
 * user's swipes so the next one walks only the recent part of the history.
 *
 * <p>Why it can: with a recency floor, a swipe older than {@code RecencyWeights.settledAge()} weighs
 * exactly the floor (as a float) and keeps weighing it as the user swipes on, so the sum over those
 * swipes is the same on every swipe. Why it is exact: the scorer adds a history oldest first, so
 * resuming from the sum of the first L entries performs the same float additions in the same order as
 * summing all of them — score, strongest contribution ("because") and the order items were first reached
 * come out bit for bit equal. A memo is used only when its first L (row, value) pairs equal the
 * history's now, compared entry by entry (a changed mind about an old movie, an out-of-order swipe or
 * another model version miss and rebuild).
 *
 * <pre>
 *   per swipe without:  |history| · M             with:  (|history| − L) · M + touched
 *   memory per user:    8 · L + 16 · touched bytes (touched ≤ catalogue), least recently used evicted
 * </pre>
 * Thread-safe (one lock around the map); a stored prefix is immutable.
 */
public final class PrefixMemo {
    /** Prefixes are kept at multiples of this, so a memo is rewritten once per STEP swipes, not on each. */
    public static final int STEP = 32;
    /** Shorter settled prefixes are not worth a memo's copy. */
    public static final int MIN_PREFIX = 64;

    private final long budgetBytes;
    private final LinkedHashMap<Long, Prefix> byKey = new LinkedHashMap<>(64, 0.75f, true);
    private long usedBytes;
    private long hits;
    private long misses;

    /** @param budgetBytes most bytes of prefixes held (0 keeps none) */
    public PrefixMemo(long budgetBytes) {
        if (budgetBytes < 0) throw new IllegalArgumentException("prefix memo budget must be >= 0 bytes, got " + budgetBytes);
        this.budgetBytes = budgetBytes;
    }

    /** The prefix stored under key if it is a prefix of this history under this model, else null. */
    Prefix lookup(long key, ItemNeighbours model, int[] historyRows, float[] historyValue, int count) {
        Prefix p;
        synchronized (this) {
            p = byKey.get(key);
        }
        boolean usable = p != null && p.model == model && p.length() <= count
                && Arrays.equals(p.rows, 0, p.length(), historyRows, 0, p.length())
                && Arrays.equals(p.values, 0, p.length(), historyValue, 0, p.length());
        synchronized (this) {
            if (usable) hits++;
            else misses++;
        }
        return usable ? p : null;
    }

    synchronized void store(long key, Prefix p) {
        if (p.bytes() > budgetBytes) return;
        Prefix old = byKey.put(key, p);
        if (old != null) usedBytes -= old.bytes();
        usedBytes += p.bytes();
        for (Iterator<Map.Entry<Long, Prefix>> it = byKey.entrySet().iterator(); usedBytes > budgetBytes && it.hasNext(); ) {
            Prefix eldest = it.next().getValue();
            it.remove();
            usedBytes -= eldest.bytes();
        }
    }

    /** Lookups that found a usable prefix. */
    public synchronized long hits() { return hits; }
    /** Lookups that found none (first swipe seen here, evicted, or the prefix no longer matched). */
    public synchronized long misses() { return misses; }
    /** Bytes of the prefixes held now. */
    public synchronized long usedBytes() { return usedBytes; }
    /** Users with a prefix held now. */
    public synchronized int size() { return byKey.size(); }

    /**
     * The scorer's sparse sums after the first {@code rows.length} history entries: the items reached,
     * in the order first reached, with their score, strongest single contribution and its history row.
     */
    record Prefix(ItemNeighbours model, int[] rows, float[] values, int[] touched, float[] score, float[] best,
                  int[] because) {
        int length() { return rows.length; }

        long bytes() {
            return 8L * rows.length + 16L * touched.length + 128;
        }
    }
}
