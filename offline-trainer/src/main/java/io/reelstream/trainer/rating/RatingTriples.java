package io.reelstream.trainer.rating;

/**
 * Explicit ratings as parallel arrays over dense indices: entry j is user[j] rating item[j] with
 * value[j] (stars). A user or item index of -1 means "not in the fitted data" (scored slices only).
 */
public record RatingTriples(int users, int items, int[] user, int[] item, float[] value) {
    public RatingTriples {
        if (user.length != item.length || user.length != value.length) {
            throw new IllegalArgumentException("rating arrays differ in length: " + user.length + ", " + item.length
                    + ", " + value.length);
        }
    }

    public int size() {
        return value.length;
    }

    /** Mean rating μ, 0 when empty. */
    public double mean() {
        double sum = 0;
        for (float v : value) sum += v;
        return value.length == 0 ? 0 : sum / value.length;
    }

    /** Entries grouped by user (byUser = true) or by item: offsets[g]..offsets[g+1] index into the returned order. */
    Groups group(boolean byUser) {
        int n = byUser ? users : items;
        int[] key = byUser ? user : item;
        int[] offsets = new int[n + 1];
        for (int k : key) offsets[k + 1]++;
        for (int g = 0; g < n; g++) offsets[g + 1] += offsets[g];
        int[] order = new int[key.length];
        int[] next = offsets.clone();
        for (int j = 0; j < key.length; j++) order[next[key[j]]++] = j; // stable: entries keep file order
        return new Groups(offsets, order);
    }

    record Groups(int[] offsets, int[] order) {}
}
