package io.reelstream.topology;

import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.UserSeed;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.config.TopologyConfig;
import io.reelstream.topology.engine.RecommendationEngine;
import io.reelstream.topology.metrics.StreamMetrics;
import io.reelstream.topology.model.FoldInOverrides;
import io.reelstream.topology.model.ModelHolder;
import io.reelstream.topology.model.ModelLoader;
import io.reelstream.topology.process.TopologyParts;
import io.reelstream.topology.rank.Rankers;
import io.reelstream.topology.state.UserStateSerde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.Stores;

import java.util.Properties;

/**
 * The recommender's dataflow in one place:
 * <pre>
 *   item-embeddings ──► [item-embeddings-updater] ──► global store item-embeddings (bytes, every instance)
 *                                                        └─► ModelLoader: snapshot per version (Y, YᵀY, ranker, …)
 *   user-seeds ───────► [user-seed-processor] ──┐
 *                                               ├──► store user-state (RocksDB, changelogged)
 *   swipes ───────────► [swipe-processor] ──────┘
 *                            ├──► recommendations   (key userId, RecommendationList)
 *                            └──► swipes-dlq        (key as read, DeadLetter)  ◄── also bad seeds
 * </pre>
 * Sources read raw bytes and the processors decode, so a bad record reaches the dead-letter topic
 * with its bytes and offset instead of being dropped by a deserialisation handler. user-seeds and
 * swipes share the user-state store, so they must have the same partition count (co-partitioned
 * by userId with the default partitioner).
 */
public final class RecommenderTopology {
    /** Per user: history (movieId → preference, time; the seen filter), vector and its model version. */
    public static final String USER_STATE_STORE = "user-state";
    /** Global mirror of item-embeddings (movieId → ItemEmbedding bytes; key −1 = model marker). */
    public static final String ITEM_EMBEDDINGS_STORE = "item-embeddings-store";

    static final String ITEM_EMBEDDINGS_SOURCE = "item-embeddings-source";
    static final String ITEM_EMBEDDINGS_UPDATER = "item-embeddings-updater";
    static final String SWIPES_SOURCE = "swipes-source";
    static final String USER_SEEDS_SOURCE = "user-seeds-source";
    static final String SWIPE_PROCESSOR = "swipe-processor";
    static final String USER_SEED_PROCESSOR = "user-seed-processor";
    static final String RECOMMENDATIONS_SINK = "recommendations-sink";
    static final String DEAD_LETTER_SINK = "dead-letter-sink";

    private RecommenderTopology() {}

    /** The topology with a fresh model holder and metrics (tests that only look at topics). */
    public static Topology buildTopology(TopologyConfig config) {
        return buildTopology(config, new ModelHolder(), new StreamMetrics());
    }

    /**
     * @param models  the instance's model holder, shared with REST
     * @param metrics the instance's metrics, shared with REST's /metrics
     */
    public static Topology buildTopology(TopologyConfig config, ModelHolder models, StreamMetrics metrics) {
        ModelLoader loader = new ModelLoader(models, AvroSerdes.serde(ItemEmbedding.class).deserializer(),
                FoldInOverrides.from(config), Rankers::forModel, metrics, config.itemEmbeddingsTopic());
        RecommendationEngine engine = RecommendationEngine.from(config, metrics);
        metrics.bindModel(() -> models.current() == null ? "" : models.current().version(),
                () -> models.current() == null ? 0 : models.current().rows());

        Topology topology = new Topology();
        // Every instance holds the whole catalogue: a swipe on any partition can be ranked locally.
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ITEM_EMBEDDINGS_STORE),
                        Serdes.Integer(), Serdes.ByteArray()).withLoggingDisabled(), // the topic is its changelog
                ITEM_EMBEDDINGS_SOURCE, Serdes.Integer().deserializer(), Serdes.ByteArray().deserializer(),
                config.itemEmbeddingsTopic(), ITEM_EMBEDDINGS_UPDATER,
                () -> TopologyParts.itemEmbeddingsUpdater(ITEM_EMBEDDINGS_STORE, loader));

        topology.addSource(SWIPES_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                config.swipesTopic());
        topology.addSource(USER_SEEDS_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                config.userSeedsTopic());

        topology.addProcessor(SWIPE_PROCESSOR,
                () -> TopologyParts.swipeProcessor(USER_STATE_STORE, ITEM_EMBEDDINGS_STORE, RECOMMENDATIONS_SINK,
                        DEAD_LETTER_SINK, AvroSerdes.serde(Swipe.class).deserializer(), loader, engine, metrics,
                        config.recommendationsSize()),
                SWIPES_SOURCE);
        topology.addProcessor(USER_SEED_PROCESSOR,
                () -> TopologyParts.userSeedProcessor(USER_STATE_STORE, DEAD_LETTER_SINK,
                        AvroSerdes.serde(UserSeed.class).deserializer(), loader, engine, metrics),
                USER_SEEDS_SOURCE);
        // RocksDB, changelogged: EOS restores it exactly after a crash or a rebalance.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USER_STATE_STORE),
                Serdes.Integer(), new UserStateSerde()), SWIPE_PROCESSOR, USER_SEED_PROCESSOR);

        topology.addSink(RECOMMENDATIONS_SINK, config.recommendationsTopic(), Serdes.Integer().serializer(),
                AvroSerdes.serde(RecommendationList.class).serializer(), SWIPE_PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, config.swipesDlqTopic(), Serdes.ByteArray().serializer(),
                AvroSerdes.serde(DeadLetter.class).serializer(), SWIPE_PROCESSOR, USER_SEED_PROCESSOR);
        return topology;
    }

    /** Kafka Streams properties of one instance, each line saying why. */
    public static Properties streamsConfig(TopologyConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId()); // the consumer group and state prefix
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir()); // RocksDB user-state lives here
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        // Standby copies of user-state on other instances: quick failover, and REST can read them.
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        // A swipe's state update, its list and its input offset commit atomically (transactions v2).
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        // EOS commits bound the swipe → list latency consumers of read_committed see: keep it short.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        // An idle thread blocks in poll() for up to poll.ms before it checks the commit interval, so
        // the last swipes before a pause waited up to 100 ms (the default) for their transaction.
        p.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, config.commitIntervalMs() / 2));
        // host:port of this instance's REST server, so any instance can route a key to its owner.
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.applicationServer());
        // Sources read bytes, so this only guards the global item-embeddings key (an int): skip, log, go on.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // Records are processed as they come; no caching delay between a swipe and its list.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 0);
        // Read our own output quickly in tests/demo; a tiny linger batches under load without adding latency.
        p.put(StreamsConfig.producerPrefix("linger.ms"), 5);
        return p;
    }
}
