package io.reelstream.topology.config;

import io.reelstream.core.als.AlsParams;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * Typed configuration of one topology instance. Every key is a {@code *_CONFIG} constant with a
 * {@code DEFAULT_*} beside it. Sources, later ones win:
 * <ol>
 *   <li>the defaults below;</li>
 *   <li>a properties file named by {@code --config <file>} (or env {@code REELSTREAM_CONFIG});</li>
 *   <li>environment variables {@code REELSTREAM_<KEY>}, the key upper-cased with dots and dashes as
 *       underscores ({@code REELSTREAM_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers});</li>
 *   <li>command-line flags {@code --key=value} or {@code --key value}.</li>
 * </ol>
 * Unknown keys fail at once, naming the source, so a typo never silently falls back to a default.
 */
public final class TopologyConfig {
    public static final String APPLICATION_ID_CONFIG = "application.id";
    public static final String DEFAULT_APPLICATION_ID = "reelstream-recommender";
    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final String STATE_DIR_CONFIG = "state.dir";
    public static final String DEFAULT_STATE_DIR = System.getProperty("java.io.tmpdir") + "/reelstream-streams";
    public static final String STREAM_THREADS_CONFIG = "num.stream.threads";
    public static final int DEFAULT_STREAM_THREADS = 1;
    public static final String COMMIT_INTERVAL_MS_CONFIG = "commit.interval.ms";
    /**
     * Under exactly-once a list is visible to read_committed consumers only when its transaction
     * commits, so the commit interval bounds swipe → list latency: 20 ms (Kafka's EOS default is 100)
     * keeps p99 within the 50 ms target at the cost of more, smaller transactions.
     */
    public static final long DEFAULT_COMMIT_INTERVAL_MS = 20;
    /**
     * Warm copies of each user-state partition on other instances: when an instance dies, a survivor
     * takes its partitions over once the session ends instead of first replaying their changelog, and
     * REST answers its users from the copy meanwhile (flagged stale). Kafka's default is 0; one copy
     * costs each instance a second share of the changelog traffic and disk. A lone instance has nowhere
     * to put it and runs as before.
     */
    public static final String STANDBY_REPLICAS_CONFIG = "num.standby.replicas";
    public static final int DEFAULT_STANDBY_REPLICAS = 1;
    /**
     * How far behind (changelog records) an instance may be and still be handed an active task. Kafka's
     * 10 000 made a restarted instance, whose EOS state is wiped after a crash, "caught up" with every
     * partition of a small app: its partitions moved back at once and waited for a full restore (up to
     * 15 s without a list in bin/reliability). Under this bound it warms up as a standby first, and the
     * next probing rebalance hands the partitions back to a copy that is current.
     */
    public static final String ACCEPTABLE_RECOVERY_LAG_CONFIG = "acceptable.recovery.lag";
    public static final long DEFAULT_ACCEPTABLE_RECOVERY_LAG = 1_000;
    public static final String PROCESSING_GUARANTEE_CONFIG = "processing.guarantee";
    public static final String DEFAULT_PROCESSING_GUARANTEE = "exactly_once_v2";

    /*
     * Recovery after a crash (README "Recovery"). A killed instance's partitions wait for the group to
     * notice it is gone: Kafka's default session of 45 s kept a restarted instance idle for 41–46 s.
     * Static membership lets the restarted instance take its own partitions back at once (same
     * group.instance.id, no rebalance); the short session bounds failover when it does not come back,
     * at the price of a rebalance (never a lost or doubled swipe) after any stall longer than it.
     */
    /** Static member id; empty = '&lt;application.id&gt;-&lt;rest.host&gt;-&lt;rest.port&gt;' (stable across restarts), 'none' = dynamic. */
    public static final String GROUP_INSTANCE_ID_CONFIG = "group.instance.id";
    public static final String NO_GROUP_INSTANCE_ID = "none";
    /** The broker's group.min.session.timeout.ms defaults to 6 000: the shortest a stock broker allows. */
    public static final String SESSION_TIMEOUT_MS_CONFIG = "session.timeout.ms";
    public static final int DEFAULT_SESSION_TIMEOUT_MS = 6_000;
    /**
     * A third of the session or less, so two lost heartbeats do not end it. Survivors learn from a
     * heartbeat's answer that a rebalance began, so a short interval also starts a failover sooner.
     */
    public static final String HEARTBEAT_INTERVAL_MS_CONFIG = "heartbeat.interval.ms";
    public static final int DEFAULT_HEARTBEAT_INTERVAL_MS = 500;
    /**
     * Under exactly-once a killed producer's open transaction holds every read_committed reader of its
     * partitions (lists, changelog restore) until the coordinator aborts it. A restart with the same state
     * directory fences it at once; without it (new process id, new transactional.id) only this timeout
     * ends it (Streams' EOS default: 10 000 ms). Transactions here last one commit interval.
     */
    public static final String TRANSACTION_TIMEOUT_MS_CONFIG = "transaction.timeout.ms";
    public static final int DEFAULT_TRANSACTION_TIMEOUT_MS = 5_000;
    /**
     * How often each instance probes its peers' REST ports (0 = never). A crashed peer's port refuses
     * connections at once while a paused one still accepts them, so {@link #PEER_WATCH_REFUSALS_CONFIG}
     * refusals in a row evict it (fence its producers, remove its static members) seconds before its
     * session would expire: recovery.PeerWatch.
     */
    public static final String PEER_WATCH_INTERVAL_MS_CONFIG = "peer.watch.interval.ms";
    public static final int DEFAULT_PEER_WATCH_INTERVAL_MS = 250;
    public static final String PEER_WATCH_REFUSALS_CONFIG = "peer.watch.refusals";
    public static final int DEFAULT_PEER_WATCH_REFUSALS = 2;

