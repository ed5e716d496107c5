package io.reelstream.trainer.publish;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

/**
 * The keys a compacted topic holds now: every key whose latest record is not a tombstone. Read
 * from the beginning to the end offsets taken at the start, without a consumer group. Publish
 * tombstones the keys an older model left that the new one does not have, so the topic converges
 * to exactly the new model's users, and the versions beyond the newest few of a deployment without
 * the model registry.
 */
final class LiveKeys {
    private LiveKeys() {}

    /** @param stallTimeout give up when no record arrives for this long while the end is not reached */
    static <K> Set<K> read(String bootstrapServers, String topic, Deserializer<K> keys, Duration stallTimeout)
            throws PublishException {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "reelstream-publish-keys");
        props.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) stallTimeout.toMillis());
        Set<K> live = new HashSet<>();
        try (KafkaConsumer<K, byte[]> consumer = new KafkaConsumer<>(props, keys, new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, stallTimeout).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, stallTimeout);
            long lastProgress = System.nanoTime();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                var batch = consumer.poll(Duration.ofMillis(200));
                if (!batch.isEmpty()) lastProgress = System.nanoTime();
                for (ConsumerRecord<K, byte[]> r : batch) {
                    if (r.key() == null) continue;
                    if (r.value() == null) live.remove(r.key());
                    else live.add(r.key());
                }
                if (System.nanoTime() - lastProgress > stallTimeout.toNanos()) {
                    throw new PublishException("reading the keys of " + topic + " from " + bootstrapServers
                            + " stalled for " + stallTimeout.toSeconds() + " s; check the broker, or publish with --no-prune");
                }
            }
        }
        return live;
    }
}
