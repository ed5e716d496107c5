package io.reelstream.topology;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.core.experiment.ArmAssignment;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentStatus;
import io.reelstream.schemas.ModelLineage;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelStage;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.StageTransition;
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
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The lifecycle's side of the topology on a real broker with two instances: a registry entry and
 * an experiment record written to their topics split users between two versions with no restart;
 * the arms' online metrics reach GET /experiments/{id} and GET /online-metrics on either instance
 * (the non-owner forwards); a promotion and the experiment's end switch every user.
 */
class ExperimentServingIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MOVIES = 200;
    private static final int K = 8;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient http = HttpClient.newHttpClient();

    private static EmbeddedKafkaCluster kafka;
    private static TopologyConfig base;
    private static RecommenderInstance a;
    private static RecommenderInstance b;
    private static KafkaConsumer<Integer, RecommendationList> lists;
    private static final Map<String, RecommendationList> byCause = new HashMap<>();

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafkaCluster.start();
        base = TopologyConfig.builder()
                .set(TopologyConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())
                .set(TopologyConfig.APPLICATION_ID_CONFIG, "reelstream-exp-it")
                .set(TopologyConfig.REST_PORT_CONFIG, "0")
                .set(TopologyConfig.RECOMMENDATIONS_SIZE_CONFIG, "10")
                .set(TopologyConfig.ONLINE_METRICS_FLUSH_MS_CONFIG, "200")
                .build();
        try (Admin admin = kafka.admin()) {
            TopicSetup.createIfMissing(admin, base, 2, (short) 1);
        }
        // the registry first, so production is v1 from the start, then both versions
        send(base.modelRegistryTopic(), "v1", entry("v1", ModelStage.PRODUCTION, 10));
        send(base.modelRegistryTopic(), "v2", entry("v2", ModelStage.CANDIDATE, 11));
        SyntheticCatalogue.publish(kafka.bootstrapServers(), base.itemEmbeddingsTopic(), "v1",
                SyntheticCatalogue.rows("v1", MOVIES, K, 3), K);
        SyntheticCatalogue.publish(kafka.bootstrapServers(), base.itemEmbeddingsTopic(), "v2",
                SyntheticCatalogue.rows("v2", MOVIES, K, 4), K);
        a = RecommenderInstance.start(base.with(TopologyConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("reelstream-exp-a").toString()));
        b = RecommenderInstance.start(base.with(TopologyConfig.STATE_DIR_CONFIG,
                Files.createTempDirectory("reelstream-exp-b").toString()));
        assertTrue(a.awaitRunning(WAIT) && b.awaitRunning(WAIT), "both instances RUNNING with a model");
        lists = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Serdes.Integer().deserializer(), AvroSerdes.serde(RecommendationList.class).deserializer());
        List<TopicPartition> parts = List.of(new TopicPartition(base.recommendationsTopic(), 0),
                new TopicPartition(base.recommendationsTopic(), 1));
        lists.assign(parts);
        lists.seekToBeginning(parts);
    }

    @AfterAll
    static void stop() {
        if (lists != null) lists.close();
        if (b != null) b.close();
        if (a != null) a.close();
        if (kafka != null) kafka.close();
    }

    @Test
    void anExperimentSplitsUsersLiveAndEitherInstanceReportsItsArms() throws Exception {
        assertEquals("v1", swipe(1, 5, 2).getModelVersion(), "the registry's production, not the newest version");

        send(base.experimentsTopic(), "exp-it", experiment(ExperimentStatus.RUNNING));
        await(() -> "exp-it".equals(a.models().serving().experimentId()) && "exp-it".equals(b.models().serving().experimentId()),
                "both instances to follow the experiment");
        for (int user = 100; user < 140; user++) {
            String arm = ArmAssignment.arm(user, "exp-it", 0.5);
            for (int s = 0; s < 3; s++) {
                RecommendationList l = swipe(user, 1 + (user * 7 + s * 13) % MOVIES, s == 2 ? -1 : 2);
                assertEquals(arm, l.getArm(), "user " + user);
                assertEquals("exp-it", l.getExperimentId());
                assertEquals(arm.equals(ArmAssignment.TREATMENT) ? "v2" : "v1", l.getModelVersion(), "user " + user);
            }
        }

        // 40 users × 2 judged swipes (the first swipe of each judges nothing), split by arm
        await(() -> {
            try {
                JsonNode e = get(b, "/experiments/exp-it", 200);
                return !e.get("controlArm").isNull() && !e.get("treatmentArm").isNull()
                        && e.get("controlArm").get("cumulative").get("swipes").asLong()
                        + e.get("treatmentArm").get("cumulative").get("swipes").asLong() == 80;
            } catch (Exception ex) {
                return false;
            }
        }, "80 judged swipes in the experiment's arms");
        for (RecommenderInstance i : List.of(a, b)) {
            JsonNode e = get(i, "/experiments/exp-it", 200);
            assertEquals("RUNNING", e.get("status").asText());
            assertEquals(40, e.get("controlArm").get("cumulative").get("users").asLong()
                    + e.get("treatmentArm").get("cumulative").get("users").asLong());
            assertEquals("hit_rate", e.get("analysis").get("metric").asText());
            assertEquals("INCONCLUSIVE", e.get("analysis").get("outcome").asText(), "far below 1000 trials per arm");
            assertTrue(e.get("summary").asText().contains("waiting for 1000 trials per arm"), e.get("summary").asText());
        }
        JsonNode scopes = get(a, "/online-metrics", 200).get("scopes");
        assertTrue(scopes.size() >= 2, scopes.toString());
        get(a, "/experiments/nope", 404);

        // the treatment is promoted and the experiment ends: every user gets v2, no arm
        send(base.modelRegistryTopic(), "v2", entry("v2", ModelStage.PRODUCTION, 30));
        send(base.modelRegistryTopic(), "v1", entry("v1", ModelStage.ARCHIVED, 30));
        send(base.experimentsTopic(), "exp-it", experiment(ExperimentStatus.CONCLUDED));
        await(() -> a.models().current() != null && "v2".equals(a.models().current().version())
                && !a.models().serving().hasExperiment() && b.models().current() != null
                && "v2".equals(b.models().current().version()) && !b.models().serving().hasExperiment(),
                "both instances to serve v2 without the experiment");
        for (int user = 100; user < 104; user++) {
            RecommendationList l = swipe(user, 150 + user % 40, 2);
            assertEquals("v2", l.getModelVersion());
            assertNull(l.getArm());
        }
        JsonNode models = get(b, "/models", 200);
        assertEquals("v2", models.get("production").asText());
    }

    private static int eventCounter;

    private static RecommendationList swipe(int user, int movie, int preference) {
        String eventId = "exp-it-" + (++eventCounter);
        try (Producer<Integer, Swipe> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Serdes.Integer().serializer(), AvroSerdes.serde(Swipe.class).serializer())) {
            producer.send(new ProducerRecord<>(base.swipesTopic(), user, Swipe.newBuilder().setEventId(eventId)
                    .setUserId(user).setMovieId(movie).setPreference(preference).setBucket(null)
                    .setEventTime(1_000_000L + eventCounter).setSource("it").build()));
        }
        await(() -> {
            for (ConsumerRecord<Integer, RecommendationList> r : lists.poll(Duration.ofMillis(100))) {
                byCause.put(r.value().getCauseEventId(), r.value());
            }
            return byCause.containsKey(eventId);
        }, "a list caused by " + eventId);
        return byCause.get(eventId);
    }

    private static <T extends org.apache.avro.specific.SpecificRecord> void send(String topic, String key, T value) {
        @SuppressWarnings("unchecked")
        Class<T> type = (Class<T>) value.getClass();
        try (Producer<String, T> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()),
                Serdes.String().serializer(), AvroSerdes.serde(type).serializer())) {
            producer.send(new ProducerRecord<>(topic, key, value));
        }
    }

    private static ModelRegistryEntry entry(String version, ModelStage stage, long at) {
        return ModelRegistryEntry.newBuilder().setModelVersion(version).setKind("als").setStage(stage).setRegisteredAt(1L)
                .setLineage(ModelLineage.newBuilder().setDataFingerprint("f").build())
                .setTransitions(List.of(StageTransition.newBuilder().setModelVersion(version).setTo(stage).setAt(at)
                        .setBy("test").setReason("test").build()))
                .build();
    }

    private static Experiment experiment(ExperimentStatus status) {
        return Experiment.newBuilder().setExperimentId("exp-it").setControlVersion("v1").setTreatmentVersion("v2")
                .setTreatmentShare(0.5).setStatus(status).setStartedAt(100L).setStartedBy("test").build();
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited " + WAIT + " for " + what);
            LockSupport.parkNanos(20_000_000L);
        }
    }

    private static JsonNode get(RecommenderInstance i, String path, int status) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(i.restUrl() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(status, r.statusCode(), path + " → " + r.body());
        return JSON.readTree(r.body());
    }
}
