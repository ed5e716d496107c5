package io.reelstream.connectors.it;

import io.reelstream.connectors.sink.PostgresRecommendationsSinkConnector;
import io.reelstream.connectors.sink.PostgresSinkConfig;
import io.reelstream.connectors.testing.Await;
import io.reelstream.connectors.testing.Recommendations;
import io.reelstream.connectors.testing.TestPostgres;
import io.reelstream.embedded.EmbeddedConnectWorker;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigValue;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The recommendations sink in a real Connect worker, a real broker and a real PostgreSQL: after
 * in-order lists, redelivered lists, late older lists and a corrupt record, each user's row is
 * that user's newest list.
 */
class PostgresSinkConnectorIntegrationTest {
    static final String TOPIC = "recommendations-sink-test";
    static final String TABLE = "user_recommendations";
    static EmbeddedKafkaCluster kafka;
    static TestPostgres postgres;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafkaCluster.start();
        postgres = TestPostgres.shared();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    @Test
    void eachUsersRowIsTheNewestListDespiteRedeliveryReorderingAndACorruptRecord() throws Exception {
        kafka.createTopic(TOPIC, 2, Map.of());
        Map<Integer, RecommendationList> newest = new TreeMap<>();
        List<RecommendationList> sent = new ArrayList<>();
        for (int user = 1; user <= 6; user++) {
            for (long t = 1_000; t <= 3_000; t += 1_000) sent.add(Recommendations.list(user, t, "run_" + t));
            newest.put(user, Recommendations.list(user, 3_000, "run_3000"));
            sent.add(Recommendations.list(user, 2_000, "run_2000")); // a late, older list
            sent.add(Recommendations.list(user, 3_000, "run_3000")); // a redelivery
        }
        sent.add(Recommendations.list(7, 5_000, "run_5000"));      // out of order: newest first
        sent.add(Recommendations.list(7, 4_000, "run_4000"));
        newest.put(7, Recommendations.list(7, 5_000, "run_5000"));

        try (EmbeddedConnectWorker worker = EmbeddedConnectWorker.start(kafka.bootstrapServers(), "connect-sink");
             KafkaProducer<Integer, byte[]> producer = producer()) {
            Serializer<RecommendationList> serializer = AvroSerdes.serde(RecommendationList.class).serializer();
            producer.send(new ProducerRecord<>(TOPIC, 99, "not avro".getBytes(StandardCharsets.UTF_8)));
            for (RecommendationList list : sent) {
                producer.send(new ProducerRecord<>(TOPIC, list.getUserId(), serializer.serialize(TOPIC, list)));
            }
            producer.flush();
            worker.putConnector("recommendations-to-postgres", postgres.sinkConnectorConfig(TOPIC, TABLE));
            worker.awaitRunning("recommendations-to-postgres", 1);
            awaitRows(newest);

            // A restarted task gets some of the same records again (at-least-once): rows must not move back.
            worker.restartTask("recommendations-to-postgres", 0);
            worker.awaitRunning("recommendations-to-postgres", 1);
            RecommendationList newer = Recommendations.list(3, 9_000, "run_9000");
            producer.send(new ProducerRecord<>(TOPIC, 3, serializer.serialize(TOPIC, newer)));
            producer.flush();
            newest.put(3, newer);
            awaitRows(newest);
            worker.awaitRunning("recommendations-to-postgres", 1); // the corrupt record did not fail the task

            // Full redelivery: a second connector (a new consumer group) reads the topic from the start.
            worker.putConnector("recommendations-replay", postgres.sinkConnectorConfig(TOPIC, TABLE));
            awaitCommittedToEnd("connect-recommendations-replay");
            assertEquals(describeAll(newest), rows(), "replaying old lists must not move any row back");
        }
    }

    @Test
    void validateReportsAnUnreachableDatabaseOnTheUrl() {
        Map<String, String> config = postgres.sinkConnectorConfig(TOPIC, TABLE);
        config.put(PostgresSinkConfig.CONNECTION_URL_CONFIG, "jdbc:postgresql://localhost:1/postgres");
        config.put(PostgresSinkConfig.CONNECT_TIMEOUT_SECONDS_CONFIG, "2");
        ConfigValue url = new PostgresRecommendationsSinkConnector().validate(config).configValues().stream()
                .filter(v -> v.name().equals(PostgresSinkConfig.CONNECTION_URL_CONFIG)).findFirst().orElseThrow();
        assertFalse(url.errorMessages().isEmpty(), "an unreachable database must be reported");
        assertTrue(url.errorMessages().get(0).contains("localhost:1"), url.errorMessages().toString());
    }

    private static KafkaProducer<Integer, byte[]> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                new IntegerSerializer(), new ByteArraySerializer());
    }

    /** Waits (bounded) until the table holds exactly one row per user, equal to {@code expected}. */
    private static void awaitRows(Map<Integer, RecommendationList> expected) {
        Map<Integer, String> want = describeAll(expected);
        Await.until("rows " + want, () -> want.equals(rows()), PostgresSinkConnectorIntegrationTest::rows);
        assertEquals(want, rows());
    }

    /** Waits until the consumer group committed offsets at the end of every partition of the topic. */
    private static void awaitCommittedToEnd(String group) {
        try (Admin admin = kafka.admin()) {
            Await.until(group + " committed to the end of " + TOPIC, () -> {
                try {
                    Map<TopicPartition, OffsetAndMetadata> committed =
                            admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get();
                    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
                    for (int p = 0; p < 2; p++) latest.put(new TopicPartition(TOPIC, p), OffsetSpec.latest());
                    var ends = admin.listOffsets(latest).all().get();
                    return ends.entrySet().stream().allMatch(e -> committed.get(e.getKey()) != null
                            && committed.get(e.getKey()).offset() >= e.getValue().offset());
                } catch (Exception e) {
                    return false;
                }
            }, () -> group);
        }
    }

    private static Map<Integer, String> describeAll(Map<Integer, RecommendationList> lists) {
        Map<Integer, String> described = new TreeMap<>();
        lists.forEach((user, list) -> described.put(user, describe(list)));
        return described;
    }

    private static String describe(RecommendationList list) {
        return list.getModelVersion() + "|" + list.getCauseEventId() + "|" + list.getGeneratedAt() + "|"
                + list.getItems().get(0).getMovieId();
    }

    private static Map<Integer, String> rows() {
        Map<Integer, String> rows = new TreeMap<>();
        try (Connection c = postgres.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT user_id, model_version, cause_event_id, "
                     + "(extract(epoch from generated_at) * 1000)::bigint AS ms, items->0->>'movieId' AS first FROM " + TABLE)) {
            while (rs.next()) {
                rows.put(rs.getInt(1), rs.getString(2) + "|" + rs.getString(3) + "|" + rs.getLong(4) + "|" + rs.getString(5));
            }
        } catch (SQLException tableNotThereYet) {
            return Map.of();
        }
        return rows;
    }
}
