package io.reelstream.trainer.publish;

import io.reelstream.schemas.HistoryEntry;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The fitted interactions of a run ({@code interactions.tsv}: userId, movieId, preference,
 * timestamp), grouped by user in primitive arrays: O(n) memory of 13 bytes per row, no object per
 * row until a user's history is asked for.
 *
 * <p>Timestamps: MovieLens stores epoch seconds; {@link HistoryEntry#getEventTime()} is epoch
 * milliseconds. A value below {@link #SECONDS_LIMIT} (year 5138 in seconds, 1973 in milliseconds)
 * is taken as seconds and multiplied by 1000.
 */
final class FittedHistory {
    static final long SECONDS_LIMIT = 100_000_000_000L;

    private final Map<Integer, int[]> rangeByUser; // userId → {start, end} into the arrays below
    private final int[] movieIds;
    private final byte[] preferences;
    private final long[] eventTimes;

    private FittedHistory(Map<Integer, int[]> rangeByUser, int[] movieIds, byte[] preferences, long[] eventTimes) {
        this.rangeByUser = rangeByUser;
        this.movieIds = movieIds;
        this.preferences = preferences;
        this.eventTimes = eventTimes;
    }

    static FittedHistory empty() {
        return new FittedHistory(Map.of(), new int[0], new byte[0], new long[0]);
    }

    static FittedHistory read(Path file) throws PublishException {
        Rows rows = new Rows();
        TsvFile.forEachRow(file, 4, (f, line) -> {
            int user = TsvFile.parseInt(f[0], file, line, "userId");
            int movie = TsvFile.parseInt(f[1], file, line, "movieId");
            int preference = TsvFile.parseInt(f[2], file, line, "preference");
            if (preference != -2 && preference != -1 && preference != 1 && preference != 2) {
                throw new PublishException(file + ":" + line + ": preference must be -2, -1, +1 or +2, got " + preference);
            }
            long time = TsvFile.parseLong(f[3], file, line, "timestamp");
            rows.add(user, movie, (byte) preference, time < SECONDS_LIMIT ? time * 1000 : time);
        });
        return rows.groupByUser();
    }

    /** The user's fitted interactions, oldest first (ties by movieId); empty if the user has none. */
    List<HistoryEntry> history(int userId) {
        int[] range = rangeByUser.get(userId);
        if (range == null) return List.of();
        List<HistoryEntry> out = new ArrayList<>(range[1] - range[0]);
        for (int j = range[0]; j < range[1]; j++) {
            out.add(new HistoryEntry(movieIds[j], (int) preferences[j], eventTimes[j]));
        }
        out.sort(Comparator.comparingLong(HistoryEntry::getEventTime).thenComparingInt(HistoryEntry::getMovieId));
        return out;
    }

    int users() {
        return rangeByUser.size();
    }

    int rows() {
        return movieIds.length;
    }

    /** Growable columns, then a counting sort by user: O(n + users). */
    private static final class Rows {
        int size;
        int[] users = new int[1024];
        int[] movies = new int[1024];
        byte[] prefs = new byte[1024];
        long[] times = new long[1024];

        void add(int user, int movie, byte pref, long time) {
            if (size == users.length) {
                int capacity = Math.multiplyExact(users.length, 2);
                users = Arrays.copyOf(users, capacity);
                movies = Arrays.copyOf(movies, capacity);
                prefs = Arrays.copyOf(prefs, capacity);
                times = Arrays.copyOf(times, capacity);
            }
            users[size] = user;
            movies[size] = movie;
            prefs[size] = pref;
            times[size] = time;
            size++;
        }

        FittedHistory groupByUser() {
            Map<Integer, int[]> range = new HashMap<>();
            for (int i = 0; i < size; i++) range.computeIfAbsent(users[i], u -> new int[2])[1]++;
            int start = 0;
            for (int[] r : range.values()) { // r = {start, count} → {start, cursor}
                int count = r[1];
                r[0] = start;
                r[1] = start;
                start += count;
            }
            int[] m = new int[size];
            byte[] p = new byte[size];
            long[] t = new long[size];
            for (int i = 0; i < size; i++) {
                int j = range.get(users[i])[1]++;
                m[j] = movies[i];
                p[j] = prefs[i];
                t[j] = times[i];
            }
            return new FittedHistory(range, m, p, t); // each r is now {start, end}
        }
    }
}
