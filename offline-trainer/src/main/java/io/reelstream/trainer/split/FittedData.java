package io.reelstream.trainer.split;

import io.reelstream.core.preference.Preference;
import io.reelstream.trainer.io.IdMapping;
import io.reelstream.trainer.io.RatingsTable;
import io.reelstream.trainer.io.RowGroups;
import java.util.Arrays;
import java.util.function.IntPredicate;

/**
 * The data a model is fitted on, as a user × item CSR over contiguous indices (users and items
 * that occur in the fitted rows, ascending ids). Entry j of user u (start(u) ≤ j < end(u)) has an
 * item index, a preference (−2, −1, +1, +2 from core {@link Preference}) and its source row.
 * Rows of a user are sorted by item index, so {@link #hasSeen} is a binary search.
 * The candidate set of every model and the seen filter both come from here (PROTOCOL.md).
 */
public final class FittedData {
    private final RatingsTable ratings;
    private final IdMapping users;
    private final IdMapping items;
    private final int[] userStart;
    private final int[] item;
    private final byte[] preference;
    private final int[] sourceRow;

    private FittedData(RatingsTable ratings, IdMapping users, IdMapping items, int[] userStart, int[] item,
                       byte[] preference, int[] sourceRow) {
        this.ratings = ratings;
        this.users = users;
        this.items = items;
        this.userStart = userStart;
        this.item = item;
        this.preference = preference;
        this.sourceRow = sourceRow;
    }

    /** The rows with fitted(row) of the table. O(n + nnz·log(per-user nnz)). */
    public static FittedData of(RatingsTable ratings, IntPredicate fitted) {
        int n = ratings.size();
        IdMapping users = IdMapping.of(n, ratings::user, fitted);
        IdMapping items = IdMapping.of(n, ratings::movie, fitted);
        RowGroups byUser = RowGroups.of(n, users.size(), r -> users.indexOf(ratings.user(r)), fitted);
        int nnz = byUser.rows().length;
        int[] userStart = new int[users.size() + 1];
        int[] item = new int[nnz];
        byte[] preference = new byte[nnz];
        int[] sourceRow = new int[nnz];
        long[] packed = new long[0];
        for (int u = 0; u < users.size(); u++) {
            int from = byUser.start(u);
            int count = byUser.size(u);
            userStart[u + 1] = from + count;
            if (packed.length < count) packed = new long[Math.max(count, packed.length * 2)];
            // sort the user's entries by item index: pack (item, row) into one long
            for (int i = 0; i < count; i++) {
                int row = byUser.rows()[from + i];
                packed[i] = ((long) items.indexOf(ratings.movie(row)) << 32) | row;
            }
            Arrays.sort(packed, 0, count);
            for (int i = 0; i < count; i++) {
                int row = (int) packed[i];
                item[from + i] = (int) (packed[i] >>> 32);
                sourceRow[from + i] = row;
                preference[from + i] = (byte) Preference.fromRating(ratings.rating(row));
            }
        }
        return new FittedData(ratings, users, items, userStart, item, preference, sourceRow);
    }

    public RatingsTable ratings() { return ratings; }
    public IdMapping users() { return users; }
    public IdMapping items() { return items; }
    public int userCount() { return users.size(); }
    public int itemCount() { return items.size(); }
    public int nnz() { return item.length; }
    public int start(int user) { return userStart[user]; }
    public int end(int user) { return userStart[user + 1]; }
    public int item(int j) { return item[j]; }
    public byte preference(int j) { return preference[j]; }
    public int sourceRow(int j) { return sourceRow[j]; }

    /** Triples for core's CSR builder: entry j is (userOf[j], item[j], preference[j]). */
    public int[] userOfEntries() {
        int[] userOf = new int[item.length];
        for (int u = 0; u < users.size(); u++) Arrays.fill(userOf, userStart[u], userStart[u + 1], u);
        return userOf;
    }

    public int[] itemOfEntries() { return item; }
    public byte[] preferenceOfEntries() { return preference; }

    /** Whether the user (dense index) has the item (dense index) in the fitted data. */
    public boolean hasSeen(int user, int itemIndex) {
        return user >= 0 && Arrays.binarySearch(item, userStart[user], userStart[user + 1], itemIndex) >= 0;
    }
}
