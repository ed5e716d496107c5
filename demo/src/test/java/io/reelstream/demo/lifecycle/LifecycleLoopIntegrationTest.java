package io.reelstream.demo.lifecycle;

import io.reelstream.core.experiment.ArmAssignment;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.lifecycle.experiment.ExperimentSpec;
import io.reelstream.lifecycle.experiment.KafkaExperiments;
import io.reelstream.lifecycle.registry.KafkaRegistry;
import io.reelstream.lifecycle.registry.RegistryPolicy;
import io.reelstream.lifecycle.service.LifecycleConfig;
import io.reelstream.lifecycle.service.LifecycleListener;
import io.reelstream.lifecycle.service.LifecycleService;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentOutcome;
import io.reelstream.schemas.ExperimentStatus;
import io.reelstream.schemas.ModelLineage;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.registry.RegistryClientConfig;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.RecommenderInstance;
import io.reelstream.topology.TopicSetup;
import io.reelstream.topology.SyntheticCatalogue;
import io.reelstream.topology.config.TopologyConfig;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole loop on a real broker: the topology serves the registry's versions and writes the arms'
 * online metrics, the lifecycle service decides on them, the topology follows the decision live.
 *
 * <p>"Truly better" here is a simulated user population whose swipe depends on the list it was
 * shown: every swipe is positive, and with probability q(version of the list shown just before) it
 * lands on a movie of that list (a hit), otherwise on a random unseen movie outside it. q is 0.10
 * for v1's lists and 0.25 for v2's, so v2's hit rate is truly 2.5 times v1's; in the A/A run both
 * versions (v1 and v3, the same rows published under two versions) get the same q.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleLoopIntegrationTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MOVIES = 300;
    private static final int K = 8;
    private static final int USERS = 240;
    private static EmbeddedKafkaCluster kafka;
    private static TopologyConfig base;
    private static RecommenderInstance topology;
    private static KafkaRegistry registry;
    private static KafkaExperiments experiments;
    private static LifecycleService service;
    private static KafkaConsumer<Integer, RecommendationList> lists;
    private static KafkaProducer<Integer, Swipe> swipes;
    private static final List<String> lines = new ArrayList<>();
    private static final Map<String, RecommendationList> byCause = new HashMap<>();
    private static final Map<Integer, RecommendationList> lastList = new HashMap<>();
    private static final Map<Integer, Set<Integer>> seen = new HashMap<>();
    private static final SplittableRandom random = new SplittableRandom(42);
    private static int round;

    @BeforeAll
    static void start() throws Exception {
        kafka = EmbeddedKafkaCluster.start();
        base = TopologyConfig.builder()
                .set(TopologyConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers())
                .set(TopologyConfig.APPLICATION_ID_CONFIG, "reelstream-lifecycle-it")
                .set(TopologyConfig.REST_PORT_CONFIG, "0")
                .set(TopologyConfig.RECOMMENDATIONS_SIZE_CONFIG, "10")
                .set(TopologyConfig.ONLINE_METRICS_FLUSH_MS_CONFIG, "200")
                .set(TopologyConfig.STATE_DIR_CONFIG, Files.createTempDirectory("reelstream-lifecycle-it").toString())
                .build();
        try (Admin admin = kafka.admin()) {
            TopicSetup.createIfMissing(admin, base, 1, (short) 1);
        }
        registry = KafkaRegistry.connect(RegistryClientConfig.defaults(kafka.bootstrapServers()), RegistryPolicy.defaults(),
                Clock.systemUTC());
        experiments = new KafkaExperiments(registry);
        SyntheticCatalogue.publish(kafka.bootstrapServers(), base.itemEmbeddingsTopic(), "v1", SyntheticCatalogue.rows("v1", MOVIES, K, 3), K);
        SyntheticCatalogue.publish(kafka.bootstrapServers(), base.itemEmbeddingsTopic(), "v2", SyntheticCatalogue.rows("v2", MOVIES, K, 4), K);
        // A/A: v1's rows again, under another version
        SyntheticCatalogue.publish(kafka.bootstrapServers(), base.itemEmbeddingsTopic(), "v3", SyntheticCatalogue.rows("v3", MOVIES, K, 3), K);
        for (String v : List.of("v1", "v2", "v3")) {
            registry.register(v, "als", ModelLineage.newBuilder().setDataFingerprint("synthetic").build(), Map.of(), "test", "synthetic");
        }
        registry.promote("v1", "test", "first", false);
        topology = RecommenderInstance.start(base);
        assertTrue(topology.awaitRunning(WAIT), "topology RUNNING with v1");

        Map<String, String> sets = new LinkedHashMap<>();
        sets.put("bootstrap.servers", kafka.bootstrapServers());
        sets.put(LifecycleConfig.RETRAIN_ENABLED_CONFIG, "false");
        sets.put(LifecycleConfig.REGISTRY_REFRESH_MS_CONFIG, "200");
        sets.put(LifecycleConfig.POLL_MS_CONFIG, "50");
        service = LifecycleService.start(LifecycleConfig.defaults(sets), null, new LifecycleListener() {
            @Override
            public void line(String line) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        }, Clock.systemUTC()).startThread();

        lists = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                Serdes.Integer().deserializer(), AvroSerdes.serde(RecommendationList.class).deserializer());
        TopicPartition p = new TopicPartition(base.recommendationsTopic(), 0);
        lists.assign(List.of(p));
        lists.seekToBeginning(List.of(p));
        swipes = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 5), Serdes.Integer().serializer(), AvroSerdes.serde(Swipe.class).serializer());
    }

    @AfterAll
    static void stop() {
        if (service != null) service.close();
        if (swipes != null) swipes.close();
        if (lists != null) lists.close();
        if (topology != null) topology.close();
        if (kafka != null) kafka.close();
    }

    /** One full-stack A/A run: the same model under two versions is not promoted in 20 rounds (~2 400 trials per arm). */
    @Test
    @Order(1)
    void anAaExperimentThroughTheTopologyIsNotPromoted() {
        experiments.start(ExperimentSpec.of("v1", "v3", 0.5).withId("exp-aa").withDecisionRule(200, 0.05, 0.05, true), "test", "A/A");
        awaitServing("exp-aa");
        for (int r = 0; r < 20; r++) {
            playRound(Map.of("v1", 0.15, "v3", 0.15));
        }
        Experiment x = registry.read().experiment("exp-aa");
        System.out.println("full-stack A/A (v1 vs v3, same rows), 20 rounds of " + USERS + " swipes: " + x.getStatus()
                + ", running always-valid p " + service.status().runningP().get("exp-aa") + ", decision " + x.getDecision());
        assertNotEquals(ExperimentOutcome.PROMOTE_TREATMENT, x.getDecision() == null ? null : x.getDecision().getOutcome(),
                "A/A promoted: " + x.getDecision());
        if (x.getStatus() == ExperimentStatus.RUNNING) experiments.stop("exp-aa", "test", "A/A run over");
        awaitServing(null);
    }

    @Test
    @Order(2)
    void aTrulyBetterTreatmentIsPromotedAndServedWithoutRestartThenRollbackRestoresThePreviousLists() {
        experiments.start(ExperimentSpec.of("v1", "v2", 0.5).withId("exp-better").withDecisionRule(200, 0.05, 0.05, true), "test",
                "v2 against v1");
        awaitServing("exp-better");
        Map<String, Double> q = Map.of("v1", 0.10, "v2", 0.25);
        for (int r = 0; r < 40 && registry.read().experiment("exp-better").getStatus() == ExperimentStatus.RUNNING; r++) playRound(q);
        Experiment x = registry.read().experiment("exp-better");
        assertEquals(ExperimentStatus.CONCLUDED, x.getStatus(), "decided within 40 rounds: " + String.join("\n", lines));
        assertEquals(ExperimentOutcome.PROMOTE_TREATMENT, x.getDecision().getOutcome());
        assertEquals("v2", registry.read().production().orElseThrow().getModelVersion());

        // the topology follows without a restart: every list is v2's, outside any experiment
        awaitServing(null);
        await(() -> "v2".equals(topology.models().current().version()), "the topology to serve v2");
        for (RecommendationList l : playRound(q)) {
            assertEquals("v2", l.getModelVersion(), "user " + l.getUserId());
            assertNull(l.getArm());
        }

        // rollback: the previous production's lists come back
        registry.rollback("test", "rollback drill");
        await(() -> "v1".equals(topology.models().current().version()), "the topology to serve v1 again");
        for (RecommendationList l : playRound(q)) assertEquals("v1", l.getModelVersion(), "user " + l.getUserId());
    }

    /** Waits until the topology serves the experiment {@code id} (or none) and the service watches it. */
    private static void awaitServing(String id) {
        await(() -> java.util.Objects.equals(id, topology.models().serving().experimentId()), "the topology to serve experiment " + id);
        if (id != null) await(() -> service.status().runningP().containsKey(id), "the service to watch " + id);
    }

    /**
     * One swipe per user, every swipe positive: with probability q(version of the list the user was
     * shown) on a movie of that list, else on a random unseen movie outside it. Returns the lists
     * the round produced.
     */
    private static List<RecommendationList> playRound(Map<String, Double> q) {
        round++;
        List<String> events = new ArrayList<>();
        for (int user = 1000; user < 1000 + USERS; user++) {
            Set<Integer> mine = seen.computeIfAbsent(user, u -> new HashSet<>());
            RecommendationList shown = lastList.get(user);
            int movie = -1;
            if (shown != null && random.nextDouble() < q.getOrDefault(shown.getModelVersion(), 0.0)) {
                List<RankedMovie> items = shown.getItems();
                movie = items.get(random.nextInt(items.size())).getMovieId();
            }
            if (movie < 0 || mine.contains(movie)) {
                Set<Integer> inList = new HashSet<>();
                if (shown != null) for (RankedMovie i : shown.getItems()) inList.add(i.getMovieId());
                do {
                    movie = 1 + random.nextInt(MOVIES);
                } while (mine.contains(movie) || inList.contains(movie));
            }
            mine.add(movie);
            String eventId = "r" + round + "-u" + user;
            events.add(eventId);
            swipes.send(new ProducerRecord<>(base.swipesTopic(), user, Swipe.newBuilder().setEventId(eventId).setUserId(user)
                    .setMovieId(movie).setPreference(random.nextInt(2) == 0 ? 1 : 2).setBucket(null)
                    .setEventTime(1_700_000_000_000L + round * 60_000L).setSource("it").build()));
        }
        swipes.flush();
        await(() -> {
            for (ConsumerRecord<Integer, RecommendationList> r : lists.poll(Duration.ofMillis(100))) {
                byCause.put(r.value().getCauseEventId(), r.value());
            }
            return events.stream().allMatch(byCause::containsKey);
        }, "the lists of round " + round);
        List<RecommendationList> out = new ArrayList<>();
        for (String e : events) {
            RecommendationList l = byCause.remove(e);
            lastList.put(l.getUserId(), l);
            out.add(l);
            String id = l.getExperimentId();
            if (id != null) {
                String arm = ArmAssignment.arm(l.getUserId(), id, 0.5);
                assertEquals(arm, l.getArm(), "user " + l.getUserId() + " in " + id);
            }
        }
        return out;
    }

    private static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited " + WAIT + " for " + what);
            LockSupport.parkNanos(20_000_000L);
        }
    }
}
