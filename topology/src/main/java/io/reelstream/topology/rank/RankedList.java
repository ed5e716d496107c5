package io.reelstream.topology.rank;

import io.reelstream.core.model.ModelKind;

import java.util.List;

/** A user's top-N as computed, before it becomes a RecommendationList record or a REST bean. */
public record RankedList(int userId, String modelVersion, ModelKind modelKind, Strategy strategy, List<Entry> items) {
    /** The movieIds, best first. */
    public int[] movieIds() {
        int[] out = new int[items.size()];
        for (int i = 0; i < out.length; i++) out[i] = items.get(i).movieId();
        return out;
    }

    /** One recommended movie; reason says why in a few words. */
    public record Entry(int movieId, double score, String reason) {
    }
}
