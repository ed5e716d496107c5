package io.reelstream.connectors.source;

import java.util.Arrays;

/**
 * All ratings of one file in column arrays (17 bytes a rating: ml-25m fits in ~430 MB), in file order.
 * Timestamps are MovieLens seconds since the epoch.
 */
public final class RatingsTable {
    private int size;
    private int[] userIds;
    private int[] movieIds;
    private float[] ratings;
    private long[] timestamps;

    public RatingsTable(int initialCapacity) {
        int capacity = Math.max(16, initialCapacity);
        userIds = new int[capacity];
        movieIds = new int[capacity];
        ratings = new float[capacity];
        timestamps = new long[capacity];
    }

    public void add(int userId, int movieId, float rating, long timestampSeconds) {
        if (size == userIds.length) grow();
        userIds[size] = userId;
        movieIds[size] = movieId;
        ratings[size] = rating;
        timestamps[size] = timestampSeconds;
        size++;
    }

    private void grow() {
        int capacity = userIds.length + (userIds.length >> 1);
        userIds = Arrays.copyOf(userIds, capacity);
        movieIds = Arrays.copyOf(movieIds, capacity);
        ratings = Arrays.copyOf(ratings, capacity);
        timestamps = Arrays.copyOf(timestamps, capacity);
    }

    public int size() {
        return size;
    }

    public int userId(int row) {
        return userIds[row];
    }

    public int movieId(int row) {
        return movieIds[row];
    }

    public float rating(int row) {
        return ratings[row];
    }

    public long timestampSeconds(int row) {
        return timestamps[row];
    }
}
