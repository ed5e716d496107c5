package io.reelstream.demo.stack;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A consumer group's lag on one topic: Σ over partitions of (last stable offset − committed offset),
 * read_committed, so open transactions do not count as lag. Used to wait until the topology has
 * applied every user seed before the replay starts.
 */
public final class GroupLag {
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private GroupLag() {}

    /** Current lag of {@code groupId} on {@code topic}; a partition never committed counts whole. */
    public static long lag(Admin admin, String groupId, String topic) throws InterruptedException {
        try {
            var description = admin.describeTopics(java.util.List.of(topic)).allTopicNames()
                    .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions().forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                    .get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(groupId)
                    .partitionsToOffsetAndMetadata().get(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            long lag = 0;
            for (var e : ends.entrySet()) {
                OffsetAndMetadata c = committed.get(e.getKey());
                long end = e.getValue().offset();
                lag += Math.max(0, end - (c == null ? 0 : c.offset()));
            }
            return lag;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read the lag of group " + groupId + " on " + topic + ": " + e, e);
        }
    }

    /** Waits (polling every 200 ms) until the lag is 0; returns the last lag seen (0 = caught up). */
    public static long awaitCaughtUp(Admin admin, String groupId, String topic, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        long lag = lag(admin, groupId, topic);
        while (lag > 0 && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(200);
            lag = lag(admin, groupId, topic);
        }
        return lag;
    }
}