    public static final String REST_HOST_CONFIG = "rest.host";
    public static final String DEFAULT_REST_HOST = "localhost";
    public static final String REST_PORT_CONFIG = "rest.port";
    public static final int DEFAULT_REST_PORT = 7070;
    public static final String REST_MAX_N_CONFIG = "rest.max.n";
    public static final int DEFAULT_REST_MAX_N = 200;
    /** Which HTTP server carries REST and the swipe page: jetty or jdk (README "Swipe page", latency). */
    public static final String REST_SERVER_CONFIG = "rest.server";
    public static final String DEFAULT_REST_SERVER = "jetty";
    /** Log lines as text or json (the logging module); empty = -Dlog.format, else text. */
    public static final String LOG_FORMAT_CONFIG = "log.format";
    public static final String DEFAULT_LOG_FORMAT = "";

    public static final String SWIPES_TOPIC_CONFIG = "topic.swipes";
    public static final String ITEM_EMBEDDINGS_TOPIC_CONFIG = "topic.item-embeddings";
    public static final String USER_SEEDS_TOPIC_CONFIG = "topic.user-seeds";
    public static final String RECOMMENDATIONS_TOPIC_CONFIG = "topic.recommendations";
    public static final String SWIPES_DLQ_TOPIC_CONFIG = "topic.swipes-dlq";
    public static final String ITEM_NEIGHBOURS_TOPIC_CONFIG = "topic.item-neighbours";
    public static final String MODEL_REGISTRY_TOPIC_CONFIG = "topic.model-registry";
    public static final String EXPERIMENTS_TOPIC_CONFIG = "topic.experiments";
    public static final String ONLINE_METRICS_TOPIC_CONFIG = "topic.online-metrics";
    // Literal defaults equal io.reelstream.schemas.Topics (TopologyConfigTest checks they agree).
    public static final String DEFAULT_SWIPES_TOPIC = "swipes";
    public static final String DEFAULT_ITEM_EMBEDDINGS_TOPIC = "item-embeddings";
    public static final String DEFAULT_USER_SEEDS_TOPIC = "user-seeds";
    public static final String DEFAULT_RECOMMENDATIONS_TOPIC = "recommendations";
    public static final String DEFAULT_SWIPES_DLQ_TOPIC = "swipes-dlq";
    public static final String DEFAULT_ITEM_NEIGHBOURS_TOPIC = "item-neighbours";
    public static final String DEFAULT_MODEL_REGISTRY_TOPIC = "model-registry";
    public static final String DEFAULT_EXPERIMENTS_TOPIC = "experiments";
    public static final String DEFAULT_ONLINE_METRICS_TOPIC = "online-metrics";

    /**
     * Model versions kept built in memory (production and a running experiment's two arms always;
     * the previous production next, so a rollback switches at once). Each costs about
     * items·k·4 bytes plus the ranker's copy.
     */
    /**
     * Online metrics: each swipe task flushes its per-scope counts to the partials topic at most this
     * often (a record per changed scope per interval, not per swipe), and the aggregator reports the
     * cumulative counts and those of tumbling windows of {@code online.metrics.window.ms}.
     */
    public static final String ONLINE_METRICS_FLUSH_MS_CONFIG = "online.metrics.flush.ms";
    public static final long DEFAULT_ONLINE_METRICS_FLUSH_MS = 1000;
    public static final String ONLINE_METRICS_WINDOW_MS_CONFIG = "online.metrics.window.ms";
    public static final long DEFAULT_ONLINE_METRICS_WINDOW_MS = 60_000;
    /** Empty = '&lt;application.id&gt;-online-metric-partials' (single partition, created at start). */
    public static final String ONLINE_METRIC_PARTIALS_TOPIC_CONFIG = "topic.online-metric-partials";

    public static final String MODELS_MAX_LOADED_CONFIG = "models.max.loaded";
    public static final int DEFAULT_MODELS_MAX_LOADED = 4;

