package io.reelstream.topology.online;

import io.reelstream.schemas.OnlineMetrics;
import org.apache.kafka.streams.processor.api.Processor;

/** Factory of the online-metrics aggregator; the processor itself stays package-private. */
public final class OnlineParts {
    private OnlineParts() {}

    public static Processor<String, byte[], String, OnlineMetrics> aggregator(String store, long windowMs) {
        return new OnlineMetricsAggregator(store, windowMs);
    }
}
