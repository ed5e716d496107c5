package io.reelstream.connectors.testing;

import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;

import java.util.ArrayList;
import java.util.List;

/** RecommendationList values for tests. */
public final class Recommendations {
    private Recommendations() {}

    /** A list for {@code userId} made at {@code generatedAt} whose movies encode both, so rows are told apart. */
    public static RecommendationList list(int userId, long generatedAt, String modelVersion) {
        List<RankedMovie> items = new ArrayList<>();
        for (int rank = 0; rank < 3; rank++) {
            items.add(RankedMovie.newBuilder()
                    .setMovieId((int) (userId * 1000 + generatedAt % 1000) * 10 + rank)
                    .setScore(1.0 - rank * 0.25)
                    .setReason(rank == 0 ? "similar to \"Heat\" (1995)" : "popular")
                    .build());
        }
        return RecommendationList.newBuilder()
                .setUserId(userId)
                .setModelVersion(modelVersion)
                .setStrategy("vector")
                .setItems(items)
                .setCauseEventId("ml:" + userId + ":1:" + generatedAt)
                .setGeneratedAt(generatedAt)
                .build();
    }
}
