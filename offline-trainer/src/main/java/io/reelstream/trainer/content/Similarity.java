package io.reelstream.trainer.content;

/** How two movies' content vectors are compared. */
public enum Similarity {
    /**
     * Cosine of [genre flags, scaled year]:
     * (|Gi ∩ Gj| + yi·yj) / (√(|Gi| + yi²) · √(|Gj| + yj²)).
     */
    COSINE,
    /** Jaccard of the genre sets: |Gi ∩ Gj| / |Gi ∪ Gj| (the year does not enter). */
    JACCARD;

    public static Similarity parse(String text) {
        for (Similarity s : values()) if (s.name().equalsIgnoreCase(text.trim())) return s;
        throw new IllegalArgumentException("unknown similarity '" + text + "'; use cosine or jaccard");
    }
}
