package io.reelstream.topology.process;

import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ItemNeighbours;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelVersion;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.UserSeed;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.RecommenderTopology;
import io.reelstream.topology.TestCatalog;
import io.reelstream.topology.config.TopologyConfig;
import io.reelstream.topology.metrics.StreamMetrics;
import io.reelstream.topology.model.ModelHolder;
import io.reelstream.topology.state.UserState;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** A TopologyTestDriver around RecommenderTopology with typed input and output topics. */
final class TopologyDriverFixture implements AutoCloseable {
    final TopologyConfig config;
    final ModelHolder models = new ModelHolder();
    final StreamMetrics metrics = new StreamMetrics();
    final TopologyTestDriver driver;
    final TestInputTopic<String, ItemEmbedding> items;
    final TestInputTopic<String, ItemNeighbours> neighbours;
    final TestInputTopic<String, ModelRegistryEntry> registry;
    final TestInputTopic<String, Experiment> experiments;
    final TestInputTopic<String, byte[]> rawRegistry;
    final TestInputTopic<Integer, Swipe> swipes;
    final TestInputTopic<byte[], byte[]> rawSwipes;
    final TestInputTopic<Integer, UserSeed> seeds;
    final TestOutputTopic<Integer, RecommendationList> lists;
    final TestOutputTopic<byte[], DeadLetter> deadLetters;
    private final Path stateDir;
    private int eventCounter;

    TopologyDriverFixture(TopologyConfig base) throws Exception {
        stateDir = Files.createTempDirectory("reelstream-ttd");
        this.config = base.with(TopologyConfig.STATE_DIR_CONFIG, stateDir.toString());
        Properties props = RecommenderTopology.streamsConfig(config);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
        driver = new TopologyTestDriver(RecommenderTopology.buildTopology(config, models, metrics), props);
        items = driver.createInputTopic(config.itemEmbeddingsTopic(), Serdes.String().serializer(),
                AvroSerdes.serde(ItemEmbedding.class).serializer());
        neighbours = driver.createInputTopic(config.itemNeighboursTopic(), Serdes.String().serializer(),
                AvroSerdes.serde(ItemNeighbours.class).serializer());
        registry = driver.createInputTopic(config.modelRegistryTopic(), Serdes.String().serializer(),
                AvroSerdes.serde(ModelRegistryEntry.class).serializer());
        rawRegistry = driver.createInputTopic(config.modelRegistryTopic(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer());
        experiments = driver.createInputTopic(config.experimentsTopic(), Serdes.String().serializer(),
                AvroSerdes.serde(Experiment.class).serializer());
        swipes = driver.createInputTopic(config.swipesTopic(), Serdes.Integer().serializer(),
                AvroSerdes.serde(Swipe.class).serializer());
        rawSwipes = driver.createInputTopic(config.swipesTopic(), Serdes.ByteArray().serializer(),
                Serdes.ByteArray().serializer());
        seeds = driver.createInputTopic(config.userSeedsTopic(), Serdes.Integer().serializer(),
                AvroSerdes.serde(UserSeed.class).serializer());
        lists = driver.createOutputTopic(config.recommendationsTopic(), Serdes.Integer().deserializer(),
                AvroSerdes.serde(RecommendationList.class).deserializer());
        deadLetters = driver.createOutputTopic(config.swipesDlqTopic(), Serdes.ByteArray().deserializer(),
                AvroSerdes.serde(DeadLetter.class).deserializer());
    }

    TopologyDriverFixture() throws Exception {
        this(TopologyConfig.defaultConfig().with(TopologyConfig.RECOMMENDATIONS_SIZE_CONFIG, "5"));
    }

    /** Publishes every row of a version, then its marker (the publisher's order). */
    void publish(String version, Map<Integer, ItemEmbedding> rows, int k) {
        rows.forEach((movieId, row) -> items.pipeInput(ModelKeys.itemKey(version, movieId), row));
        items.pipeInput(ModelKeys.markerKey(version), TestCatalog.marker(version, rows.size(), k));
    }

    /** Publishes an item-to-item version: its neighbour rows, its items, then a marker of kind itemitem. */
    void publishItemItem(String version, Map<Integer, ItemEmbedding> rows, Map<Integer, ItemNeighbours> neighbourRows,
                         int k, Map<String, String> settings) {
        publishWithNeighbours("itemitem", version, rows, neighbourRows, k, settings);
    }

    /** Publishes a version of a kind with neighbour rows (itemitem, blend): the rows, the items, then its marker. */
    void publishWithNeighbours(String kind, String version, Map<Integer, ItemEmbedding> rows,
                               Map<Integer, ItemNeighbours> neighbourRows, int k, Map<String, String> settings) {
        neighbourRows.forEach((movieId, row) -> neighbours.pipeInput(ModelKeys.itemKey(version, movieId), row));
        rows.forEach((movieId, row) -> items.pipeInput(ModelKeys.itemKey(version, movieId), row));
        ModelVersion marker = ModelKeys.version(version, rows.size(), 0, k);
        marker.setKind(kind);
        marker.setNeighbourItems(neighbourRows.size());
        marker.setSettings(settings);
        items.pipeInput(ModelKeys.markerKey(version), ModelKeys.markerRecord(marker));
    }

    Swipe swipe(int userId, int movieId, Integer preference, Integer bucket) {
        return Swipe.newBuilder().setEventId("e" + (++eventCounter)).setUserId(userId).setMovieId(movieId)
                .setPreference(preference).setBucket(bucket).setEventTime(1_000L * eventCounter).setSource("test").build();
    }

    /** Sends a swipe and returns the list it produced (fails if none). */
    RecommendationList swipeAndRead(int userId, int movieId, int preference) {
        swipes.pipeInput(userId, swipe(userId, movieId, preference, null));
        if (lists.isEmpty()) throw new AssertionError("no list for user " + userId + " after swiping movie " + movieId
                + "; dead letters: " + deadLetters.readValuesToList());
        List<RecommendationList> out = lists.readValuesToList();
        return out.get(out.size() - 1);
    }

    UserState state(int userId) {
        KeyValueStore<Integer, UserState> store = driver.getKeyValueStore(RecommenderTopology.USER_STATE_STORE);
        return store.get(userId);
    }

    @Override
    public void close() {
        driver.close();
        // the driver removes its stores, not the temp dir they lived in: hundreds piled up in /tmp
        try (var paths = Files.walk(stateDir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException | java.io.UncheckedIOException e) {
            // a leftover temp dir is not worth failing a test for
        }
    }
}
