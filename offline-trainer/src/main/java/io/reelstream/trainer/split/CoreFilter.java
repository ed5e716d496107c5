package io.reelstream.trainer.split;

import io.reelstream.trainer.io.IdMapping;
import io.reelstream.trainer.io.RatingsTable;
import java.util.BitSet;

/**
 * Iterative k-core filtering: drop ratings of items with fewer than minItem ratings and of users
 * with fewer than minUser, and repeat until nothing changes (dropping an item can push a user below
 * the bar and back). Off by default; every report states whether it ran. O(rounds · n).
 */
public final class CoreFilter {
    private CoreFilter() {}

    public record Result(int rounds, int before, int after) {}

    /** Filters the table in place. */
    public static Result apply(RatingsTable ratings, int minUser, int minItem) {
        int n = ratings.size();
        IdMapping users = IdMapping.of(n, ratings::user, null);
        IdMapping items = IdMapping.of(n, ratings::movie, null);
        int[] userOf = new int[n];
        int[] itemOf = new int[n];
        for (int r = 0; r < n; r++) {
            userOf[r] = users.indexOf(ratings.user(r));
            itemOf[r] = items.indexOf(ratings.movie(r));
        }
        BitSet keep = new BitSet(n);
        keep.set(0, n);
        int rounds = 0;
        while (true) {
            rounds++;
            int[] userCount = new int[users.size()];
            int[] itemCount = new int[items.size()];
            for (int r = keep.nextSetBit(0); r >= 0; r = keep.nextSetBit(r + 1)) {
                userCount[userOf[r]]++;
                itemCount[itemOf[r]]++;
            }
            boolean changed = false;
            for (int r = keep.nextSetBit(0); r >= 0; r = keep.nextSetBit(r + 1)) {
                if (userCount[userOf[r]] < minUser || itemCount[itemOf[r]] < minItem) {
                    keep.clear(r);
                    changed = true;
                }
            }
            if (!changed) break;
        }
        ratings.retain(keep);
        return new Result(rounds, n, ratings.size());
    }
}
