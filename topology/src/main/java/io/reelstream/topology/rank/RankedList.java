package io.reelstream.topology.rank;

import java.util.List;

/** A user's top-N as computed, before it becomes a RecommendationList record or a REST bean. */
public record RankedList(int userId, String modelVersion, Strategy strategy, List<Entry> items) {
    /** One recommended movie; reason says why in a few words. */
    public record Entry(int movieId, double score, String reason) {
    }
}
