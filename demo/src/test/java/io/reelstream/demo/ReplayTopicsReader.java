package io.reelstream.demo;

import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Reads swipes, recommendations and swipes-dlq from the beginning, read_committed (what the sink and
 * any downstream consumer see), each in offset order; with one partition per topic that is the
 * order the topology wrote them.
 */
final class ReplayTopicsReader implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(200);

    private final String swipesTopic;
    private final String listsTopic;
    private final String deadLettersTopic;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Deserializer<Swipe> swipeReader = AvroSerdes.serde(Swipe.class).deserializer();
    private final Deserializer<RecommendationList> listReader = AvroSerdes.serde(RecommendationList.class).deserializer();
    private final Deserializer<DeadLetter> letterReader = AvroSerdes.serde(DeadLetter.class).deserializer();
    private final List<Swipe> swipes = new ArrayList<>();
    private final List<RecommendationList> lists = new ArrayList<>();
    /** Swipes that came back on the dead-letter topic, with the reason in {@link #deadLetterReasons}. */
    private final List<Swipe> deadLettered = new ArrayList<>();
    private final List<String> deadLetterReasons = new ArrayList<>();

    ReplayTopicsReader(String bootstrapServers, String swipesTopic, String listsTopic, String deadLettersTopic) {
        this.swipesTopic = swipesTopic;
        this.listsTopic = listsTopic;
        this.deadLettersTopic = deadLettersTopic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(swipesTopic, listsTopic, deadLettersTopic)) {
            consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Polls until {@code done} holds; fails naming {@code what} and the counts after {@code timeout}. */
    void pollUntil(String what, BooleanSupplier done, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + "; read "
                        + counts());
            }
            pollOnce();
        }
    }

    /** Polls until the position of every partition reached its last stable offset as of now. */
    void readToEnd(Duration timeout) {
        Map<TopicPartition, Long> ends = consumer.endOffsets(consumer.assignment());
        pollUntil("the end offsets " + ends, () -> ends.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue()), timeout);
    }

    private void pollOnce() {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(POLL)) {
            if (r.topic().equals(swipesTopic)) {
                swipes.add(swipeReader.deserialize(r.topic(), r.value()));
            } else if (r.topic().equals(listsTopic)) {
                lists.add(listReader.deserialize(r.topic(), r.value()));
            } else if (r.topic().equals(deadLettersTopic)) {
                DeadLetter letter = letterReader.deserialize(r.topic(), r.value());
                if (!letter.getTopic().equals(swipesTopic) || letter.getValue() == null) {
                    throw new AssertionError("a dead letter that is not a swipe at " + r.topic() + "@" + r.offset()
                            + ": " + letter.getReason());
                }
                deadLettered.add(swipeReader.deserialize(swipesTopic, bytes(letter.getValue())));
                deadLetterReasons.add(letter.getReason());
            }
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    String counts() {
        return swipes.size() + " swipes, " + lists.size() + " lists, " + deadLettered.size() + " dead letters";
    }

    List<Swipe> swipes() {
        return swipes;
    }

    /** In offset order. */
    List<RecommendationList> lists() {
        return lists;
    }

    List<Swipe> deadLettered() {
        return deadLettered;
    }

    List<String> deadLetterReasons() {
        return deadLetterReasons;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
