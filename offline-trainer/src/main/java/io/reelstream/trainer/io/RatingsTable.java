package io.reelstream.trainer.io;

import java.util.Arrays;
import java.util.BitSet;

/**
 * Ratings as primitive columns that grow by doubling: 24 bytes a row (user, movie, rating,
 * timestamp, source line), so ML-32M's 32 million rows take ~0.8 GB and no String per row is kept.
 * Row order is file order.
 */
public final class RatingsTable {
    private static final int INITIAL_CAPACITY = 1 << 12;

    private int size;
    private int[] users;
    private int[] movies;
    private float[] ratings;
    private long[] timestamps;
    private int[] lines;

    public RatingsTable() {
        this(INITIAL_CAPACITY);
    }

    public RatingsTable(int capacity) {
        int c = Math.max(16, capacity);
        users = new int[c];
        movies = new int[c];
        ratings = new float[c];
        timestamps = new long[c];
        lines = new int[c];
    }

    public void add(int user, int movie, float rating, long timestamp, long line) {
        if (size == users.length) grow();
        users[size] = user;
        movies[size] = movie;
        ratings[size] = rating;
        timestamps[size] = timestamp;
        lines[size] = (int) Math.min(Integer.MAX_VALUE, line);
        size++;
    }

    public int size() { return size; }
    public int user(int row) { return users[row]; }
    public int movie(int row) { return movies[row]; }
    public float rating(int row) { return ratings[row]; }
    public long timestamp(int row) { return timestamps[row]; }
    /** 1-based line of the row in its source file (for Parquet: 1-based row number in the file). */
    public int line(int row) { return lines[row]; }

    /** Keeps only the rows whose bit is set, in order; returns this table. */
    public RatingsTable retain(BitSet keep) {
        int out = 0;
        for (int row = keep.nextSetBit(0); row >= 0 && row < size; row = keep.nextSetBit(row + 1)) {
            users[out] = users[row];
            movies[out] = movies[row];
            ratings[out] = ratings[row];
            timestamps[out] = timestamps[row];
            lines[out] = lines[row];
            out++;
        }
        size = out;
        return this;
    }

    /** Largest user id, or -1 when empty. */
    public int maxUser() {
        int max = -1;
        for (int i = 0; i < size; i++) max = Math.max(max, users[i]);
        return max;
    }

    public int maxMovie() {
        int max = -1;
        for (int i = 0; i < size; i++) max = Math.max(max, movies[i]);
        return max;
    }

    private void grow() {
        int c = Math.toIntExact(Math.min((long) Integer.MAX_VALUE - 8, users.length * 2L));
        if (c <= users.length) throw new IllegalStateException("ratings table is full at " + size + " rows");
        users = Arrays.copyOf(users, c);
        movies = Arrays.copyOf(movies, c);
        ratings = Arrays.copyOf(ratings, c);
        timestamps = Arrays.copyOf(timestamps, c);
        lines = Arrays.copyOf(lines, c);
    }
}
