package io.reelstream.lifecycle.drift;

import io.reelstream.core.preference.Preference;

/**
 * Drift of the preference mix: the shares of −2, −1, +1, +2 among swipes, training data against
 * the recent stream, by {@link Psi} over these 4 bins. The bin of a preference is its PROTOCOL
 * bucket − 1 ({@link Preference#toBucket}), so the trainer's ratings and the stream's swipes count
 * alike. Counting is O(1) per swipe.
 */
public final class PreferenceMix {
    /** How many bins: −2, −1, +1, +2. */
    public static final int BUCKETS = 4;
    /** Bin labels in bin order; private, so no caller can change what a report prints. */
    private static final String[] LABELS = {"-2", "-1", "+1", "+2"};
    public static final String NAME = "preference-mix";

    private PreferenceMix() {}

    /** Bin 0..3 of a preference −2, −1, +1, +2; anything else is rejected. */
    public static int bin(int preference) {
        return Preference.toBucket(preference) - 1;
    }

    /** PSI of recent counts against training counts, both indexed by {@link #bin}. */
    public static Psi.Result psi(long[] trainingCounts, long[] recentCounts) {
        return Psi.compare(NAME, LABELS, trainingCounts, recentCounts);
    }

    /** A small counter of preferences (not thread-safe). */
    public static final class Counter {
        private final long[] counts = new long[LABELS.length];

        /** Counts one swipe's preference (−2, −1, +1, +2). */
        public Counter add(int preference) {
            counts[bin(preference)]++;
            return this;
        }

        /** Counts one training rating by its PROTOCOL preference ({@link Preference#fromRating}). */
        public Counter addRating(double rating) {
            return add(Preference.fromRating(rating));
        }

        /** Counts n swipes of one preference. */
        public Counter add(int preference, long n) {
            if (n < 0) throw new IllegalArgumentException("count must be >= 0, got " + n);
            counts[bin(preference)] += n;
            return this;
        }

        /** A copy of the counts in bin order. */
        public long[] counts() {
            return counts.clone();
        }

        public long total() {
            long t = 0;
            for (long c : counts) t += c;
            return t;
        }
    }
}
