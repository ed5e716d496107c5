package io.reelstream.topology;

import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.OnlineMetrics;
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
import io.reelstream.topology.online.OnlineParts;
import io.reelstream.topology.process.TopologyParts;
import io.reelstream.topology.rank.Rankers;
import io.reelstream.topology.state.UserStateSerde;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.Stores;

import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The recommender's dataflow in one place:
 * <pre>
 *   item-embeddings ──► [item-embeddings-updater] ──► global store (every instance) ─┐
 *   item-neighbours ──► [item-neighbours-updater] ──► global store ───────────────────┤ ModelLoader → Serving:
 *   model-registry ───► [model-registry-updater] ──► global store ───────────────────┤ production, experiment
 *   experiments ──────► [experiments-updater] ──────► global store ───────────────────┘ arms (one snapshot each)
 *   user-seeds ───────► [user-seed-processor] ──┐
 *                                               ├──► store user-state (RocksDB, changelogged)
 *   swipes ───────────► [swipe-processor] ──────┘
 *                            ├──► recommendations   (key userId, RecommendationList)
 *                            ├──► swipes-dlq        (key as read, DeadLetter)  ◄── also bad seeds
 *                            └──► online-metric-partials ──► [aggregator] ──► online-metrics (key scope)
 *                                 (cumulative counts per scope and task, ≤ 1/s)   store online-metrics-store
 * </pre>
 * Sources read raw bytes and the processors decode, so a bad record reaches the dead-letter topic
 * with its bytes and offset instead of being dropped by a deserialisation handler. user-seeds and
 * swipes share the user-state store, so they must have the same partition count (co-partitioned
 * by userId with the default partitioner).
 */
public final class RecommenderTopology {
    /** Per user: history (movieId → preference, time; the seen filter), vector and its model version. */
    public static final String USER_STATE_STORE = "user-state";
    /** Global mirror of item-embeddings ('&lt;version&gt;/&lt;movieId&gt;' → ItemEmbedding bytes; '/marker' = the version's marker). */
    public static final String ITEM_EMBEDDINGS_STORE = "item-embeddings-store";
    /** Global mirror of item-neighbours ('&lt;version&gt;/&lt;movieId&gt;' → ItemNeighbours bytes). */
    public static final String ITEM_NEIGHBOURS_STORE = "item-neighbours-store";
    /** Global mirror of model-registry (version → ModelRegistryEntry bytes). */
    public static final String MODEL_REGISTRY_STORE = "model-registry-store";
    /** Global mirror of experiments (experimentId → Experiment bytes). */
    public static final String EXPERIMENTS_STORE = "experiments-store";
    /** Per swipe task: cumulative online counts per scope (cached: one changelog write per scope per commit). */
    public static final String ONLINE_COUNTS_STORE = "online-counts";
    /** The aggregator's totals per scope (every task's partials summed), queried by REST. */
    public static final String ONLINE_METRICS_STORE = "online-metrics-store";

    static final String SWIPES_SOURCE = "swipes-source";
    static final String USER_SEEDS_SOURCE = "user-seeds-source";
    static final String SWIPE_PROCESSOR = "swipe-processor";
    static final String USER_SEED_PROCESSOR = "user-seed-processor";
    static final String RECOMMENDATIONS_SINK = "recommendations-sink";
    static final String DEAD_LETTER_SINK = "dead-letter-sink";
    static final String PARTIALS_SINK = "online-partials-sink";
    static final String PARTIALS_SOURCE = "online-partials-source";
    static final String ONLINE_AGGREGATOR = "online-metrics-aggregator";
    static final String ONLINE_METRICS_SINK = "online-metrics-sink";

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
        io.reelstream.topology.rank.Retrieval retrieval = config.retrieval();
        io.reelstream.core.rank.ItemRanker.Scan scan = config.rankScan();
        ModelLoader loader = new ModelLoader(models, FoldInOverrides.from(config), config.itemItemOverrides(),
                items -> Rankers.forModel(items, retrieval, scan), metrics, config.modelsMaxLoaded());
        RecommendationEngine engine = RecommendationEngine.from(config, metrics);
        metrics.bindModel(() -> models.current() == null ? "" : models.current().version(),
                () -> models.current() == null ? 0 : models.current().rows());

