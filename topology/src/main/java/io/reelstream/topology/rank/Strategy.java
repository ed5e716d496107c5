package io.reelstream.topology.rank;

import java.util.Locale;

/** Which list a user gets; the wire value is the lower-case name (RecommendationList.strategy). */
public enum Strategy {
    /** No positive swipe yet: the model's popularity order minus what the user has seen. */
    POPULAR,
    /** A few positives: content neighbours of the liked movies. */
    CONTENT,
    /** Enough positives, or a user seeded by the trainer, on an ALS version: xu · yi over the catalogue. */
    VECTOR,
    /** The same point of the ladder on an item-to-item version: the recency-weighted history through the neighbour lists. */
    ITEMITEM,
    /** The same point on a blend version: the item-to-item scores and the decayed fold-in's, blended (core BlendScorer). */
    BLEND;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
