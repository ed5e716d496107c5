package io.reelstream.topology.online;

import io.reelstream.topology.state.UserState;

/**
 * How a swipe judges the list the user was shown just before it: the scope that list was served
 * under, whether the swiped movie was in it, whether the swipe is positive, and whether this is
 * the user's first counted swipe in that scope. Pure; computed before the swipe changes the state.
 */
public record SwipeJudgement(String scope, boolean newUser, boolean positive, boolean shown) {

    /**
     * The judgement of a swipe on {@code movieId} with {@code preference} by a user in {@code state},
     * or null when no list was shown yet (the first swipe judges nothing). Marks the user counted in
     * the scope. O(list length).
     */
    public static SwipeJudgement judge(UserState state, int movieId, int preference) {
        String scope = state.lastShownScope();
        if (scope == null) return null;
        boolean shown = false;
        for (int m : state.lastShown()) {
            if (m == movieId) {
                shown = true;
                break;
            }
        }
        return new SwipeJudgement(scope, state.countInScope(scope), preference > 0, shown);
    }
}
