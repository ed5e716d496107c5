package io.reelstream.topology.process;

import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.UserSeed;
import io.reelstream.topology.engine.RecommendationEngine;
import io.reelstream.topology.metrics.StreamMetrics;
import io.reelstream.topology.model.ModelLoader;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;

/** Factories of the topology's processors; the processors themselves stay package-private. */
public final class TopologyParts {
    private TopologyParts() {}

    public static Processor<Integer, byte[], Void, Void> itemEmbeddingsUpdater(String store, ModelLoader loader) {
        return new ItemEmbeddingsProcessor(store, loader);
    }

    public static Processor<byte[], byte[], Object, Object> swipeProcessor(String userStore, String itemStore,
            String recommendationsSink, String deadLetterSink, Deserializer<Swipe> swipes, ModelLoader loader,
            RecommendationEngine engine, StreamMetrics metrics, int listSize) {
        return new SwipeProcessor(new SwipeProcessor.Names(userStore, itemStore, recommendationsSink, deadLetterSink),
                new SwipeValidator(swipes), loader, engine, metrics, listSize);
    }

    public static Processor<byte[], byte[], Object, Object> userSeedProcessor(String userStore, String deadLetterSink,
            Deserializer<UserSeed> seeds, ModelLoader loader, RecommendationEngine engine, StreamMetrics metrics) {
        return new UserSeedProcessor(userStore, deadLetterSink, seeds, loader, engine, metrics);
    }
}
