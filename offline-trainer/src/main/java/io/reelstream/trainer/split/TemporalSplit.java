package io.reelstream.trainer.split;

import io.reelstream.core.split.ProtocolSplit;
import io.reelstream.trainer.io.IdMapping;
import io.reelstream.trainer.io.RatingsTable;
import io.reelstream.trainer.io.RowGroups;

/**
 * PROTOCOL.md's per-user split. Each user's ratings are sorted by (timestamp, movieId) ascending;
 * with n of them:
 * <pre>
 *   temporal: train = first floor(0.8n), validation = next floor(0.9n) − floor(0.8n), test = the rest
 *   last1:    train = first n − 1, the newest one is held out (as validation and as test)
 * </pre>
 * so no future rating of a user is in that user's train slice. The boundaries come from core
 * {@code ProtocolSplit}, which the connectors' replay slices use too.
 */
public final class TemporalSplit {
    private TemporalSplit() {}

    /** The slice of every row of the table. */
    public static byte[] assign(RatingsTable ratings, SplitMode mode) {
        int n = ratings.size();
        IdMapping users = IdMapping.of(n, ratings::user, null);
        RowGroups byUser = RowGroups.of(n, users.size(), r -> users.indexOf(ratings.user(r)), null);
        int[] rows = byUser.rows();
        int maxGroup = 0;
        for (int u = 0; u < byUser.groups(); u++) maxGroup = Math.max(maxGroup, byUser.size(u));
        int[] scratch = new int[maxGroup];
        IntSorter.IntComparator byTimeThenMovie = (a, b) -> {
            int c = Long.compare(ratings.timestamp(a), ratings.timestamp(b));
            return c != 0 ? c : Integer.compare(ratings.movie(a), ratings.movie(b));
        };
        byte[] slice = new byte[n];
        for (int u = 0; u < byUser.groups(); u++) {
            int from = byUser.start(u);
            int count = byUser.size(u);
            IntSorter.sort(rows, from, from + count, byTimeThenMovie, scratch);
            int trainEnd = trainSize(count, mode);
            int validationEnd = trainEnd + validationSize(count, mode);
            for (int i = 0; i < count; i++) {
                slice[rows[from + i]] = i < trainEnd ? Slice.TRAIN : i < validationEnd ? Slice.VALIDATION : Slice.TEST;
            }
        }
        return slice;
    }

    /** floor(0.8n) for temporal, n − 1 for last1. */
    public static int trainSize(int n, SplitMode mode) {
        return mode == SplitMode.LAST1 ? Math.max(0, n - 1) : ProtocolSplit.trainEnd(n);
    }

    /** floor(0.9n) − floor(0.8n) for temporal; for last1 the held-out rating is marked VALIDATION. */
    public static int validationSize(int n, SplitMode mode) {
        return mode == SplitMode.LAST1 ? Math.min(1, n) : ProtocolSplit.validationEnd(n) - ProtocolSplit.trainEnd(n);
    }
}
