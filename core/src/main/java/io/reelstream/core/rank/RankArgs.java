package io.reelstream.core.rank;

import io.reelstream.core.model.FactorMatrix;

/**
 * Argument checks shared by {@link ExactRanker} and {@link ItemRanker}, so both reject the same
 * inputs with the same messages and agree on everything they accept.
 *
 * <p>NaN policy: a user vector or an item factor that is NaN or infinite is a bug upstream (a
 * diverged fold-in, a corrupt model file), not a ranking; both rankers reject it with an
 * {@link IllegalArgumentException} naming the dimension (or the row and its id) instead of
 * returning a list silently built from NaN scores.
 */
final class RankArgs {
    private RankArgs() {}

    /** Rejects non-finite item factors at build time: O(n·k), once per model version. */
    static void checkItems(FactorMatrix items) {
        float[] Y = items.values();
        int k = items.k();
        for (int i = 0; i < Y.length; i++) {
            if (!Float.isFinite(Y[i])) {
                int row = i / k;
                throw new IllegalArgumentException("item factors: row " + row + " (id " + items.ids()[row]
                        + ") has " + Y[i] + " at dimension " + (i % k) + "; retrain or re-export the model");
            }
        }
    }

    /** Checks one call; returns how many entries the answer can hold: min(n, rows). */
    static int check(float[] xu, int k, int rows, int n, int[] outRows, float[] outScores) {
        if (n <= 0) throw new IllegalArgumentException("top-N size n must be > 0, got " + n);
        if (xu == null || xu.length != k) {
            throw new IllegalArgumentException("user vector must have k = " + k + " factors, got "
                    + (xu == null ? "null" : xu.length));
        }
        for (int a = 0; a < k; a++) {
            if (!Float.isFinite(xu[a])) {
                throw new IllegalArgumentException("user vector has " + xu[a] + " at dimension " + a
                        + "; the fold-in diverged (raise lambda or check the swipes)");
            }
        }
        int count = Math.min(n, rows);
        if (outRows == null || outRows.length < count) {
            throw new IllegalArgumentException("outRows must hold min(n, rows) = " + count + " entries, got "
                    + (outRows == null ? "null" : outRows.length));
        }
        if (outScores != null && outScores.length < count) {
            throw new IllegalArgumentException("outScores must hold min(n, rows) = " + count
                    + " entries (or be null), got " + outScores.length);
        }
        return count;
    }
}
