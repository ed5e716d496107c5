package io.reelstream.lifecycle.experiment;

import io.reelstream.core.experiment.ArmAssignment;
import io.reelstream.schemas.OnlineMetrics;
import io.reelstream.schemas.registry.RegistryException;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The per-arm online counts of an experiment as the topology last wrote them on the compacted
 * online-metrics topic (scopes {@code exp/<id>/control} and {@code exp/<id>/treatment}). Raw counts
 * only; the statistics (lift, intervals, p-values) come from the lifecycle's statistics package.
 */
public final class ArmMetrics {
    private static final Logger log = LoggerFactory.getLogger(ArmMetrics.class);

    private ArmMetrics() {}

    /** The scope key of an arm: {@code exp/<experimentId>/<arm>}. */
    public static String scope(String experimentId, String arm) {
        return "exp/" + experimentId + "/" + arm;
    }

    /**
     * arm ({@link ArmAssignment#CONTROL}, {@link ArmAssignment#TREATMENT}) → latest OnlineMetrics;
     * an arm with no record yet is absent. A missing topic reads as no records.
     */
    public static Map<String, OnlineMetrics> read(String bootstrapServers, String topic, String experimentId, Duration timeout) {
        Map<String, String> armByScope = new LinkedHashMap<>();
        for (String arm : List.of(ArmAssignment.CONTROL, ArmAssignment.TREATMENT)) armByScope.put(scope(experimentId, arm), arm);
        Map<String, OnlineMetrics> out = new LinkedHashMap<>();
        Deserializer<OnlineMetrics> values = AvroSerdes.serde(OnlineMetrics.class).deserializer();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "reelstream-arm-metrics-reader");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) return out;
            List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            long deadline = System.nanoTime() + timeout.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    String arm = r.key() == null ? null : armByScope.get(r.key());
                    if (arm == null) continue;
                    if (r.value() == null) {
                        out.remove(arm);
                        continue;
                    }
                    try {
                        out.put(arm, values.deserialize(topic, r.value()));
                    } catch (SerializationException e) {
                        log.warn("skipping malformed online-metrics record {}[{}]@{} key '{}': {}", r.topic(), r.partition(),
                                r.offset(), r.key(), e.getMessage());
                    }
                }
                if (System.nanoTime() > deadline) {
                    throw new RegistryException("reading " + topic + " to its end took longer than " + timeout);
                }
            }
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw new RegistryException("cannot reach Kafka at " + bootstrapServers + " within " + timeout.toSeconds()
                    + " s (" + e.getMessage() + "); check --bootstrap-servers", e);
        } catch (KafkaException e) {
            throw new RegistryException("reading " + topic + " from " + bootstrapServers + " failed: " + e, e);
        }
        return out;
    }
}
