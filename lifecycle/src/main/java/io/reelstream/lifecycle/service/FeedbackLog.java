package io.reelstream.lifecycle.service;

import io.reelstream.lifecycle.drift.PreferenceMix;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The swipes read since the last retrain, in read order: what the next retrain adds to the training
 * data, what the feedback-count trigger counts, and what the drift readings compare with the
 * training data (preference counts and swipes per movie, kept as rows arrive). Pure and in memory:
 * the swipes topic itself is the durable copy (the service commits its offsets only once a retrain
 * used them). O(1) per swipe; 21 bytes per row.
 */
public final class FeedbackLog {
    /** One swipe as the trainer will see it. */
    public record Row(int userId, int movieId, int preference, long eventTimeMs) {}

    private int[] users = new int[1024];
    private int[] movies = new int[1024];
    private byte[] preferences = new byte[1024];
    private long[] times = new long[1024];
    private int size;
    private long count;
    private final boolean keepRows;
    private final long[] mix = new long[PreferenceMix.BUCKETS];
    private final Map<Integer, Long> perMovie = new HashMap<>();

    /** A log that keeps the rows for a retrain. */
    public FeedbackLog() {
        this(true);
    }

    /** @param keepRows false: counts only (no retrain will read the rows, e.g. retraining is off), O(movies) memory */
    public FeedbackLog(boolean keepRows) {
        this.keepRows = keepRows;
    }

    /** Adds one swipe; the preference must be −2, −1, +1 or +2 (PreferenceMix rejects others). */
    public void add(int userId, int movieId, int preference, long eventTimeMs) {
        mix[PreferenceMix.bin(preference)]++;
        count++;
        perMovie.merge(movieId, 1L, Long::sum);
        if (!keepRows) return;
        if (size == users.length) grow();
        users[size] = userId;
        movies[size] = movieId;
        preferences[size] = (byte) preference;
        times[size] = eventTimeMs;
        size++;
    }

    /** Rows kept (0 without keepRows). */
    public int size() {
        return size;
    }

    /** Swipes added since the last {@link #dropFirst}: the feedback count. */
    public long count() {
        return count;
    }

    public Row row(int i) {
        if (i < 0 || i >= size) throw new IndexOutOfBoundsException("row " + i + " of " + size);
        return new Row(users[i], movies[i], preferences[i], times[i]);
    }

    /** The first {@code n} rows (a retrain's share), copied. */
    public List<Row> first(int n) {
        if (n < 0 || n > size) throw new IndexOutOfBoundsException(n + " rows of " + size);
        Row[] rows = new Row[n];
        for (int i = 0; i < n; i++) rows[i] = row(i);
        return List.of(rows);
    }

    /** Forgets the first {@code n} rows (a retrain used them); the counts are rebuilt from the rest. O(size). */
    public void dropFirst(int n) {
        if (n < 0 || n > size) throw new IndexOutOfBoundsException(n + " rows of " + size);
        int rest = size - n;
        System.arraycopy(users, n, users, 0, rest);
        System.arraycopy(movies, n, movies, 0, rest);
        System.arraycopy(preferences, n, preferences, 0, rest);
        System.arraycopy(times, n, times, 0, rest);
        size = rest;
        count = rest;
        Arrays.fill(mix, 0);
        perMovie.clear();
        for (int i = 0; i < size; i++) {
            mix[PreferenceMix.bin(preferences[i])]++;
            perMovie.merge(movies[i], 1L, Long::sum);
        }
    }

    /** Swipes per preference bin (−2, −1, +1, +2). */
    public long[] preferenceCounts() {
        return mix.clone();
    }

    /** Swipes per movie. */
    public Map<Integer, Long> perMovie() {
        return Map.copyOf(perMovie);
    }

    private void grow() {
        int n = users.length * 2;
        users = Arrays.copyOf(users, n);
        movies = Arrays.copyOf(movies, n);
        preferences = Arrays.copyOf(preferences, n);
        times = Arrays.copyOf(times, n);
    }
}