    /**
     * Item-to-item serving settings; empty = the version's own (the trainer writes the values it
     * evaluated with into the marker), so offline figures and the stream agree unless overridden.
     */
    public static final String RECENCY_HALF_LIFE_SWIPES_CONFIG = "recency.half.life.swipes";
    public static final String RECENCY_FLOOR_CONFIG = "recency.floor";
    public static final String RECENCY_HALF_LIFE_DAYS_CONFIG = "recency.half.life.days";
    public static final String ITEMITEM_DISLIKE_WEIGHT_CONFIG = "itemitem.dislike.weight";
    public static final String ITEMITEM_SUPERLIKE_WEIGHT_CONFIG = "itemitem.superlike.weight";
    private static final java.util.List<String> ITEMITEM_KEYS = java.util.List.of(RECENCY_HALF_LIFE_SWIPES_CONFIG,
            RECENCY_FLOOR_CONFIG, RECENCY_HALF_LIFE_DAYS_CONFIG, ITEMITEM_DISLIKE_WEIGHT_CONFIG,
            ITEMITEM_SUPERLIKE_WEIGHT_CONFIG);

    /**
     * Memory each instance gives item-to-item prefix memos (core itemitem.PrefixMemo): the sums over
     * active users' oldest swipes, whose recency weight has reached the floor, so a swipe walks only the
     * recent part of a long history. 0 turns them off; lists are the same either way.
     */
    public static final String ITEMITEM_PREFIX_MEMO_MB_CONFIG = "itemitem.prefix.memo.mb";
    public static final int DEFAULT_ITEMITEM_PREFIX_MEMO_MB = 64;

    public static final String RECOMMENDATIONS_SIZE_CONFIG = "recommendations.size";
    public static final int DEFAULT_RECOMMENDATIONS_SIZE = 20;
    public static final String UPDATE_RULE_CONFIG = "update.rule";
    public static final UpdateRuleKind DEFAULT_UPDATE_RULE = UpdateRuleKind.FOLDIN;
    public static final String CONTENT_MIN_POSITIVES_CONFIG = "cold.content.min.positives";
    public static final int DEFAULT_CONTENT_MIN_POSITIVES = 3;
    public static final String VECTOR_MIN_POSITIVES_CONFIG = "cold.vector.min.positives";
    public static final int DEFAULT_VECTOR_MIN_POSITIVES = 5;

    public static final String GRADIENT_LEARNING_RATE_CONFIG = "gradient.learning.rate";
    public static final double DEFAULT_GRADIENT_LEARNING_RATE = 0.5;
    public static final String GRADIENT_DECAY_CONFIG = "gradient.decay";
    public static final double DEFAULT_GRADIENT_DECAY = 0.95;
    public static final String GRADIENT_MAX_NORM_CONFIG = "gradient.max.norm";
    public static final double DEFAULT_GRADIENT_MAX_NORM = 5.0;

    /** Empty = take λ from the model marker, else the trainer's default (core AlsParams). */
    public static final String ALS_LAMBDA_CONFIG = "als.lambda";
    public static final String ALS_ALPHA_CONFIG = "als.alpha";
    /** constant | frequency | relative (core AlsParams.Regularization); empty = from the marker. */
    public static final String ALS_REGULARIZATION_CONFIG = "als.regularization";
    /**
     * 0 = exact fold-in (core FoldInSolver: Woodbury in O(n_u²·k + n_u³ + k²) up to k/2 history entries,
     * Cholesky in O(n_u·k² + k³) beyond); n > 0 = n conjugate-gradient steps warm-started from the
     * user's vector, O(n·(n_u·k + k²)) — the trainer's own solver (AlsParams cgSteps = 3), cheaper for a
     * seeded user with a long history but not exact. A vector without a warm start is always exact.
     * Measured at k = 64 on the streaming figures' synthetic histories (n_u ≈ 1–10): Woodbury 3.0 µs, Cholesky
     * 20 µs. The default stays exact because the replay evaluation checks the topology's fold-in hits
     * against an oracle one for one.
     */
    public static final String FOLDIN_CG_STEPS_CONFIG = "foldin.cg.steps";
    public static final int DEFAULT_FOLDIN_CG_STEPS = 0;

