package io.reelstream.core.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * Which model scores a version's lists; the wire value (marker kind, registry entry, list's
 * modelKind, config) is the lower-case name. Every kind is versioned, published, registered and
 * served alike (ARCHITECTURE.md).
 */
public enum ModelKind {
    /** Implicit ALS: the user's vector (fold-in over the history) against the item factors. */
    ALS,
    /** Item-to-item: the recency-weighted history through the neighbour lists (core.itemitem). */
    ITEMITEM,
    /**
     * Both, blended per user by core blend.BlendScorer: a version carries the item factors and the
     * neighbour lists, and the blend weight β in its settings.
     */
    BLEND;

    /** Whether lists of this kind score the user's vector against the item factors (ALS and the blend). */
    public boolean usesVector() {
        return this != ITEMITEM;
    }

    /** Whether a version of this kind needs its item-to-item neighbour lists (item-to-item and the blend). */
    public boolean usesNeighbours() {
        return this != ALS;
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * @throws IllegalArgumentException naming the choices
     */
    public static ModelKind parse(String s) {
        for (ModelKind k : values()) if (k.wireName().equalsIgnoreCase(s == null ? "" : s.trim())) return k;
        throw new IllegalArgumentException("model kind '" + s + "' is not one of "
                + String.join(", ", Arrays.stream(values()).map(ModelKind::wireName).toList()));
    }
}
