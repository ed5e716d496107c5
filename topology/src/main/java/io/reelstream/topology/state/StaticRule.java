package io.reelstream.topology.state;

import io.reelstream.topology.model.ModelSnapshot;

/**
 * The baseline of the replay evaluation ("static vectors"): a swipe never moves the vector.
 * <pre>
 *   u' = u                         a trainer-seeded user keeps the trained vector
 *   u' = none                      a user without a vector stays on the cold-start ladder
 * </pre>
 * The history still records every swipe, so the seen filter and the counters are the same as
 * under the other rules; only the vector is frozen. {@link #rebuild} returns null: a vector is never
 * made from the history, so a new model version drops the old vector (it does not live there)
 * until the trainer seeds the user again in that version. O(1) per swipe.
 */
public final class StaticRule implements UpdateRule {
    @Override
    public float[] afterSwipe(UserState state, ModelSnapshot model, int movieRow, int preference) {
        return state.vector();
    }

    @Override
    public float[] rebuild(UserState state, ModelSnapshot model) {
        return null;
    }

    /** The trained vector is kept even when a seed does not cover the streamed history. */
    @Override
    public boolean movesVector() {
        return false;
    }
}