    /**
     * How a vector list finds its items: {@code exact} (core ItemRanker: block-pruned scan, the same
     * list as a full scan) or {@code ivf} (rank.IvfRanker: k-means lists over the item factors, the
     * {@link #RANK_IVF_PROBE_CONFIG} lists nearest the user vector scored exactly; recall@10 against
     * exact ≥ 0.99 at the defaults on ALS-shaped factors, README "Ranking"). Exact stays the default:
     * it holds the streaming targets at 13 000 items and returns the true top-N.
     */
    public static final String RANK_RETRIEVAL_CONFIG = "rank.retrieval";
    public static final String DEFAULT_RANK_RETRIEVAL = "exact";
    /**
     * How the exact ranker scores its blocks (core ItemRanker.Scan): {@code auto} (int8 with exact
     * rescoring on Java 21+, whose C2 vectorises byte → float; float32 on 17), {@code fp32},
     * {@code fp16} or {@code int8}. Every choice returns the same lists; only the cost differs
     * (README "Ranking", "Streaming"). fp16 and int8 are slow on Java 17 (scalar conversions).
     */
    public static final String RANK_SCAN_CONFIG = "rank.scan";
    public static final String DEFAULT_RANK_SCAN = "auto";
    /** IVF lists per model version; 0 = √rows (IvfRanker.defaultLists). */
    public static final String RANK_IVF_LISTS_CONFIG = "rank.ivf.lists";
    public static final int DEFAULT_RANK_IVF_LISTS = 0;
    /** IVF lists scored per ranking (more lists, if needed, to fill the top-N after the seen filter). */
    public static final String RANK_IVF_PROBE_CONFIG = "rank.ivf.probe";
    public static final int DEFAULT_RANK_IVF_PROBE = io.reelstream.topology.rank.IvfRanker.DEFAULT_PROBE;

    /** > 0: TopologyApp creates missing topics with this many partitions (replication 1) before starting. */
    public static final String CREATE_TOPICS_PARTITIONS_CONFIG = "topics.create.partitions";
    public static final int DEFAULT_CREATE_TOPICS_PARTITIONS = 0;

    public static final String CONFIG_FILE_FLAG = "config";
    public static final String ENV_PREFIX = "REELSTREAM_";

    /**
     * How a swipe moves the user's vector; see state.GradientRule, state.FoldInRule and
     * state.StaticRule (never moves it: the baseline of the replay evaluation).
     */
    public enum UpdateRuleKind {
        GRADIENT, FOLDIN, STATIC, FOLDIN_RECENCY;

        /** foldin, gradient, static, foldin-recency. */
        public String wireName() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }

        public static UpdateRuleKind parse(String s) {
            return valueOf(s.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
        }
    }

    private static final Map<String, String> DEFAULTS = defaults();

    private final Map<String, String> values;
    private final Map<String, String> origins;

