package io.reelstream.topology.online;

import io.reelstream.schemas.OnlineMetrics;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sums the swipe tasks' cumulative partial counts per scope (key '&lt;scope&gt;#&lt;partition&gt;' on the
 * single-partition partials topic, so one task sees every partial) into the {@code online-metrics}
 * store and publishes each scope's new {@link OnlineMetrics} to the online-metrics topic. Exactly
 * once like everything else: the store's changelog and the output commit with the input offsets.
 */
final class OnlineMetricsAggregator implements Processor<String, byte[], String, OnlineMetrics> {
    private static final Logger log = LoggerFactory.getLogger(OnlineMetricsAggregator.class);
    static final char PARTITION_SEPARATOR = '#';

    private final String storeName;
    private final long windowMs;
    private ProcessorContext<String, OnlineMetrics> context;
    private KeyValueStore<String, byte[]> store;

    OnlineMetricsAggregator(String storeName, long windowMs) {
        this.storeName = storeName;
        this.windowMs = windowMs;
    }

    @Override
    public void init(ProcessorContext<String, OnlineMetrics> context) {
        this.context = context;
        this.store = context.getStateStore(storeName);
    }

    @Override
    public void process(Record<String, byte[]> record) {
        String key = record.key();
        int cut = key == null ? -1 : key.lastIndexOf(PARTITION_SEPARATOR);
        if (cut <= 0 || record.value() == null) {
            log.warn("online-metric partial with key '{}' ignored: not '<scope>#<partition>' with a value", key);
            return;
        }
        String scope = key.substring(0, cut);
        ScopeCounts partial;
        try {
            partial = ScopeCounts.decode(record.value());
        } catch (IllegalArgumentException e) {
            log.warn("online-metric partial {} ignored: {}", key, e.getMessage());
            return;
        }
        byte[] stored = store.get(scope);
        ScopeTotals totals = stored == null ? new ScopeTotals() : ScopeTotals.decode(stored);
        long now = context.currentSystemTimeMs();
        OnlineMetrics metrics = totals.update(scope, partial, now, windowMs);
        store.put(scope, totals.encode());
        context.forward(new Record<>(scope, metrics, now));
    }
}
