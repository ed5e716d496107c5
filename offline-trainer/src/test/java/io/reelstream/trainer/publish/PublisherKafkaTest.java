package io.reelstream.trainer.publish;

import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.ModelVersion;
import io.reelstream.schemas.Topics;
import io.reelstream.schemas.UserSeed;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publish on a real broker: the same run twice, then read both topics back. */
class PublisherKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    /** Topics of their own, so the command test (default topics) does not interfere. */
    private static final String ITEMS_TOPIC = "twice-item-embeddings";
    private static final String SEEDS_TOPIC = "twice-user-seeds";
    private static final Deserializer<String> STRINGS = new StringDeserializer();
    private static final Deserializer<Integer> INTS = new IntegerDeserializer();
    private static EmbeddedKafkaCluster kafka;

    @TempDir
    Path models;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void publishingTheSameRunTwiceWritesTheSameKeysAndBytes() throws Exception {
        Path run = FixtureRun.write(models);
        Publisher.Options options = Publisher.Options.defaults(kafka.bootstrapServers()).withPartitions(2)
                .withTopics(ITEMS_TOPIC, "twice-item-neighbours", SEEDS_TOPIC, "twice-model-registry");
        StringWriter progress = new StringWriter();
        Publisher publisher = new Publisher(options, new PrintWriter(progress, true));

        Publisher.Result first = publisher.publish(run);
        Publisher.Result second = publisher.publish(run);

        assertEquals(FixtureRun.NAME, first.modelVersion());
        assertEquals(4, first.items());
        assertEquals(2, first.users());
        assertEquals(first.items(), second.items());
        assertTrue(progress.toString().contains("created topic " + ITEMS_TOPIC + " (cleanup.policy=compact, partitions=2"),
                progress.toString());
        assertTrue(progress.toString().contains(ITEMS_TOPIC + ": 4/4 (100%)"), progress.toString());

        // Before compaction the log holds both publishes: 4 movies + 1 marker, twice, keyed by version.
        List<ConsumerRecord<String, byte[]>> items = readAll(ITEMS_TOPIC, STRINGS);
        assertEquals(10, items.size());
        Map<String, List<byte[]>> byKey = byKey(items);
        String v = FixtureRun.NAME + "/";
        assertEquals(List.of(v + "1", v + "2", v + "3", v + "50", v + "marker"), byKey.keySet().stream().sorted().toList());
        byKey.forEach((key, values) -> {
            assertEquals(2, values.size(), "key " + key);
            assertArrayEquals(values.get(0), values.get(1), "re-publish writes identical bytes for key " + key);
        });

        var deserializer = AvroSerdes.serde(ItemEmbedding.class).deserializer();
        ItemEmbedding markerRow = deserializer.deserialize(Topics.ITEM_EMBEDDINGS_TOPIC,
                byKey.get(ModelKeys.markerKey(FixtureRun.NAME)).get(0));
        ModelVersion marker = markerRow.getMarker();
        assertEquals(FixtureRun.NAME, marker.getModelVersion());
        assertEquals(4, marker.getItems());
        assertEquals(2, marker.getUsers());
        assertEquals(FixtureRun.K, marker.getFactors());
        assertEquals("als", marker.getKind());
        assertEquals(0, marker.getNeighbourItems());
        for (ConsumerRecord<String, byte[]> r : items) {
            ModelKeys.Key key = ModelKeys.parse(r.key());
            assertEquals(FixtureRun.NAME, key.modelVersion());
            if (!key.marker()) {
                ItemEmbedding item = deserializer.deserialize(r.topic(), r.value());
                assertEquals(FixtureRun.NAME, item.getModelVersion());
                assertEquals(key.movieId(), item.getMovieId());
            }
        }

        List<ConsumerRecord<Integer, byte[]>> seeds = readAll(SEEDS_TOPIC, INTS);
        assertEquals(4, seeds.size());
        UserSeed seven = AvroSerdes.serde(UserSeed.class).deserializer()
                .deserialize(Topics.USER_SEEDS_TOPIC, byKey(seeds).get(7).get(0));
        assertEquals(3, seven.getHistory().size());

        try (Admin admin = kafka.admin()) {
            for (String topic : List.of(ITEMS_TOPIC, SEEDS_TOPIC)) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(List.of(resource)).all()
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).get(resource);
                assertEquals("compact", config.get("cleanup.policy").value(), topic);
                assertEquals(2, admin.describeTopics(List.of(topic)).allTopicNames()
                        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS).get(topic).partitions().size(), topic);
            }
        }
    }

    @Test
    void aNewVersionLivesBesideTheOldOneUntilItFallsOutOfTheKeptVersions() throws Exception {
        String items = "replace-item-embeddings";
        String seeds = "replace-user-seeds";
        Publisher.Options options = Publisher.Options.defaults(kafka.bootstrapServers())
                .withTopics(items, "replace-item-neighbours", seeds, "replace-model-registry").withKeepVersions(2)
                .withRegister(false); // no registry in use: the publisher keeps the newest versions itself
        StringWriter progress = new StringWriter();
        Publisher publisher = new Publisher(options, new PrintWriter(progress, true));
        Path older = FixtureRun.write(models);
        Path newer = FixtureRun.writeSmallerSuccessor(models, "run_20261124T000000Z");
        Path newest = FixtureRun.writeSmallerSuccessor(models, "run_20261125T000000Z");

        publisher.publish(older);
        Publisher.Result second = publisher.publish(newer);

        assertEquals(List.of(), second.removedVersions(), "two versions kept");
        assertEquals(1, second.removedUsers(), "user 9");
        var itemSerde = AvroSerdes.serde(ItemEmbedding.class).deserializer();
        Map<String, byte[]> live = latestByKey(readAll(items, STRINGS));
        assertEquals(List.of(FixtureRun.NAME + "/1", FixtureRun.NAME + "/2", FixtureRun.NAME + "/3", FixtureRun.NAME + "/50",
                        FixtureRun.NAME + "/marker", "run_20261124T000000Z/1", "run_20261124T000000Z/2",
                        "run_20261124T000000Z/3", "run_20261124T000000Z/marker"),
                live.keySet().stream().sorted().toList());
        live.forEach((key, value) -> assertEquals(ModelKeys.parse(key).modelVersion(),
                itemSerde.deserialize(items, value).getModelVersion(), "key " + key));
        assertEquals(List.of(7), latestByKey(readAll(seeds, INTS)).keySet().stream().toList());

        Publisher.Result third = publisher.publish(newest);

        assertEquals(List.of(FixtureRun.NAME), third.removedVersions());
        assertTrue(progress.toString().contains("removed 1 older model version(s) beyond the newest 2"), progress.toString());
        assertEquals(List.of("run_20261124T000000Z", "run_20261125T000000Z"), latestByKey(readAll(items, STRINGS)).keySet()
                .stream().map(k -> ModelKeys.parse(k).modelVersion()).distinct().sorted().toList());
    }

    @Test
    void aPublishedVersionIsRegisteredAsACandidateWithItsLineageOnce() throws Exception {
        Path run = FixtureRun.write(models);
        Publisher.Options options = Publisher.Options.defaults(kafka.bootstrapServers())
                .withTopics("reg-item-embeddings", "reg-item-neighbours", "reg-user-seeds", "reg-model-registry")
                .withTrigger("feedback-count");
        StringWriter progress = new StringWriter();
        Publisher publisher = new Publisher(options, new PrintWriter(progress, true));

        assertEquals("registered as CANDIDATE", publisher.publish(run).registration());
        assertEquals("already registered (CANDIDATE)", publisher.publish(run).registration(), "a version never changes");

        var registry = new io.reelstream.schemas.registry.ModelRegistryClient(
                io.reelstream.schemas.registry.RegistryClientConfig.defaults(kafka.bootstrapServers())
                        .with(io.reelstream.schemas.registry.RegistryClientConfig.REGISTRY_TOPIC_CONFIG, "reg-model-registry"));
        var entry = registry.read().entries().get(FixtureRun.NAME);
        assertEquals(io.reelstream.schemas.ModelStage.CANDIDATE, entry.getStage());
        assertEquals("als", entry.getKind());
        assertEquals("feedback-count", entry.getLineage().getTrigger());
        assertEquals(null, entry.getLineage().getParentVersion(), "no production version yet");
        assertEquals(0.25, entry.getOfflineMetrics().get("als.ndcg"), 1e-12);
        assertTrue(progress.toString().contains("promote it with: reelstream models promote " + FixtureRun.NAME),
                progress.toString());
    }

    @Test
    void commandPublishesLatestAndExplainsFailures() throws Exception {
        FixtureRun.write(models);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new PublishCommand())
                .setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true));

        int ok = cli.execute("--models", models.toString(), "--bootstrap-servers", kafka.bootstrapServers());
        assertEquals(0, ok, err.toString());
        assertTrue(out.toString().contains("published model " + FixtureRun.NAME + ": 4 items (k=2) to item-embeddings,"
                + " 0 neighbour rows to item-neighbours, 2 user seeds to user-seeds"), out.toString());

        int missing = cli.execute("--models", models.resolve("nowhere").toString(),
                "--bootstrap-servers", kafka.bootstrapServers());
        assertEquals(1, missing);
        assertTrue(err.toString().contains("no trained model") && err.toString().contains("--run DIR"), err.toString());

        assertEquals(2, cli.execute("--partitions", "0"));
    }

    @Test
    void unreachableBrokerFailsWithinTheTimeout() throws Exception {
        Path run = FixtureRun.write(models);
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Publisher.Options options = Publisher.Options.defaults("localhost:" + closedPort)
                .withTimeout(Duration.ofSeconds(2));
        Publisher publisher = new Publisher(options, new PrintWriter(new StringWriter()));

        PublishException e = assertThrows(PublishException.class, () -> publisher.publish(run));
        assertTrue(e.getMessage().startsWith("cannot reach Kafka at localhost:" + closedPort + " within 2 s"), e.getMessage());
        assertTrue(e.getMessage().contains("check --bootstrap-servers"), e.getMessage());
    }

    /** Every record of {@code topic}, read from the beginning to the end offsets taken now. */
    private static <K> List<ConsumerRecord<K, byte[]>> readAll(String topic, Deserializer<K> keys) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<ConsumerRecord<K, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<K, byte[]> consumer = new KafkaConsumer<>(props, keys, new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, WAIT).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, WAIT);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) throw new AssertionError("did not reach the end of " + topic + " in " + WAIT);
                consumer.poll(Duration.ofMillis(200)).forEach(out::add);
            }
        }
        return out;
    }

    /** What compaction will keep: the latest value per key, tombstoned keys dropped. */
    private static <K> Map<K, byte[]> latestByKey(List<ConsumerRecord<K, byte[]>> records) {
        Map<K, byte[]> out = new HashMap<>();
        for (ConsumerRecord<K, byte[]> r : records) {
            if (r.value() == null) out.remove(r.key());
            else out.put(r.key(), r.value());
        }
        return out;
    }

    private static <K> Map<K, List<byte[]>> byKey(List<ConsumerRecord<K, byte[]>> records) {
        Map<K, List<byte[]>> out = new HashMap<>();
        for (ConsumerRecord<K, byte[]> r : records) {
            out.computeIfAbsent(r.key(), k -> new ArrayList<>()).add(Arrays.copyOf(r.value(), r.value().length));
        }
        return out;
    }
}