    private TopologyConfig(Map<String, String> values, Map<String, String> origins) {
        this.values = Collections.unmodifiableMap(new TreeMap<>(values));
        this.origins = Collections.unmodifiableMap(new TreeMap<>(origins));
        validate();
    }

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put(APPLICATION_ID_CONFIG, DEFAULT_APPLICATION_ID);
        d.put(BOOTSTRAP_SERVERS_CONFIG, DEFAULT_BOOTSTRAP_SERVERS);
        d.put(STATE_DIR_CONFIG, DEFAULT_STATE_DIR);
        d.put(STREAM_THREADS_CONFIG, Integer.toString(DEFAULT_STREAM_THREADS));
        d.put(COMMIT_INTERVAL_MS_CONFIG, Long.toString(DEFAULT_COMMIT_INTERVAL_MS));
        d.put(STANDBY_REPLICAS_CONFIG, Integer.toString(DEFAULT_STANDBY_REPLICAS));
        d.put(ACCEPTABLE_RECOVERY_LAG_CONFIG, Long.toString(DEFAULT_ACCEPTABLE_RECOVERY_LAG));
        d.put(PROCESSING_GUARANTEE_CONFIG, DEFAULT_PROCESSING_GUARANTEE);
        d.put(GROUP_INSTANCE_ID_CONFIG, "");
        d.put(SESSION_TIMEOUT_MS_CONFIG, Integer.toString(DEFAULT_SESSION_TIMEOUT_MS));
        d.put(HEARTBEAT_INTERVAL_MS_CONFIG, Integer.toString(DEFAULT_HEARTBEAT_INTERVAL_MS));
        d.put(TRANSACTION_TIMEOUT_MS_CONFIG, Integer.toString(DEFAULT_TRANSACTION_TIMEOUT_MS));
        d.put(PEER_WATCH_INTERVAL_MS_CONFIG, Integer.toString(DEFAULT_PEER_WATCH_INTERVAL_MS));
        d.put(PEER_WATCH_REFUSALS_CONFIG, Integer.toString(DEFAULT_PEER_WATCH_REFUSALS));
        d.put(REST_HOST_CONFIG, DEFAULT_REST_HOST);
        d.put(REST_PORT_CONFIG, Integer.toString(DEFAULT_REST_PORT));
        d.put(REST_MAX_N_CONFIG, Integer.toString(DEFAULT_REST_MAX_N));
        d.put(REST_SERVER_CONFIG, DEFAULT_REST_SERVER);
        d.put(LOG_FORMAT_CONFIG, DEFAULT_LOG_FORMAT);
        d.put(SWIPES_TOPIC_CONFIG, DEFAULT_SWIPES_TOPIC);
        d.put(ITEM_EMBEDDINGS_TOPIC_CONFIG, DEFAULT_ITEM_EMBEDDINGS_TOPIC);
        d.put(USER_SEEDS_TOPIC_CONFIG, DEFAULT_USER_SEEDS_TOPIC);
        d.put(RECOMMENDATIONS_TOPIC_CONFIG, DEFAULT_RECOMMENDATIONS_TOPIC);
        d.put(SWIPES_DLQ_TOPIC_CONFIG, DEFAULT_SWIPES_DLQ_TOPIC);
        d.put(ITEM_NEIGHBOURS_TOPIC_CONFIG, DEFAULT_ITEM_NEIGHBOURS_TOPIC);
        d.put(MODEL_REGISTRY_TOPIC_CONFIG, DEFAULT_MODEL_REGISTRY_TOPIC);
        d.put(EXPERIMENTS_TOPIC_CONFIG, DEFAULT_EXPERIMENTS_TOPIC);
        d.put(ONLINE_METRICS_TOPIC_CONFIG, DEFAULT_ONLINE_METRICS_TOPIC);
        d.put(MODELS_MAX_LOADED_CONFIG, Integer.toString(DEFAULT_MODELS_MAX_LOADED));
        d.put(ONLINE_METRICS_FLUSH_MS_CONFIG, Long.toString(DEFAULT_ONLINE_METRICS_FLUSH_MS));
        d.put(ONLINE_METRICS_WINDOW_MS_CONFIG, Long.toString(DEFAULT_ONLINE_METRICS_WINDOW_MS));
        d.put(ONLINE_METRIC_PARTIALS_TOPIC_CONFIG, "");
        for (String key : ITEMITEM_KEYS) d.put(key, "");
        d.put(ITEMITEM_PREFIX_MEMO_MB_CONFIG, Integer.toString(DEFAULT_ITEMITEM_PREFIX_MEMO_MB));
        d.put(RECOMMENDATIONS_SIZE_CONFIG, Integer.toString(DEFAULT_RECOMMENDATIONS_SIZE));
        d.put(UPDATE_RULE_CONFIG, DEFAULT_UPDATE_RULE.wireName());
        d.put(CONTENT_MIN_POSITIVES_CONFIG, Integer.toString(DEFAULT_CONTENT_MIN_POSITIVES));
        d.put(VECTOR_MIN_POSITIVES_CONFIG, Integer.toString(DEFAULT_VECTOR_MIN_POSITIVES));
        d.put(GRADIENT_LEARNING_RATE_CONFIG, Double.toString(DEFAULT_GRADIENT_LEARNING_RATE));
        d.put(GRADIENT_DECAY_CONFIG, Double.toString(DEFAULT_GRADIENT_DECAY));
        d.put(GRADIENT_MAX_NORM_CONFIG, Double.toString(DEFAULT_GRADIENT_MAX_NORM));
        d.put(ALS_LAMBDA_CONFIG, "");
        d.put(ALS_ALPHA_CONFIG, "");
        d.put(ALS_REGULARIZATION_CONFIG, "");
        d.put(FOLDIN_CG_STEPS_CONFIG, Integer.toString(DEFAULT_FOLDIN_CG_STEPS));
        d.put(CREATE_TOPICS_PARTITIONS_CONFIG, Integer.toString(DEFAULT_CREATE_TOPICS_PARTITIONS));
        d.put(RANK_RETRIEVAL_CONFIG, DEFAULT_RANK_RETRIEVAL);
        d.put(RANK_SCAN_CONFIG, DEFAULT_RANK_SCAN);
        d.put(RANK_IVF_LISTS_CONFIG, Integer.toString(DEFAULT_RANK_IVF_LISTS));
        d.put(RANK_IVF_PROBE_CONFIG, Integer.toString(DEFAULT_RANK_IVF_PROBE));
        return Collections.unmodifiableMap(d);
    }

    /** Every defaulted key: the documentation of what can be set. */
    public static Set<String> keys() {
        return DEFAULTS.keySet();
    }

    /** Defaults only. */
    public static TopologyConfig defaultConfig() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Defaults, then the config file, then REELSTREAM_* env, then flags. */
    public static TopologyConfig load(String[] args, Map<String, String> env) {
        Map<String, String> flags = parseFlags(args);
        Builder b = builder();
        String file = flags.containsKey(CONFIG_FILE_FLAG) ? flags.remove(CONFIG_FILE_FLAG) : env.get(ENV_PREFIX + "CONFIG");
        if (file != null && !file.isBlank()) b.file(Path.of(file));
        for (String key : DEFAULTS.keySet()) {
            String v = env.get(envName(key));
            if (v != null) b.set(key, v, "env " + envName(key));
        }
        flags.forEach((k, v) -> b.set(k, v, "flag --" + k));
        return b.build();
    }

    /** REELSTREAM_ + the key upper-cased, dots and dashes as underscores. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    static Map<String, String> parseFlags(String[] args) {
        Map<String, String> flags = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (!a.startsWith("--") || a.length() == 2) {
                throw new IllegalArgumentException("argument " + (i + 1) + " '" + a
                        + "' is not a flag; use --key=value or --key value (keys: " + keys() + ")");
            }
            String body = a.substring(2);
            int eq = body.indexOf('=');
            if (eq >= 0) {
                flags.put(body.substring(0, eq), body.substring(eq + 1));
            } else if (i + 1 < args.length) {
                flags.put(body, args[++i]);
            } else {
                throw new IllegalArgumentException("flag --" + body + " has no value; use --" + body + "=<value>");
            }
        }
        return flags;
    }

    public String get(String key) {
        String v = values.get(key);
        if (v == null) throw new IllegalArgumentException("unknown config key '" + key + "'; known: " + keys());
        return v;
    }

    public String applicationId() { return get(APPLICATION_ID_CONFIG); }
    public String bootstrapServers() { return get(BOOTSTRAP_SERVERS_CONFIG); }
    public String stateDir() { return get(STATE_DIR_CONFIG); }
    public int streamThreads() { return intValue(STREAM_THREADS_CONFIG, 1); }
    public long commitIntervalMs() { return longValue(COMMIT_INTERVAL_MS_CONFIG); }
    public int standbyReplicas() { return intValue(STANDBY_REPLICAS_CONFIG, 0); }
    public long acceptableRecoveryLag() { return longValue(ACCEPTABLE_RECOVERY_LAG_CONFIG); }
    public String processingGuarantee() { return get(PROCESSING_GUARANTEE_CONFIG); }
    public int sessionTimeoutMs() { return intValue(SESSION_TIMEOUT_MS_CONFIG, 1); }
    public int heartbeatIntervalMs() { return intValue(HEARTBEAT_INTERVAL_MS_CONFIG, 1); }
    public int transactionTimeoutMs() { return intValue(TRANSACTION_TIMEOUT_MS_CONFIG, 1); }
    public int peerWatchIntervalMs() { return intValue(PEER_WATCH_INTERVAL_MS_CONFIG, 0); }
    public int peerWatchRefusals() { return intValue(PEER_WATCH_REFUSALS_CONFIG, 1); }

    /** The static member id this instance joins with; empty when membership is dynamic ('none'). */
    public java.util.Optional<String> groupInstanceId() {
        String v = get(GROUP_INSTANCE_ID_CONFIG).trim();
        if (v.equals(NO_GROUP_INSTANCE_ID)) return java.util.Optional.empty();
        return java.util.Optional.of(v.isEmpty() ? applicationId() + "-" + restHost() + "-" + restPort() : v);
    }
    public String restHost() { return get(REST_HOST_CONFIG); }
    public int restPort() { return intValue(REST_PORT_CONFIG, 0); }
    public int restMaxN() { return intValue(REST_MAX_N_CONFIG, 1); }

    public io.reelstream.topology.rest.RestServer.Kind restServer() {
        try {
            return io.reelstream.topology.rest.RestServer.Kind.parse(get(REST_SERVER_CONFIG));
        } catch (IllegalArgumentException e) {
            throw invalid(REST_SERVER_CONFIG, "must be 'jetty' or 'jdk'");
        }
    }
    /** "text", "json", or "" when unset (the process's -Dlog.format or text applies). */
    public String logFormat() {
        String f = get(LOG_FORMAT_CONFIG).trim();
        if (!f.isEmpty() && !f.equals("text") && !f.equals("json")) throw invalid(LOG_FORMAT_CONFIG, "must be 'text' or 'json'");
        return f;
    }
    public String swipesTopic() { return get(SWIPES_TOPIC_CONFIG); }
    public String itemEmbeddingsTopic() { return get(ITEM_EMBEDDINGS_TOPIC_CONFIG); }
    public String userSeedsTopic() { return get(USER_SEEDS_TOPIC_CONFIG); }
    public String recommendationsTopic() { return get(RECOMMENDATIONS_TOPIC_CONFIG); }
    public String swipesDlqTopic() { return get(SWIPES_DLQ_TOPIC_CONFIG); }
    public String itemNeighboursTopic() { return get(ITEM_NEIGHBOURS_TOPIC_CONFIG); }
    public String modelRegistryTopic() { return get(MODEL_REGISTRY_TOPIC_CONFIG); }
    public String experimentsTopic() { return get(EXPERIMENTS_TOPIC_CONFIG); }
    public String onlineMetricsTopic() { return get(ONLINE_METRICS_TOPIC_CONFIG); }
    public int modelsMaxLoaded() { return intValue(MODELS_MAX_LOADED_CONFIG, 3); }
    public long onlineMetricsFlushMs() { return positiveLong(ONLINE_METRICS_FLUSH_MS_CONFIG); }
    public long onlineMetricsWindowMs() { return positiveLong(ONLINE_METRICS_WINDOW_MS_CONFIG); }

    public String onlineMetricPartialsTopic() {
        String v = get(ONLINE_METRIC_PARTIALS_TOPIC_CONFIG).trim();
        return v.isEmpty() ? applicationId() + "-online-metric-partials" : v;
    }

    /** The item-to-item settings set here (non-empty ones), which win over each version's own. */
    public Map<String, String> itemItemOverrides() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String key : ITEMITEM_KEYS) if (!get(key).isBlank()) out.put(key, get(key).trim());
        return out;
    }
    public int itemItemPrefixMemoMb() { return intValue(ITEMITEM_PREFIX_MEMO_MB_CONFIG, 0); }
    public int recommendationsSize() { return intValue(RECOMMENDATIONS_SIZE_CONFIG, 1); }
    public int contentMinPositives() { return intValue(CONTENT_MIN_POSITIVES_CONFIG, 0); }
    public int vectorMinPositives() { return intValue(VECTOR_MIN_POSITIVES_CONFIG, 0); }
    public double gradientLearningRate() { return doubleValue(GRADIENT_LEARNING_RATE_CONFIG); }
    public double gradientDecay() { return doubleValue(GRADIENT_DECAY_CONFIG); }
    public double gradientMaxNorm() { return doubleValue(GRADIENT_MAX_NORM_CONFIG); }
    public int foldInCgSteps() { return intValue(FOLDIN_CG_STEPS_CONFIG, 0); }
    public int createTopicsPartitions() { return intValue(CREATE_TOPICS_PARTITIONS_CONFIG, 0); }

    /** rank.retrieval with rank.ivf.*: how each model version's ranker is built. */
    public io.reelstream.topology.rank.Retrieval retrieval() {
        String kind = get(RANK_RETRIEVAL_CONFIG).trim().toLowerCase(Locale.ROOT);
        int lists = intValue(RANK_IVF_LISTS_CONFIG, 0);
        int probe = intValue(RANK_IVF_PROBE_CONFIG, 1);
        return switch (kind) {
            case "exact" -> io.reelstream.topology.rank.Retrieval.exact();
            case "ivf" -> io.reelstream.topology.rank.Retrieval.ivf(lists, probe);
            default -> throw invalid(RANK_RETRIEVAL_CONFIG, "must be 'exact' or 'ivf'");
        };
    }

    /** rank.scan: the exact ranker's scan for this JVM. */
    public io.reelstream.core.rank.ItemRanker.Scan rankScan() {
        String scan = get(RANK_SCAN_CONFIG).trim().toLowerCase(Locale.ROOT);
        return switch (scan) {
            case "auto" -> io.reelstream.core.rank.ItemRanker.defaultScan();
            case "fp32" -> io.reelstream.core.rank.ItemRanker.Scan.FP32;
            case "fp16" -> io.reelstream.core.rank.ItemRanker.Scan.FP16;
            case "int8" -> io.reelstream.core.rank.ItemRanker.Scan.INT8;
            default -> throw invalid(RANK_SCAN_CONFIG, "must be 'auto', 'fp32', 'fp16' or 'int8'");
        };
    }

    public UpdateRuleKind updateRule() {
        try {
            return UpdateRuleKind.parse(get(UPDATE_RULE_CONFIG));
        } catch (IllegalArgumentException e) {
            throw invalid(UPDATE_RULE_CONFIG, "must be 'foldin', 'foldin-recency', 'gradient' or 'static'");
        }
    }

    /** λ set explicitly (config wins over the model marker), or NaN when unset. */
    public double alsLambdaOverride() { return optionalDouble(ALS_LAMBDA_CONFIG); }

    /** α set explicitly, or NaN when unset. */
    public double alsAlphaOverride() { return optionalDouble(ALS_ALPHA_CONFIG); }

    /** The regularisation mode set explicitly, or null when unset (then the marker's, else the trainer's default). */
    public AlsParams.Regularization alsRegularizationOverride() {
        String v = get(ALS_REGULARIZATION_CONFIG).trim();
        if (v.isEmpty()) return null;
        try {
            return AlsParams.Regularization.valueOf(v.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw invalid(ALS_REGULARIZATION_CONFIG, "must be constant, frequency or relative (or empty)");
        }
    }

    /** This instance's host:port for application.server (interactive-query routing). */
    public String applicationServer() {
        return restHost() + ":" + restPort();
    }

    /** A copy with one key changed (tests, the demo, load runs). */
    public TopologyConfig with(String key, String value) {
        Builder b = new Builder(values, origins);
        b.set(key, value, "with()");
        return b.build();
    }

    /** One line per key with where its value came from; printed at start. */
    public String describe() {
        StringBuilder sb = new StringBuilder("reelstream topology config:\n");
        values.forEach((k, v) -> sb.append(String.format("  %-32s = %-40s (%s)%n", k, v.isEmpty() ? "<unset>" : v,
                origins.getOrDefault(k, "default"))));
        return sb.toString();
    }

    public Map<String, String> asMap() {
        return values;
    }

    private void validate() {
        streamThreads();
        commitIntervalMs();
        standbyReplicas();
        acceptableRecoveryLag();
        if (heartbeatIntervalMs() * 3 > sessionTimeoutMs()) {
            throw invalid(HEARTBEAT_INTERVAL_MS_CONFIG, "must be at most a third of " + SESSION_TIMEOUT_MS_CONFIG
                    + " (" + sessionTimeoutMs() + ")");
        }
        if (transactionTimeoutMs() <= commitIntervalMs()) {
            throw invalid(TRANSACTION_TIMEOUT_MS_CONFIG, "must be longer than " + COMMIT_INTERVAL_MS_CONFIG
                    + " (" + commitIntervalMs() + ")");
        }
        peerWatchIntervalMs();
        peerWatchRefusals();
        restPort();
        restMaxN();
        restServer();
        logFormat();
        itemItemPrefixMemoMb();
        recommendationsSize();
        contentMinPositives();
        if (vectorMinPositives() < contentMinPositives()) {
            throw invalid(VECTOR_MIN_POSITIVES_CONFIG, "must be >= " + CONTENT_MIN_POSITIVES_CONFIG + " ("
                    + contentMinPositives() + ")");
        }
        updateRule();
        double eta = gradientLearningRate();
        if (!(eta > 0)) throw invalid(GRADIENT_LEARNING_RATE_CONFIG, "must be > 0");
        double decay = gradientDecay();
        if (!(decay > 0 && decay <= 1)) throw invalid(GRADIENT_DECAY_CONFIG, "must be in (0, 1]");
        if (!(gradientMaxNorm() > 0)) throw invalid(GRADIENT_MAX_NORM_CONFIG, "must be > 0");
        double lambda = alsLambdaOverride();
        if (lambda < 0) throw invalid(ALS_LAMBDA_CONFIG, "must be >= 0");
        double alpha = alsAlphaOverride();
        if (alpha < 0) throw invalid(ALS_ALPHA_CONFIG, "must be >= 0");
        alsRegularizationOverride();
        foldInCgSteps();
        createTopicsPartitions();
        retrieval();
        rankScan();
        modelsMaxLoaded();
        onlineMetricsFlushMs();
        onlineMetricsWindowMs();
        try {
            io.reelstream.topology.model.ItemItemSettings.resolve(Map.of(), itemItemOverrides());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("config " + e.getMessage());
        }
        String pg = processingGuarantee();
        if (!pg.equals("exactly_once_v2") && !pg.equals("at_least_once")) {
            throw invalid(PROCESSING_GUARANTEE_CONFIG, "must be exactly_once_v2 or at_least_once");
        }
    }

    private int intValue(String key, int min) {
        String v = get(key).trim();
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw invalid(key, "must be an integer");
        }
        if (n < min) throw invalid(key, "must be >= " + min);
        return n;
    }

    private long longValue(String key) {
        try {
            long n = Long.parseLong(get(key).trim());
            if (n < 0) throw invalid(key, "must be >= 0");
            return n;
        } catch (NumberFormatException e) {
            throw invalid(key, "must be an integer");
        }
    }

    private long positiveLong(String key) {
        long n = longValue(key);
        if (n < 1) throw invalid(key, "must be >= 1");
        return n;
    }

    private double doubleValue(String key) {
        try {
            double d = Double.parseDouble(get(key).trim());
            if (!Double.isFinite(d)) throw invalid(key, "must be a finite number");
            return d;
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a number");
        }
    }

    private double optionalDouble(String key) {
        String v = get(key).trim();
        if (v.isEmpty()) return Double.NaN;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw invalid(key, "must be a number or empty (= take it from the model)");
        }
    }

    private IllegalArgumentException invalid(String key, String what) {
        return new IllegalArgumentException("config " + key + "='" + values.get(key) + "' (from "
                + origins.getOrDefault(key, "default") + ") " + what);
    }

    /** Collects values with their origin; {@link #build()} validates. */
    public static final class Builder {
        private final Map<String, String> values;
        private final Map<String, String> origins;

        private Builder() {
            this(DEFAULTS, Map.of());
        }

        private Builder(Map<String, String> values, Map<String, String> origins) {
            this.values = new LinkedHashMap<>(values);
            this.origins = new LinkedHashMap<>(origins);
        }

        public Builder set(String key, String value) {
            return set(key, value, "builder");
        }

        Builder set(String key, String value, String origin) {
            if (!DEFAULTS.containsKey(key)) {
                throw new IllegalArgumentException("unknown config key '" + key + "' from " + origin + "; known keys: "
                        + keys());
            }
            values.put(key, value == null ? "" : value);
            origins.put(key, origin);
            return this;
        }

        public Builder file(Path file) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
            for (String key : p.stringPropertyNames()) set(key, p.getProperty(key), "file " + file);
            return this;
        }

        public TopologyConfig build() {
            return new TopologyConfig(values, origins);
        }
    }
}
