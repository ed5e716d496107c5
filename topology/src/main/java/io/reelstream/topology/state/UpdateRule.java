package io.reelstream.topology.state;

import io.reelstream.topology.model.ModelSnapshot;

/**
 * How a swipe moves a user's vector. Chosen by config {@code update.rule}: {@link GradientRule}
 * (cheap, online, forgets slowly) or {@link FoldInRule} (the exact implicit-ALS solve, the same
 * equation the trainer uses, so a streamed user matches a batch-trained one) or {@link StaticRule}
 * (the vector never moves: the replay evaluation's baseline).
 */
public interface UpdateRule {
    /**
     * The vector after one swipe; {@code state}'s history already holds the swipe and its vector
     * lives in {@code model}'s version (or is null for a user without one).
     *
     * @param movieRow row of the swiped movie in {@code model}
     */
    float[] afterSwipe(UserState state, ModelSnapshot model, int movieRow, int preference);

    /**
     * The vector from the history alone against {@code model}: used when the user's vector lives in
     * an older model version (a new version never mixes with the old) and to merge a trainer seed.
     * Returns null when no history movie is in the model.
     */
    float[] rebuild(UserState state, ModelSnapshot model);

    /**
     * False for a rule that never derives a vector from swipes ({@link StaticRule}): a trainer seed's
     * vector is then kept as trained instead of re-solved over the merged history.
     */
    default boolean movesVector() {
        return true;
    }
}
