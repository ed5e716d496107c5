package io.reelstream.trainer.split;

import io.reelstream.core.preference.Preference;
import io.reelstream.trainer.io.IdMapping;
import io.reelstream.trainer.io.RatingsTable;
import io.reelstream.trainer.io.RowGroups;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The scored slice as PROTOCOL.md uses it: per user, the relevant movies (positive preference,
 * rating ≥ 3.0), kept only for users with at least one. Movie ids are external and sorted, so a
 * relevant movie absent from the fitted data still counts in the recall denominator.
 */
public final class HeldOut {
    private final int[] userIds;
    private final int[] offsets;
    private final int[] relevantMovies;
    private final int scoredRows;

    private HeldOut(int[] userIds, int[] offsets, int[] relevantMovies, int scoredRows) {
        this.userIds = userIds;
        this.offsets = offsets;
        this.relevantMovies = relevantMovies;
        this.scoredRows = scoredRows;
    }

    public static HeldOut of(RatingsTable ratings, IntPredicate scored) {
        int n = ratings.size();
        int scoredRows = 0;
        for (int r = 0; r < n; r++) if (scored.test(r)) scoredRows++;
        IntPredicate relevant = r -> scored.test(r) && Preference.isPositive(Preference.fromRating(ratings.rating(r)));
        IdMapping users = IdMapping.of(n, ratings::user, relevant);
        RowGroups byUser = RowGroups.of(n, users.size(), r -> users.indexOf(ratings.user(r)), relevant);
        int[] movies = new int[byUser.rows().length];
        int[] offsets = new int[users.size() + 1];
        for (int u = 0; u < users.size(); u++) {
            offsets[u + 1] = byUser.end(u);
            for (int j = byUser.start(u); j < byUser.end(u); j++) movies[j] = ratings.movie(byUser.rows()[j]);
            Arrays.sort(movies, byUser.start(u), byUser.end(u));
        }
        return new HeldOut(users.ids(), offsets, movies, scoredRows);
    }

    /** Users with at least one relevant movie: the scored users. */
    public int users() { return userIds.length; }
    public int userId(int i) { return userIds[i]; }
    /** Rows in the scored slice, relevant or not. */
    public int scoredRows() { return scoredRows; }

    /** Sorted relevant movie ids of scored user i. */
    public int[] relevant(int i) {
        return Arrays.copyOfRange(relevantMovies, offsets[i], offsets[i + 1]);
    }
}