        Topology topology = new Topology();
        // Every instance holds every model version, the registry and the experiments: a swipe on any
        // partition is assigned and ranked locally.
        addModelStore(topology, ITEM_EMBEDDINGS_STORE, config.itemEmbeddingsTopic(), ModelLoader.StoreKind.ITEMS, loader);
        addModelStore(topology, ITEM_NEIGHBOURS_STORE, config.itemNeighboursTopic(), ModelLoader.StoreKind.NEIGHBOURS, loader);
        addModelStore(topology, MODEL_REGISTRY_STORE, config.modelRegistryTopic(), ModelLoader.StoreKind.REGISTRY, loader);
        addModelStore(topology, EXPERIMENTS_STORE, config.experimentsTopic(), ModelLoader.StoreKind.EXPERIMENTS, loader);

        topology.addSource(SWIPES_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                config.swipesTopic());
        topology.addSource(USER_SEEDS_SOURCE, Serdes.ByteArray().deserializer(), Serdes.ByteArray().deserializer(),
                config.userSeedsTopic());

        topology.addProcessor(SWIPE_PROCESSOR,
                () -> TopologyParts.swipeProcessor(USER_STATE_STORE, ONLINE_COUNTS_STORE, RECOMMENDATIONS_SINK,
                        DEAD_LETTER_SINK, PARTIALS_SINK, AvroSerdes.serde(Swipe.class).deserializer(), loader, engine,
                        metrics, config.recommendationsSize(), Duration.ofMillis(config.onlineMetricsFlushMs())),
                SWIPES_SOURCE);
        topology.addProcessor(USER_SEED_PROCESSOR,
                () -> TopologyParts.userSeedProcessor(USER_STATE_STORE, DEAD_LETTER_SINK,
                        AvroSerdes.serde(UserSeed.class).deserializer(), loader, engine, metrics),
                USER_SEEDS_SOURCE);
        // RocksDB, changelogged: EOS restores it exactly after a crash or a rebalance.
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(USER_STATE_STORE),
                Serdes.Integer(), new UserStateSerde()).withCachingDisabled()
                .withLoggingEnabled(USER_STATE_CHANGELOG_CONFIG), SWIPE_PROCESSOR, USER_SEED_PROCESSOR);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ONLINE_COUNTS_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingEnabled(), SWIPE_PROCESSOR);

        topology.addSink(RECOMMENDATIONS_SINK, config.recommendationsTopic(), Serdes.Integer().serializer(),
                AvroSerdes.serde(RecommendationList.class).serializer(), SWIPE_PROCESSOR);
        topology.addSink(DEAD_LETTER_SINK, config.swipesDlqTopic(), Serdes.ByteArray().serializer(),
                AvroSerdes.serde(DeadLetter.class).serializer(), SWIPE_PROCESSOR, USER_SEED_PROCESSOR);

        // Online metrics: every swipe task's cumulative counts per scope meet on one partition and are summed.
        topology.addSink(PARTIALS_SINK, config.onlineMetricPartialsTopic(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer(), SWIPE_PROCESSOR);
        topology.addSource(PARTIALS_SOURCE, Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
                config.onlineMetricPartialsTopic());
        topology.addProcessor(ONLINE_AGGREGATOR,
                () -> OnlineParts.aggregator(ONLINE_METRICS_STORE, config.onlineMetricsWindowMs()), PARTIALS_SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ONLINE_METRICS_STORE),
                Serdes.String(), Serdes.ByteArray()).withCachingDisabled(), ONLINE_AGGREGATOR);
        topology.addSink(ONLINE_METRICS_SINK, config.onlineMetricsTopic(), Serdes.String().serializer(),
                AvroSerdes.serde(OnlineMetrics.class).serializer(), ONLINE_AGGREGATOR);
        return topology;
    }

    /** A global in-memory store mirroring one string-keyed topic (the topic is its changelog), and its updater. */
    private static void addModelStore(Topology topology, String store, String topic, ModelLoader.StoreKind kind,
                                      ModelLoader loader) {
        topology.addGlobalStore(
                Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(store), Serdes.String(), Serdes.ByteArray())
                        .withLoggingDisabled(),
                store + "-source", Serdes.String().deserializer(), Serdes.ByteArray().deserializer(), topic,
                store + "-updater", () -> TopologyParts.modelTopicUpdater(store, kind, loader));
    }

    /**
     * The user-state changelog's topic config. Each swipe writes the user's whole state (history
     * included: ~13 bytes a swipe), and the broker compacts only closed segments: with Kafka's 1 GB
     * default nothing is compacted for hours, so a restore replays every state ever written (hundreds of
     * MB after minutes of long-history users). 16 MB segments let the cleaner keep a restore near one
     * record per user plus the segments written since its last pass.
     */
    static final Map<String, String> USER_STATE_CHANGELOG_CONFIG = Map.of("segment.bytes", Integer.toString(16 << 20));

    static final int GLOBAL_FETCH_MAX_WAIT_MS = 50;
    static final long PROBING_REBALANCE_INTERVAL_MS = 60_000;
    static final int MAX_RECORDS_PER_ROUND = 200;
    static final int PRODUCER_BATCH_BYTES = 256 * 1024;

    /** Kafka Streams properties of one instance, each line saying why. */
    public static Properties streamsConfig(TopologyConfig config) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId()); // the consumer group and state prefix
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir()); // RocksDB user-state lives here
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        // Standby copies of user-state on other instances: quick failover, and REST can read them.
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        // A returning instance warms up before it takes a partition back (TopologyConfig); the probing
        // rebalance that hands it back runs every minute, the shortest Streams allows (default 10 min).
        p.put(StreamsConfig.ACCEPTABLE_RECOVERY_LAG_CONFIG, config.acceptableRecoveryLag());
        p.put(StreamsConfig.PROBING_REBALANCE_INTERVAL_MS_CONFIG, PROBING_REBALANCE_INTERVAL_MS);
        // A swipe's state update, its list and its input offset commit atomically (transactions v2).
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
        // EOS commits bound the swipe → list latency consumers of read_committed see: keep it short.
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        // An idle thread blocks in poll() for up to poll.ms before it checks the commit interval, so
        // the last swipes before a pause waited up to 100 ms (the default) for their transaction.
        p.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, config.commitIntervalMs() / 2));
        // Fast recovery (TopologyConfig): a restarted instance takes its partitions back without a
        // rebalance; a dead one is noticed after the session; a killed producer's transaction ends soon.
        config.groupInstanceId().ifPresent(id ->
                p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), id)); // Streams adds -<thread>
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), config.sessionTimeoutMs());
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), config.heartbeatIntervalMs());
        p.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), config.transactionTimeoutMs());
        // A stream thread rejoins a rebalance only when it polls, and it polls when its buffered records
        // are processed: with Kafka's 1 000 per poll and per partition, a thread catching up after a
        // failover worked through seconds of backlog while the group waited for it (bin/reliability saw
        // survivors rejoin 12 s late and then get fenced). 200 keeps each round under a second or so.
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), MAX_RECORDS_PER_ROUND);
        p.put(StreamsConfig.BUFFERED_RECORDS_PER_PARTITION_CONFIG, MAX_RECORDS_PER_ROUND);
        // host:port of this instance's REST server, so any instance can route a key to its owner.
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, config.applicationServer());
        // The registry, experiments and model topics are written in transactions (the registry's fenced
        // writer): the global stores must never see an aborted change, whatever the processing guarantee.
        p.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        // The global stores restore one partition after another at start; each switch waited out the
        // previous partition's long poll (fetch.max.wait.ms, 500 ms by default) before its first fetch:
        // 2 s of a restart with the four one-partition model topics, 13 s with twelve partitions each.
        // An idle global consumer now asks 20 times a second instead of twice.
        p.put(StreamsConfig.globalConsumerPrefix(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG), GLOBAL_FETCH_MAX_WAIT_MS);
        // Sources read bytes (global stores: string keys), so nothing should fail to decode: skip, log, go on.
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // Only the online-counts store is cached (user-state is not: a swipe's state is written at once), so a
        // commit writes each changed scope's counts once instead of once per swipe; lists are forwarded
        // directly by the processor, never through a cache.
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, 1024 * 1024);
        // Read our own output quickly in tests/demo; a tiny linger batches under load without adding latency.
        p.put(StreamsConfig.producerPrefix("linger.ms"), 5);
        // A swipe writes ~2 KB (its list and the user's state), so Kafka's 16 KB batches filled every few
        // ms and each full batch triggered a produce request: the broker's CPU goes per request, not per
        // byte (JFR: appends, purgatory, metrics). Batches large enough that linger and the commit's flush
        // decide when to send; nothing waits longer than before (the commit flushes whatever is pending).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), PRODUCER_BATCH_BYTES);
        return p;
    }
}
