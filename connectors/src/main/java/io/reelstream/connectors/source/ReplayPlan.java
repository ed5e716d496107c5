package io.reelstream.connectors.source;

import io.reelstream.core.preference.Preference;
import io.reelstream.schemas.Swipe;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The replay order of a ratings file: every rating of the chosen PROTOCOL slice, sorted by
 * (timestamp, userId, movieId). Position {@code i} of this order is what the source task stores as
 * its Connect offset, so the order must be a pure function of the file and the slice — it is: every
 * tie is broken by ids, never by file order or hashing.
 *
 * <p>Per user, the order is (timestamp, movieId) — the order PROTOCOL's split uses — so the
 * k-th time a user appears in the global order is that user's rank k, and one pass assigns slices.
 * Cost: O(n log n) time, 8 bytes a rating for the sort keys plus 4 for the order.
 */
public final class ReplayPlan {
    private final RatingsTable table;
    private final int[] rows;

    private ReplayPlan(RatingsTable table, int[] rows) {
        this.table = table;
        this.rows = rows;
    }

    public static ReplayPlan of(RatingsTable table, ProtocolSlice slice) {
        int[] order = sortedRows(table);
        if (slice == ProtocolSlice.ALL) return new ReplayPlan(table, order);

        Map<Integer, int[]> ratingsPerUser = new HashMap<>();
        for (int row = 0; row < table.size(); row++) {
            ratingsPerUser.computeIfAbsent(table.userId(row), u -> new int[2])[0]++;
        }
        int[] kept = new int[order.length];
        int size = 0;
        for (int row : order) {
            int[] counts = ratingsPerUser.get(table.userId(row)); // [n, rank of the next rating]
            int rank = counts[1]++;
            if (slice.contains(ProtocolSlice.ofRank(rank, counts[0]))) kept[size++] = row;
        }
        return new ReplayPlan(table, Arrays.copyOf(kept, size));
    }

    /** Rows sorted by (timestamp, userId, movieId, file row). */
    private static int[] sortedRows(RatingsTable table) {
        int n = table.size();
        // Primitive sort on (timestamp << 32 | row): MovieLens timestamps are seconds (< 2^31).
        long[] keys = new long[n];
        boolean packable = true;
        for (int row = 0; row < n; row++) {
            long ts = table.timestampSeconds(row);
            if (ts >= (1L << 31)) packable = false;
            keys[row] = (ts << 32) | row;
        }
        int[] order = new int[n];
        if (!packable) {
            Integer[] boxed = new Integer[n];
            for (int i = 0; i < n; i++) boxed[i] = i;
            Arrays.sort(boxed, (a, b) -> compare(table, a, b));
            for (int i = 0; i < n; i++) order[i] = boxed[i];
            return order;
        }
        Arrays.sort(keys);
        for (int i = 0; i < n; i++) order[i] = (int) keys[i];
        // Runs of equal timestamps are short: re-sort each run by (userId, movieId, row).
        int start = 0;
        while (start < n) {
            int end = start + 1;
            long ts = table.timestampSeconds(order[start]);
            while (end < n && table.timestampSeconds(order[end]) == ts) end++;
            if (end - start > 1) sortRun(table, order, start, end);
            start = end;
        }
        return order;
    }

    private static void sortRun(RatingsTable table, int[] order, int from, int to) {
        Integer[] run = new Integer[to - from];
        for (int i = from; i < to; i++) run[i - from] = order[i];
        Arrays.sort(run, (a, b) -> compare(table, a, b));
        for (int i = from; i < to; i++) order[i] = run[i - from];
    }

    private static int compare(RatingsTable t, int a, int b) {
        int c = Long.compare(t.timestampSeconds(a), t.timestampSeconds(b));
        if (c != 0) return c;
        c = Integer.compare(t.userId(a), t.userId(b));
        if (c != 0) return c;
        c = Integer.compare(t.movieId(a), t.movieId(b));
        return c != 0 ? c : Integer.compare(a, b);
    }

    /** Number of swipes the replay emits. */
    public int size() {
        return rows.length;
    }

    public int userId(int position) {
        return table.userId(rows[position]);
    }

    public int movieId(int position) {
        return table.movieId(rows[position]);
    }

    public float rating(int position) {
        return table.rating(rows[position]);
    }

    public long timestampSeconds(int position) {
        return table.timestampSeconds(rows[position]);
    }

    /** Event time in epoch milliseconds (MovieLens stores seconds). */
    public long eventTimeMillis(int position) {
        return timestampSeconds(position) * 1000L;
    }

    /**
     * The Swipe at a position, as the source connector emits it (preference and bucket from core
     * Preference, event time in ms); the demo's replay builds its swipes with the same method.
     */
    public Swipe swipe(int position, String sourceName) {
        float rating = rating(position);
        return Swipe.newBuilder()
                .setEventId(eventId(position))
                .setUserId(userId(position))
                .setMovieId(movieId(position))
                .setPreference(Preference.fromRating(rating))
                .setBucket(Preference.bucket(rating))
                .setEventTime(eventTimeMillis(position))
                .setSource(sourceName)
                .build();
    }

    /**
     * The swipe's deterministic id {@code ml:<userId>:<movieId>:<timestamp>}: the same rating
     * replayed twice has the same id, so a consumer can drop duplicates by id.
     */
    public String eventId(int position) {
        return eventId(userId(position), movieId(position), timestampSeconds(position));
    }

    public static String eventId(int userId, int movieId, long timestampSeconds) {
        return "ml:" + userId + ":" + movieId + ":" + timestampSeconds;
    }
}
