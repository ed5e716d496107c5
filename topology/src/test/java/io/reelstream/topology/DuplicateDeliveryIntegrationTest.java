package io.reelstream.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.config.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Idempotency on a real broker: the same swipe event delivered twice — what a producer retry without
 * idempotence, or a source connector restarting from its last committed position, puts on the topic —
 * is applied once. Both copies are committed records on {@code swipes}; the instance answers the first
 * with a list and parks the second in {@code swipes-dlq} as {@code duplicate_event}, and the user's
 * swipe count on REST counts the event once.
 */
class DuplicateDeliveryIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MOVIES = 200;
    private static final int K = 8;
    private static final int USER = 42;

    @Test
    void aSwipeDeliveredTwiceIsAppliedOnce() throws Exception {
        try (EmbeddedKafkaCluster kafka = EmbeddedKafkaCluster.start()) {
            TopologyConfig config = TopologyConfig.builder()
                    .set(TopologyConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())
                    .set(TopologyConfig.APPLICATION_ID_CONFIG, "reelstream-dedupe-it")
                    .set(TopologyConfig.REST_PORT_CONFIG, "0")
                    .set(TopologyConfig.STATE_DIR_CONFIG, Files.createTempDirectory("reelstream-dedupe-it").toString())
                    .build();
            try (Admin admin = kafka.admin()) {
                TopicSetup.createIfMissing(admin, config, 1, (short) 1);
            }
            SyntheticCatalogue.publish(kafka.bootstrapServers(), config.itemEmbeddingsTopic(), "run_dedupe",
                    SyntheticCatalogue.rows("run_dedupe", MOVIES, K, 5), K);
            try (RecommenderInstance instance = RecommenderInstance.start(config)) {
                assertTrue(instance.awaitRunning(WAIT), "instance RUNNING with a model");
                Swipe first = swipe("dup-1", 7, 2, 1_000_000L);
                Swipe second = swipe("dup-2", 8, 1, 1_001_000L);
                // a producer without idempotence: its retry of 'first' is a second record on the topic
                try (Producer<Integer, Swipe> producer = new KafkaProducer<>(Map.of(
                        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false, ProducerConfig.ACKS_CONFIG, "all"),
                        Serdes.Integer().serializer(), AvroSerdes.serde(Swipe.class).serializer())) {
                    for (Swipe s : List.of(first, first, second, first)) { // a retry, then a replay after another swipe
                        producer.send(new ProducerRecord<>(config.swipesTopic(), USER, s)).get();
                    }
                }

                Outcome out = awaitOutcomes(kafka, config, 4);

                assertEquals(Map.of("dup-1", 1, "dup-2", 1), out.listsByCause, "one list per distinct event");
                assertEquals(List.of("duplicate_event", "duplicate_event"), out.letterCodes, "both copies parked");
                JsonNode user = new ObjectMapper().readTree(HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(instance.restUrl() + "/users/" + USER)).build(), HttpResponse.BodyHandlers.ofString()).body());
                assertEquals(2, user.path("swipeCount").asLong(), user.toString());
                assertEquals(2, user.path("historySize").asInt(), user.toString());

                // the user-state changelog rolls 16 MB segments, so the broker's cleaner keeps restores short
                try (Admin admin = kafka.admin()) {
                    var resource = new org.apache.kafka.common.config.ConfigResource(
                            org.apache.kafka.common.config.ConfigResource.Type.TOPIC,
                            "reelstream-dedupe-it-" + RecommenderTopology.USER_STATE_STORE + "-changelog");
                    String segment = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                            .get("segment.bytes").value();
                    assertEquals(RecommenderTopology.USER_STATE_CHANGELOG_CONFIG.get("segment.bytes"), segment);
                }
            }
        }
    }

    private static Swipe swipe(String eventId, int movie, int preference, long eventTime) {
        return Swipe.newBuilder().setEventId(eventId).setUserId(USER).setMovieId(movie).setPreference(preference)
                .setBucket(null).setEventTime(eventTime).setSource("it").build();
    }

    /** Committed lists (by cause event) and dead letters (their codes) until {@code expected} records in all. */
    private record Outcome(Map<String, Integer> listsByCause, List<String> letterCodes) {}

    private static Outcome awaitOutcomes(EmbeddedKafkaCluster kafka, TopologyConfig config, int expected) {
        Map<String, Integer> lists = new HashMap<>();
        List<String> codes = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> parts = List.of(new TopicPartition(config.recommendationsTopic(), 0),
                    new TopicPartition(config.swipesDlqTopic(), 0));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (lists.values().stream().mapToInt(Integer::intValue).sum() + codes.size() < expected) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("only lists " + lists + " and dead letters " + codes + " after " + WAIT);
                }
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(config.recommendationsTopic())) {
                        RecommendationList l = AvroSerdes.serde(RecommendationList.class).deserializer().deserialize(r.topic(), r.value());
                        lists.merge(l.getCauseEventId(), 1, Integer::sum);
                    } else {
                        codes.add(AvroSerdes.serde(DeadLetter.class).deserializer().deserialize(r.topic(), r.value()).getReasonCode());
                    }
                }
            }
            // a moment more: a list applied twice would show up right behind the others
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                if (r.topic().equals(config.recommendationsTopic())) {
                    lists.merge(AvroSerdes.serde(RecommendationList.class).deserializer().deserialize(r.topic(), r.value())
                            .getCauseEventId(), 1, Integer::sum);
                } else {
                    codes.add("unexpected");
                }
            }
        }
        return new Outcome(lists, codes);
    }
}
