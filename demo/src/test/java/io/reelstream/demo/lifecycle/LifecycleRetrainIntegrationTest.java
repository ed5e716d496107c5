package io.reelstream.demo.lifecycle;

import io.reelstream.demo.stack.ModelStage;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.lifecycle.service.LifecycleConfig;
import io.reelstream.lifecycle.service.LifecycleListener;
import io.reelstream.lifecycle.service.LifecycleService;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.Topics;
import io.reelstream.schemas.registry.ModelRegistryClient;
import io.reelstream.schemas.registry.RegistryClientConfig;
import io.reelstream.schemas.registry.RegistryState;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drift → retrain on a real broker with the real trainer: the service reads the swipes, a burst of
 * strong dislikes on movies the training data never saw fires the drift trigger, the service
 * retrains through the trainer's command line (a child JVM, tiny ALS so it stays fast) on the data
 * dir plus those swipes, and publish registers the new version as a CANDIDATE whose lineage names
 * the trigger. Then the crash side: a new service re-reads only the swipes after the retrain.
 */
class LifecycleRetrainIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final Map<String, String> TINY = Map.of("als.factors", "4", "als.iterations", "3", "threads", "1");
    private static EmbeddedKafkaCluster kafka;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        kafka = EmbeddedKafkaCluster.start();
    }

    @AfterAll
    static void stop() {
        if (kafka != null) kafka.close();
    }

    @Test
    void aDriftInTheSwipesFiresItsTriggerAndTheRetrainedVersionReachesTheRegistryAsACandidate() throws Exception {
        Path data = dir.resolve("data");
        TinyMovieLens ml = TinyMovieLens.write(data, 80, 60, 3);
        Path run = ModelStage.train(data, dir.resolve("models-v1"), TINY);
        String v1 = ModelStage.publish(run, kafka.bootstrapServers()).modelVersion();
        kafka.createTopic(Topics.SWIPES_TOPIC, 1, Map.of());
        kafka.createTopic(Topics.ONLINE_METRICS_TOPIC, 1, Map.of("cleanup.policy", "compact"));

        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("bootstrap.servers", kafka.bootstrapServers());
        sets.put(LifecycleConfig.DATA_DIR_CONFIG, data.toString());
        sets.put(LifecycleConfig.MODELS_DIR_CONFIG, dir.resolve("models").toString());
        sets.put(LifecycleConfig.TRAINER_SET_CONFIG, "als.factors=4,als.iterations=3,threads=1");
        sets.put(LifecycleConfig.ON_CANDIDATE_CONFIG, "none");
        sets.put("trigger.quality.enabled", "false");
        sets.put("trigger.feedback.enabled", "false");
        sets.put("trigger.schedule.enabled", "false");
        sets.put("trigger.drift.min.swipes", "200");
        sets.put(LifecycleConfig.TRIGGER_CHECK_MS_CONFIG, "200");
        sets.put(LifecycleConfig.REGISTRY_REFRESH_MS_CONFIG, "200");
        sets.put(LifecycleConfig.POLL_MS_CONFIG, "50");
        LifecycleConfig config = LifecycleConfig.defaults(sets);
        List<String> lines = new ArrayList<>();

        try (LifecycleService s = start(config, lines)) {
            // 300 swipes shaped like the training data: no drift
            List<Swipe> normal = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                TinyMovieLens.Rating r = ml.ratings.get((i * 37) % ml.ratings.size());
                normal.add(swipe("n" + i, r.user(), r.movie(), io.reelstream.core.preference.Preference.fromRating(r.rating())));
            }
            send(normal);
            await(() -> s.status().feedbackSwipes() == 300 && !s.status().lastTriggers().isEmpty(), "300 swipes read and judged", s::status);
            await(() -> s.status().lastTriggers().stream().anyMatch(e -> e.explanation().contains("over 300 swipes")),
                    "a drift reading over the 300 swipes");
            assertEquals(0, s.status().retrains(), "no retrain on swipes like the training data: " + s.status().lastTriggers());
            assertTrue(!s.status().retraining());

            // the drift: strong dislikes on 300 movies the model never saw
            List<Swipe> drift = new ArrayList<>();
            for (int i = 0; i < 300; i++) drift.add(swipe("d" + i, 1 + i % 80, 1000 + i, -2));
            send(drift);
            await(() -> s.status().retrains() == 1 || s.status().failedRetrains() > 0, "the drift retrain to finish", () -> s.status() + "\n" + String.join("\n", lines));
            assertEquals(0, s.status().failedRetrains(), String.join("\n", lines));
            assertEquals(0, s.status().feedbackSwipes(), "the retrain used every swipe read");
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("trigger [fired] drift:")), String.join("\n", lines));
        RegistryState state = new ModelRegistryClient(RegistryClientConfig.defaults(kafka.bootstrapServers())).read();
        ModelRegistryEntry newest = state.entries().values().stream().max(Comparator.comparingLong(ModelRegistryEntry::getRegisteredAt))
                .orElseThrow();
        assertTrue(!newest.getModelVersion().equals(v1), "a new version: " + state.entries().keySet());
        assertEquals(io.reelstream.schemas.ModelStage.CANDIDATE, newest.getStage());
        assertEquals("drift", newest.getLineage().getTrigger());
        assertEquals(v1, newest.getLineage().getParentVersion());
        assertEquals("4", newest.getLineage().getConfig().get("als.factors"), "the tiny trainer config");

        // a new service re-reads only the swipes after the retrain (the group's offsets moved past the used ones)
        List<Swipe> later = new ArrayList<>();
        for (int i = 0; i < 50; i++) later.add(swipe("l" + i, 1 + i, 1 + i % 10, 1));
        send(later);
        try (LifecycleService s = start(config, new ArrayList<>())) {
            await(() -> s.status().feedbackSwipes() == 50, "50 swipes since the retrain");
            assertEquals(0, s.status().retrains());
        }
    }

    private static LifecycleService start(LifecycleConfig config, List<String> lines) {
        return LifecycleService.start(config, null, new LifecycleListener() {
            @Override
            public void line(String line) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        }, Clock.systemUTC()).startThread();
    }

    private static Swipe swipe(String id, int user, int movie, int preference) {
        return Swipe.newBuilder().setEventId(id).setUserId(user).setMovieId(movie).setPreference(preference).setBucket(null)
                .setEventTime(1_700_000_000_000L).setSource("test").build();
    }

    private static void send(List<Swipe> swipes) {
        try (KafkaProducer<Integer, Swipe> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.bootstrapServers()), Serdes.Integer().serializer(), AvroSerdes.serde(Swipe.class).serializer())) {
            for (Swipe s : swipes) p.send(new ProducerRecord<>(Topics.SWIPES_TOPIC, s.getUserId(), s));
            p.flush();
        }
    }

    private static void await(BooleanSupplier condition, String what) {
        await(condition, what, () -> "");
    }

    private static void await(BooleanSupplier condition, String what, java.util.function.Supplier<Object> state) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited " + WAIT + " for " + what + "; " + state.get());
            LockSupport.parkNanos(50_000_000L);
        }
    }
}
