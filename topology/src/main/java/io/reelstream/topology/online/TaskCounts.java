package io.reelstream.topology.online;

import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * One swipe task's cumulative online counts per scope, in the task-local {@code online-counts} store
 * (cached, so a commit writes each changed scope once to the changelog, not once per swipe), and
 * the scopes changed since the last flush. A flush hands every changed scope's cumulative counts to
 * the partials topic; a task that starts (after a crash or a rebalance) flushes every scope it holds
 * once, so the aggregator never keeps a value older than what the task committed.
 */
public final class TaskCounts {
    private final KeyValueStore<String, byte[]> store;
    private final int partition;
    private final Set<String> dirty = new LinkedHashSet<>();

    public TaskCounts(KeyValueStore<String, byte[]> store, int partition) {
        this.store = store;
        this.partition = partition;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                if (kv.key != null) dirty.add(kv.key);
            }
        }
    }

    /** Counts one judged swipe in its scope; {@code modelVersion} is the version the scope served ("" if unknown). */
    public void count(SwipeJudgement j, String modelVersion) {
        byte[] stored = store.get(j.scope());
        ScopeCounts c = stored == null ? new ScopeCounts(partition, modelVersion, new ArmTally())
                : ScopeCounts.decode(stored);
        c.tally().add(j.newUser(), j.positive(), j.shown());
        String version = modelVersion.isEmpty() ? c.modelVersion() : modelVersion;
        store.put(j.scope(), new ScopeCounts(partition, version, c.tally()).encode());
        dirty.add(j.scope());
    }

    /** Hands each changed scope's counts to {@code out} as ('&lt;scope&gt;#&lt;partition&gt;', bytes) and forgets the changes. */
    public void flush(BiConsumer<String, byte[]> out) {
        for (String scope : dirty) {
            byte[] value = store.get(scope);
            if (value != null) out.accept(scope + OnlineMetricsAggregator.PARTITION_SEPARATOR + partition, value);
        }
        dirty.clear();
    }

    public int pending() {
        return dirty.size();
    }
}
