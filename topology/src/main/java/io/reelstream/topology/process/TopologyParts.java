package io.reelstream.topology.process;

import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.UserSeed;
import io.reelstream.topology.engine.RecommendationEngine;
import io.reelstream.topology.metrics.StreamMetrics;
import io.reelstream.topology.model.ModelLoader;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;

import java.time.Duration;

/** Factories of the topology's processors; the processors themselves stay package-private. */
public final class TopologyParts {
    private TopologyParts() {}

    public static Processor<String, byte[], Void, Void> modelTopicUpdater(String store, ModelLoader.StoreKind kind,
                                                                          ModelLoader loader) {
        return new ModelTopicProcessor(store, kind, loader);
    }

    public static Processor<byte[], byte[], Object, Object> swipeProcessor(String userStore, String countsStore,
            String recommendationsSink, String deadLetterSink, String partialsSink, Deserializer<Swipe> swipes,
            ModelLoader loader, RecommendationEngine engine, StreamMetrics metrics, int listSize, Duration flushInterval) {
        return new SwipeProcessor(new SwipeProcessor.Names(userStore, countsStore, recommendationsSink, deadLetterSink,
                partialsSink), new SwipeValidator(swipes), loader, engine, metrics, listSize, flushInterval);
    }

    public static Processor<byte[], byte[], Object, Object> userSeedProcessor(String userStore, String deadLetterSink,
            Deserializer<UserSeed> seeds, ModelLoader loader, RecommendationEngine engine, StreamMetrics metrics) {
        return new UserSeedProcessor(userStore, deadLetterSink, seeds, loader, engine, metrics);
    }
}
