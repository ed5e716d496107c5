package io.reelstream.topology.rank;

import io.reelstream.topology.state.UserState;

/**
 * The cold-start ladder, counted in positive swipes (like or superlike; a changed mind counts its
 * latest preference):
 * <pre>
 *   positives <  contentMinPositives (default 3)          → popular
 *   positives <  vectorMinPositives  (default 5)          → content  (neighbours of liked movies)
 *   positives >= vectorMinPositives, or seeded by trainer → vector   (xu · yi)
 * </pre>
 * A trained user seeded from {@code user-seeds} is warm from the first swipe. Three positives are
 * the fewest that give content neighbours a consensus; five give the fold-in's 64-dim solve enough
 * signal that xu beats content neighbours (below that λ dominates and xu ≈ a blend of few items).
 */
public final class ColdStartPolicy {
    private final int contentMinPositives;
    private final int vectorMinPositives;

    public ColdStartPolicy(int contentMinPositives, int vectorMinPositives) {
        if (contentMinPositives < 0 || vectorMinPositives < contentMinPositives) {
            throw new IllegalArgumentException("cold-start thresholds need 0 <= content (" + contentMinPositives
                    + ") <= vector (" + vectorMinPositives + ")");
        }
        this.contentMinPositives = contentMinPositives;
        this.vectorMinPositives = vectorMinPositives;
    }

    /** @param hasVector whether the user has a usable vector in the current model version */
    public Strategy choose(UserState state, boolean hasVector) {
        int positives = state == null ? 0 : state.positiveCount();
        if (hasVector && state != null && (state.seeded() || positives >= vectorMinPositives)) return Strategy.VECTOR;
        if (state != null && positives >= contentMinPositives && positives > 0) return Strategy.CONTENT;
        return Strategy.POPULAR;
    }
}
