package io.reelstream.connectors.sink;

import io.reelstream.schemas.RecommendationList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reduces one put() batch to one list per user: the one with the largest generatedAt, and of equal
 * generatedAt the later in the batch (the same rule the upsert's WHERE applies across batches).
 * Fewer rows to write, and a batch never upserts the same key twice.
 */
final class LatestPerUser {
    private final Map<Integer, RecommendationList> latest = new LinkedHashMap<>();

    void offer(RecommendationList list) {
        latest.merge(list.getUserId(), list,
                (kept, offered) -> offered.getGeneratedAt() >= kept.getGeneratedAt() ? offered : kept);
    }

    List<RecommendationList> lists() {
        return new ArrayList<>(latest.values());
    }

    int size() {
        return latest.size();
    }
}
