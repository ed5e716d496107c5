package io.reelstream.core.als;

/**
 * A fitted implicit-ALS model: user factors X (users × k) and item factors Y (items × k), both
 * row-major float32 with rows at the dense indices of the {@link Interactions} it was fitted on.
 * The score of item i for user u is xu · yi.
 */
public record AlsModel(int users, int items, int k, float[] userFactors, float[] itemFactors) {
    public AlsModel {
        if (userFactors.length != (long) users * k || itemFactors.length != (long) items * k) {
            throw new IllegalArgumentException("factor arrays do not match " + users + " users, " + items
                    + " items, k " + k + ": got " + userFactors.length + " and " + itemFactors.length + " floats");
        }
    }

    /** Offset of user u's row in {@link #userFactors()}. */
    public int userOffset(int u) {
        return u * k;
    }

    /** Offset of item i's row in {@link #itemFactors()}. */
    public int itemOffset(int i) {
        return i * k;
    }
}
