package io.reelstream.core.itemitem;

/**
 * The value x(p) a swipe of preference p puts in the item-to-item model's user row: the entries of
 * X in EASE's XᵀX when training, and the weight of a history item when scoring. Likes pull their
 * neighbours up; dislikes, given a negative weight, push theirs down (0 ignores them).
 *
 * <pre>
 *   p = +2 superlike → superlike,  +1 like → like,  −1 dislike → dislike,  −2 strong no → strongNo
 * </pre>
 */
public record PreferenceWeights(float superlike, float like, float dislike, float strongNo) {

    public PreferenceWeights {
        for (float w : new float[] {superlike, like, dislike, strongNo}) {
            if (!Float.isFinite(w)) throw new IllegalArgumentException("preference weights must be finite, got " + w);
        }
        if (!(like > 0 && superlike > 0)) {
            throw new IllegalArgumentException("like and superlike weights must be > 0, got like " + like
                    + ", superlike " + superlike);
        }
    }

    /** Likes and superlikes 1, dislikes and strong noes {@code dislike} (≤ 0). */
    public static PreferenceWeights of(float dislike) {
        return new PreferenceWeights(1f, 1f, dislike, dislike);
    }

    /** x(p) for p ∈ {−2, −1, +1, +2}. */
    public float of(int preference) {
        return switch (preference) {
            case 2 -> superlike;
            case 1 -> like;
            case -1 -> dislike;
            case -2 -> strongNo;
            default -> throw new IllegalArgumentException("preference must be one of -2, -1, +1, +2, got " + preference);
        };
    }
}
