package io.reelstream.connectors.testing;

import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.IntegerDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads a swipes topic the way the topology does (Integer key, schemas serde value), committed
 * records only, and keeps everything it read in order.
 */
public final class SwipeConsumer implements AutoCloseable {
    private final KafkaConsumer<Integer, Swipe> consumer;
    private final List<ConsumerRecord<Integer, Swipe>> records = new ArrayList<>();

    public SwipeConsumer(String bootstrapServers, String topic) {
        consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 10_000),
                new IntegerDeserializer(), AvroSerdes.serde(Swipe.class).deserializer());
        consumer.assign(List.of(new TopicPartition(topic, 0)));
        consumer.seekToBeginning(consumer.assignment());
    }

    /** Polls until at least {@code count} records were read (bounded), then returns all of them. */
    public List<ConsumerRecord<Integer, Swipe>> readAtLeast(int count) {
        Await.until(count + " swipes", () -> {
            for (ConsumerRecord<Integer, Swipe> r : consumer.poll(Duration.ofMillis(200))) records.add(r);
            return records.size() >= count;
        }, () -> records.size() + " read");
        return records;
    }

    /**
     * Reads up to the end of the topic as of now (for read_committed: the last stable offset), so a
     * duplicate written after the expected count would be seen. Call once the producer is idle.
     */
    public List<ConsumerRecord<Integer, Swipe>> readToEnd() {
        TopicPartition tp = consumer.assignment().iterator().next();
        long end = consumer.endOffsets(List.of(tp)).get(tp);
        Await.until("position " + end + " on " + tp, () -> {
            for (ConsumerRecord<Integer, Swipe> r : consumer.poll(Duration.ofMillis(200))) records.add(r);
            return consumer.position(tp) >= end;
        }, () -> "position " + consumer.position(tp));
        return records;
    }

    @Override
    public void close() {
        consumer.close();
    }
}
