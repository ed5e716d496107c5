package io.reelstream.lifecycle.registry;

import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.lifecycle.experiment.ArmMetrics;
import io.reelstream.lifecycle.experiment.ExperimentSpec;
import io.reelstream.lifecycle.experiment.KafkaExperiments;
import io.reelstream.schemas.ArmCounts;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentStatus;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ItemNeighbours;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelStage;
import io.reelstream.schemas.OnlineMetrics;
import io.reelstream.schemas.StageTransition;
import io.reelstream.schemas.registry.ModelRegistryClient;
import io.reelstream.schemas.registry.RegistryClientConfig;
import io.reelstream.schemas.registry.RegistryEntries;
import io.reelstream.schemas.registry.RegistryException;
import io.reelstream.schemas.registry.RegistryRefusedException;
import io.reelstream.schemas.registry.RegistryState;
import io.reelstream.schemas.registry.RegistryWrite;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.reelstream.lifecycle.registry.Fixtures.als;
import static io.reelstream.lifecycle.registry.Fixtures.lineage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry on a real broker: the stage rules through the fenced writer, tombstones, malformed
 * records, concurrent and crashing writers, experiments. Each test has topics and a
 * transactional.id of its own ({@link RegistryClientConfig#withNamespace}).
 */
class RegistryKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    private static RegistryClientConfig config(String namespace) {
        return RegistryClientConfig.defaults(kafka.bootstrapServers()).withNamespace(namespace).withTimeout(WAIT);
    }

    private static KafkaRegistry registry(RegistryClientConfig config) {
        return new KafkaRegistry(new ModelRegistryClient(config), new StageRules(RegistryPolicy.defaults(), java.time.Clock.systemUTC()));
    }

    /** Registers through the client the trainer's publisher calls. */
    private static void register(KafkaRegistry registry, String version, double ndcg) {
        registry.client().register(version, "als", lineage(null), als(ndcg), "publish", "trained");
    }

    @Test
    void promoteThroughTheGateThenRollBack() {
        RegistryClientConfig config = config("flow-");
        KafkaRegistry registry = registry(config);
        register(registry, "run_a", 0.090);
        register(registry, "run_b", 0.095);
        register(registry, "run_c", 0.080);
        RegistryRefusedException twice = assertThrows(RegistryRefusedException.class, () -> register(registry, "run_a", 0.1));
        assertTrue(twice.getMessage().contains("run_a is registered already"), twice.getMessage());

        KafkaRegistry.Applied first = registry.promote("run_a", "alice", "first model", false);
        assertEquals(1, first.attempts());
        assertTrue(first.after().entry("run_a").getTransitions().get(1).getReason().endsWith("gate vacuous"));

        RegistryState beforeRefusal = registry.readState();
        GateRefusedException refused = assertThrows(GateRefusedException.class, () -> registry.promote("run_c", "bob", "", false));
        assertTrue(refused.getMessage().contains("run_c als.ndcg 0.0800 vs production run_a als.ndcg 0.0900: -11.1 %"),
                refused.getMessage());
        assertEquals(beforeRefusal, registry.readState(), "a refused promotion writes nothing");

        KafkaRegistry.Applied second = registry.promote("run_b", "bob", "better", false);
        assertEquals(ModelStage.PRODUCTION, second.after().entry("run_b").getStage());
        assertEquals(ModelStage.ARCHIVED, second.after().entry("run_a").getStage());
        assertEquals("replaced by run_b", last(second.after().entry("run_a")).getReason());

        KafkaRegistry.Applied forced = registry.promote("run_c", "carol", "online test says so", true);
        StageTransition f = last(forced.after().entry("run_c"));
        assertTrue(f.getForced());
        assertEquals(0.08, f.getDetails().get("candidate.als.ndcg"));
        assertEquals(Set.of("run_a"), forced.change().removeRowsOf(), "run_a is no rollback target any more");

        KafkaRegistry.Applied rollback = registry.rollback("dave", "forced one is bad");
        RegistryView now = registry.read();
        assertEquals(rollback.after().entries(), now.entries());
        assertEquals(ModelStage.PRODUCTION, now.entry("run_b").getStage());
        assertEquals(ModelStage.ARCHIVED, now.entry("run_c").getStage());

        // run_a's rows are gone: a second rollback is refused and changes nothing
        RegistryState beforeSecondRollback = registry.readState();
        RuleException noTarget = assertThrows(RuleException.class, () -> registry.rollback("dave", ""));
        assertTrue(noTarget.getMessage().startsWith("cannot roll back to run_a: its rows were removed"), noTarget.getMessage());
        assertEquals(beforeSecondRollback, registry.readState());

        // every transition is on the audit topic too, in order
        List<StageTransition> audit = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : readAll(config.auditTopic())) {
            audit.add(AvroSerdes.serde(StageTransition.class).deserializer().deserialize(r.topic(), r.value()));
        }
        List<StageTransition> all = new ArrayList<>();
        now.entries().values().forEach(e -> all.addAll(e.getTransitions()));
        all.sort(java.util.Comparator.comparingLong(StageTransition::getAt));
        assertEquals(all.size(), audit.size());
        assertEquals(new TreeSet<>(all.stream().map(Object::toString).toList()),
                new TreeSet<>(audit.stream().map(Object::toString).toList()));

        // a fresh reader (a restarted CLI or service) resumes from the topic to the same state
        RegistryView fresh = registry(config).read();
        assertEquals(now.entries(), fresh.entries());
        assertEquals(List.of("run_a", "run_b"), fresh.productionHistory());
    }

    /** commitTransaction() returns before the markers are written; apply() returns only once readers can see the change. */
    @Test
    void aReaderThatStartsAfterAChangeSeesIt() {
        RegistryClientConfig config = config("ryw-");
        KafkaRegistry registry = registry(config);
        ModelRegistryClient reader = new ModelRegistryClient(config);
        for (int i = 0; i < 10; i++) {
            String version = "run_" + i;
            register(registry, version, 0.09);
            assertTrue(reader.read().entries().containsKey(version), version + " registered but not visible");
            registry.promote(version, "alice", "", false);
            assertEquals(ModelStage.PRODUCTION, reader.read().entries().get(version).getStage(), version);
        }
    }

    @Test
    void rollbackWithoutAPreviousProductionLeavesTheRegistryUnchanged() {
        KafkaRegistry registry = registry(config("norollback-"));
        RuleException none = assertThrows(RuleException.class, () -> registry.rollback("dave", ""));
        assertEquals("no PRODUCTION version: nothing to roll back", none.getMessage());
        register(registry, "run_a", 0.09);
        registry.promote("run_a", "alice", "", false);
        RegistryState before = registry.readState();
        RuleException e = assertThrows(RuleException.class, () -> registry.rollback("dave", ""));
        assertTrue(e.getMessage().startsWith("no previous production version to roll back to: run_a"), e.getMessage());
        assertEquals(before, registry.readState());
        assertThrows(RuleException.class, () -> registry.promote("run_x", "alice", "", false));
        assertEquals(before, registry.readState());
    }

    @Test
    void retiringAVersionTombstonesItsRowsOnBothModelTopics() {
        RegistryClientConfig config = config("rows-");
        KafkaRegistry registry = registry(config);
        kafka.createTopic(config.itemEmbeddingsTopic(), 2, Map.of("cleanup.policy", "compact"));
        kafka.createTopic(config.itemNeighboursTopic(), 2, Map.of("cleanup.policy", "compact"));
        for (String v : List.of("run_a", "run_b", "run_unregistered")) writeRows(config, v, 5);
        register(registry, "run_a", 0.09);
        register(registry, "run_b", 0.09);
        registry.promote("run_a", "alice", "", false);

        KafkaRegistry.Applied archived = registry.archive("run_b", "bob", "bad data");
        assertEquals(Map.of("run_b", 11), archived.rowsRemoved(), "5 rows + marker on item-embeddings, 5 on item-neighbours");
        assertTrue(RegistryView.rowsRemoved(archived.after().entry("run_b")));

        Set<String> embeddings = liveKeys(config.itemEmbeddingsTopic());
        Set<String> neighbours = liveKeys(config.itemNeighboursTopic());
        assertTrue(embeddings.stream().noneMatch(k -> k.startsWith("run_b/")), embeddings.toString());
        assertTrue(neighbours.stream().noneMatch(k -> k.startsWith("run_b/")), neighbours.toString());
        assertEquals(12, embeddings.size(), "run_a and the unregistered run keep rows and markers");
        assertEquals(10, neighbours.size());
        assertTrue(embeddings.contains(ModelKeys.markerKey("run_a")));
    }

    @Test
    void aMalformedRegistryRecordIsReportedAndSkipped() throws Exception {
        RegistryClientConfig config = config("bad-");
        KafkaRegistry registry = registry(config);
        register(registry, "run_a", 0.09);
        long badOffset;
        try (KafkaProducer<String, byte[]> p = plainProducer()) {
            badOffset = p.send(new ProducerRecord<>(config.registryTopic(), "run_bad", new byte[] {0, 0, 0, 0, 99, 1, 2}))
                    .get(30, TimeUnit.SECONDS).offset();
            byte[] elsewhere = AvroSerdes.serde(ModelRegistryEntry.class).serializer().serialize(config.registryTopic(),
                    RegistryEntries.candidate("run_z", "als", lineage(null), als(0.1), 1L, "x", ""));
            p.send(new ProducerRecord<>(config.registryTopic(), "run_y", elsewhere)).get(30, TimeUnit.SECONDS);
        }
        register(registry, "run_b", 0.09);

        RegistryState state = registry.readState();
        assertEquals(Set.of("run_a", "run_b"), state.entries().keySet());
        assertEquals(2, state.skipped().size(), state.skipped().toString());
        assertEquals("run_bad", state.skipped().get(0).key());
        assertEquals(badOffset, state.skipped().get(0).offset());
        assertEquals(config.registryTopic(), state.skipped().get(0).topic());
        assertTrue(state.skipped().get(0).reason().startsWith("undecodable value"), state.skipped().get(0).reason());
        assertTrue(state.skipped().get(1).toString().contains("key 'run_y': the entry under this key is of version 'run_z'"),
                state.skipped().get(1).toString());
        // and writing goes on
        assertEquals(ModelStage.PRODUCTION, registry.promote("run_a", "alice", "", false).after().entry("run_a").getStage());
    }

    @Test
    void aFencedWriterRetriesOnTheNewStateAndLosesNothing() throws Exception {
        RegistryClientConfig config = config("fence-");
        KafkaRegistry slow = registry(config);
        KafkaRegistry fast = registry(config);
        register(fast, "run_a", 0.09);
        register(fast, "run_b", 0.09);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        CompletableFuture<KafkaRegistry.Applied> slowPromote = CompletableFuture.supplyAsync(() -> slow.apply(view -> {
            if (calls.incrementAndGet() == 1) {
                inside.countDown();
                await(release);
            }
            return slow.rules().promote(view, "run_a", "slow", "", false);
        }));
        assertTrue(inside.await(30, TimeUnit.SECONDS), "the slow writer read the registry");
        // the fast writer initialises the same transactional.id: the slow one is fenced
        fast.archive("run_b", "fast", "while the other one thinks");
        release.countDown();
        KafkaRegistry.Applied applied = slowPromote.get(60, TimeUnit.SECONDS);

        assertEquals(2, applied.attempts());
        assertEquals(2, calls.get());
        RegistryView now = fast.read();
        assertEquals(ModelStage.PRODUCTION, now.entry("run_a").getStage());
        assertEquals(ModelStage.ARCHIVED, now.entry("run_b").getStage(), "the fast writer's change is kept");
        assertEquals("fast", now.entry("run_b").getTransitions().get(1).getBy());
        assertEquals(5, readAll(config.auditTopic()).size(), "2 registrations, archive + rows removed, promotion");
    }

    @Test
    void aWriteBetweenReadAndCommitIsAConflictAndRetried() throws Exception {
        RegistryClientConfig config = config("conflict-");
        KafkaRegistry registry = registry(config);
        register(registry, "run_a", 0.09);
        AtomicInteger calls = new AtomicInteger();
        KafkaRegistry.Applied applied = registry.apply(view -> {
            if (calls.incrementAndGet() == 1) {
                // a tool that ignores the shared transactional.id writes between this writer's read and write
                try (KafkaProducer<String, byte[]> p = plainProducer()) {
                    byte[] rogue = AvroSerdes.serde(ModelRegistryEntry.class).serializer().serialize(config.registryTopic(),
                            RegistryEntries.candidate("run_rogue", "als", lineage(null), als(0.1), 1L, "tool", ""));
                    p.send(new ProducerRecord<>(config.registryTopic(), "run_rogue", rogue)).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
            return registry.rules().promote(view, "run_a", "alice", "", false);
        });
        assertEquals(2, applied.attempts());
        assertTrue(applied.before().entries().containsKey("run_rogue"), "the retry saw the concurrent write");
        RegistryView now = registry.read();
        assertEquals(ModelStage.PRODUCTION, now.entry("run_a").getStage());
        assertEquals(2, now.entry("run_a").getTransitions().size(), "the aborted attempt left no transition");
    }

    @Test
    void aWriterThatDiesMidWayLeavesTheRegistryUnchanged() throws Exception {
        RegistryClientConfig config = config("crash-");
        KafkaRegistry registry = registry(config);
        register(registry, "run_a", 0.09);
        RegistryState before = registry.readState();
        int auditBefore = readAll(config.auditTopic()).size();

        // 1. a failure after every record is sent, before the commit: the writer aborts
        KafkaRegistry dying = new KafkaRegistry(new ModelRegistryClient(config).withBeforeCommit(() -> {
            throw new IllegalStateException("simulated crash before commit");
        }), registry.rules());
        IllegalStateException crash = assertThrows(IllegalStateException.class, () -> dying.promote("run_a", "x", "", false));
        assertEquals("simulated crash before commit", crash.getMessage());
        assertEquals(before, registry.readState());
        assertEquals(auditBefore, readAll(config.auditTopic()).size());

        // 2. a process killed with its transaction open (same transactional.id, no commit, no abort)
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        KafkaProducer<String, byte[]> killed = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        killed.initTransactions();
        killed.beginTransaction();
        ModelRegistryEntry half = RegistryEntries.append(before.entries().get("run_a"), List.of(RegistryEntries.transition(
                "run_a", ModelStage.CANDIDATE, ModelStage.PRODUCTION, 2L, "killed", "", false, Map.of())));
        killed.send(new ProducerRecord<>(config.registryTopic(), "run_a",
                AvroSerdes.serde(ModelRegistryEntry.class).serializer().serialize(config.registryTopic(), half)));
        killed.flush();
        killed.close(Duration.ZERO);
        assertEquals(before, registry.readState(), "an open transaction is invisible to read_committed readers");

        // the next writer aborts the dangling transaction and goes on from the committed state
        KafkaRegistry.Applied next = registry.archive("run_a", "ops", "after the crash");
        assertEquals(before.entries(), next.before().entries());
        RegistryView now = registry.read();
        assertEquals(ModelStage.ARCHIVED, now.entry("run_a").getStage());
        assertTrue(now.entry("run_a").getTransitions().stream().noneMatch(t -> t.getBy().equals("killed")));
    }

    @Test
    void experimentsStartAndStopWithTheTreatmentsStage() throws Exception {
        RegistryClientConfig config = config("exp-");
        KafkaRegistry registry = registry(config);
        KafkaExperiments experiments = new KafkaExperiments(registry);
        register(registry, "run_a", 0.09);
        register(registry, "run_b", 0.09);
        register(registry, "run_c", 0.09);
        registry.promote("run_a", "alice", "", false);

        KafkaRegistry.Applied started = experiments.start(ExperimentSpec.of("run_a", "run_b", 0.5).withId("exp-1"), "alice", "ab");
        assertEquals(ModelStage.STAGING, started.after().entry("run_b").getStage());
        assertEquals(ExperimentStatus.RUNNING, experiments.show("exp-1").getStatus());

        RegistryState before = registry.readState();
        RuleException overlapping = assertThrows(RuleException.class, () ->
                experiments.start(ExperimentSpec.of("run_a", "run_c", 0.5).withId("exp-2"), "alice", ""));
        assertTrue(overlapping.getMessage().contains("experiment exp-1 is running"), overlapping.getMessage());
        assertEquals(before, registry.readState());

        // arm counts as the topology would write them
        try (KafkaProducer<String, byte[]> p = plainProducer()) {
            var serializer = AvroSerdes.serde(OnlineMetrics.class).serializer();
            for (String arm : List.of("control", "treatment")) {
                ArmCounts counts = new ArmCounts(10L, 100L, 60L, 30L, arm.equals("control") ? 12L : 15L);
                OnlineMetrics m = OnlineMetrics.newBuilder().setScope(ArmMetrics.scope("exp-1", arm)).setModelVersion("x")
                        .setExperimentId("exp-1").setArm(arm).setCumulative(counts).setWindowStart(0L).setWindowMs(60_000L)
                        .setWindow(counts).setUpdatedAt(1L).build();
                p.send(new ProducerRecord<>("exp-online-metrics", m.getScope(), serializer.serialize("t", m))).get(30, TimeUnit.SECONDS);
            }
        }
        Map<String, OnlineMetrics> arms = ArmMetrics.read(kafka.bootstrapServers(), "exp-online-metrics", "exp-1", WAIT);
        assertEquals(15L, arms.get("treatment").getCumulative().getHits());
        assertEquals(12L, arms.get("control").getCumulative().getHits());
        assertTrue(ArmMetrics.read(kafka.bootstrapServers(), "exp-no-such-topic", "exp-1", WAIT).isEmpty());

        KafkaRegistry.Applied stopped = experiments.stop("exp-1", "bob", "enough");
        assertEquals(ModelStage.CANDIDATE, stopped.after().entry("run_b").getStage());
        Experiment x = experiments.show("exp-1");
        assertEquals(ExperimentStatus.STOPPED, x.getStatus());
        assertEquals(List.of("exp-1"), experiments.list().stream().map(Experiment::getExperimentId).toList());
        assertEquals(ExperimentStatus.RUNNING, experiments.start(ExperimentSpec.of("run_a", "run_c", 0.5).withId("exp-2"),
                "alice", "").after().experiment("exp-2").getStatus());
    }

    @Test
    void anUnreachableBrokerIsAClearError() throws Exception {
        int closedPort;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        ModelRegistryClient client = new ModelRegistryClient(RegistryClientConfig.defaults("localhost:" + closedPort)
                .withTimeout(Duration.ofSeconds(2)));
        RegistryException e = assertThrows(RegistryException.class, client::read);
        assertTrue(e.getMessage().startsWith("cannot reach Kafka at localhost:" + closedPort + " within 2 s"), e.getMessage());
        assertThrows(RegistryException.class, () -> client.apply(s -> RegistryWrite.empty()));
    }

    // ---------------------------------------------------------------- helpers

    private static StageTransition last(ModelRegistryEntry e) {
        return e.getTransitions().get(e.getTransitions().size() - 1);
    }

    private static void await(CountDownLatch latch) {
        try {
            if (!latch.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("not released in 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static KafkaProducer<String, byte[]> plainProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** {@code n} item rows + marker on item-embeddings and {@code n} rows on item-neighbours for {@code version}. */
    private static void writeRows(RegistryClientConfig config, String version, int n) {
        var items = AvroSerdes.serde(ItemEmbedding.class).serializer();
        var neighbours = AvroSerdes.serde(ItemNeighbours.class).serializer();
        try (KafkaProducer<String, byte[]> p = plainProducer()) {
            for (int movie = 1; movie <= n; movie++) {
                ItemEmbedding row = ItemEmbedding.newBuilder().setModelVersion(version).setMovieId(movie)
                        .setFactors(List.of(0.1f, 0.2f)).setTitle("m" + movie).setYear(null).setGenres(List.of())
                        .setPopularityScore(1.0).setPopularityRank(movie).setContentNeighbours(List.of()).build();
                p.send(new ProducerRecord<>(config.itemEmbeddingsTopic(), ModelKeys.itemKey(version, movie),
                        items.serialize(config.itemEmbeddingsTopic(), row)));
                ItemNeighbours nb = ItemNeighbours.newBuilder().setModelVersion(version).setMovieId(movie)
                        .setNeighbours(List.of(1)).setWeights(List.of(0.5f)).build();
                p.send(new ProducerRecord<>(config.itemNeighboursTopic(), ModelKeys.itemKey(version, movie),
                        neighbours.serialize(config.itemNeighboursTopic(), nb)));
            }
            p.send(new ProducerRecord<>(config.itemEmbeddingsTopic(), ModelKeys.markerKey(version), items.serialize(
                    config.itemEmbeddingsTopic(), ModelKeys.markerRecord(ModelKeys.version(version, n, 0, 2)))));
            p.flush();
        }
    }

    /** Keys whose latest committed record is not a tombstone. */
    private static Set<String> liveKeys(String topic) {
        Map<String, Boolean> live = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> r : readAll(topic)) live.put(r.key(), r.value() != null);
        Set<String> out = new TreeSet<>();
        live.forEach((k, v) -> {
            if (v) out.add(k);
        });
        return out;
    }

    /** Every committed record of {@code topic}, from the beginning to the end offsets taken now. */
    private static List<ConsumerRecord<String, byte[]>> readAll(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new AssertionError("did not reach the end of " + topic + " in " + WAIT);
                consumer.poll(Duration.ofMillis(100)).forEach(out::add);
            }
        }
        return out;
    }
}
