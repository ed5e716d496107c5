package io.reelstream.topology.process;

import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.topology.rank.RankedList;

import java.util.ArrayList;
import java.util.List;

/** Converts computed lists into their Avro wire records. */
public final class Records {
    private Records() {}

    public static RecommendationList toAvro(RankedList list, String causeEventId, long generatedAt) {
        List<RankedMovie> items = new ArrayList<>(list.items().size());
        for (RankedList.Entry e : list.items()) {
            items.add(RankedMovie.newBuilder().setMovieId(e.movieId()).setScore(e.score()).setReason(e.reason()).build());
        }
        return RecommendationList.newBuilder()
                .setUserId(list.userId())
                .setModelVersion(list.modelVersion())
                .setStrategy(list.strategy().wireName())
                .setItems(items)
                .setCauseEventId(causeEventId == null ? "" : causeEventId)
                .setGeneratedAt(generatedAt)
                .build();
    }
}
