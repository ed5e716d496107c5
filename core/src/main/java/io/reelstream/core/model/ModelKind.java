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
    ITEMITEM;

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
