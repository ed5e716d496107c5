package io.reelstream.topology.process;

import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.topology.model.Serving;
import io.reelstream.topology.rank.RankedList;

import java.util.ArrayList;
import java.util.List;

/** Converts computed lists into their Avro wire records. */
public final class Records {
    private Records() {}

    /** The list with the version, kind and (if the user is in an experiment) arm it was scored under. */
    public static RecommendationList toAvro(RankedList list, Serving.Assignment assignment, String causeEventId,
                                            long generatedAt) {
        List<RankedMovie> items = new ArrayList<>(list.items().size());
        for (RankedList.Entry e : list.items()) {
            // the all-fields constructor: a builder per entry allocates and checks a field array each time
            items.add(new RankedMovie(e.movieId(), (double) e.score(), e.reason()));
        }
        return RecommendationList.newBuilder()
                .setUserId(list.userId())
                .setModelVersion(list.modelVersion())
                .setStrategy(list.strategy().wireName())
                .setItems(items)
                .setCauseEventId(causeEventId == null ? "" : causeEventId)
                .setGeneratedAt(generatedAt)
                .setModelKind(list.modelKind().wireName())
                .setExperimentId(assignment == null ? null : assignment.experimentId())
                .setArm(assignment == null ? null : assignment.arm())
                .build();
    }
}
