package io.reelstream.schemas;

/**
 * Names of the topics that cross module lines (ARCHITECTURE.md), with each topic's key and value.
 * Values are the Avro records named beside each topic, written with
 * {@link io.reelstream.schemas.serde.AvroSerdes}. Keys are plain: a 4-byte int (Kafka's
 * {@code Serdes.Integer()}) for per-user and swipe topics, a UTF-8 string (Kafka's
 * {@code Serdes.String()}) for model, registry and experiment topics — never Avro, so a key's bytes
 * never change with a schema version and compaction always finds its earlier records.
 */
public final class Topics {
    /** Key userId (int), value {@link Swipe}. */
    public static final String SWIPES_TOPIC = "swipes";
    /**
     * Compacted. Key {@link ModelKeys} '&lt;modelVersion&gt;/&lt;movieId&gt;' (string), value {@link ItemEmbedding};
     * '&lt;modelVersion&gt;/marker' holds the version's marker, written last.
     */
    public static final String ITEM_EMBEDDINGS_TOPIC = "item-embeddings";
    /** Compacted. Key {@link ModelKeys} '&lt;modelVersion&gt;/&lt;movieId&gt;' (string), value {@link ItemNeighbours}. */
    public static final String ITEM_NEIGHBOURS_TOPIC = "item-neighbours";
    /** Compacted. Key userId (int), value {@link UserSeed}. */
    public static final String USER_SEEDS_TOPIC = "user-seeds";
    /** Key userId (int), value {@link RecommendationList}. */
    public static final String RECOMMENDATIONS_TOPIC = "recommendations";
    /** Key as read (bytes inside the value), value {@link DeadLetter}. */
    public static final String SWIPES_DLQ_TOPIC = "swipes-dlq";
    /** Compacted. Key modelVersion (string), value {@link ModelRegistryEntry}. */
    public static final String MODEL_REGISTRY_TOPIC = "model-registry";
    /** Append-only (time retention). Key modelVersion (string), value {@link StageTransition}: every stage change. */
    public static final String MODEL_REGISTRY_AUDIT_TOPIC = "model-registry-audit";
    /** Compacted. Key experimentId (string), value {@link Experiment}. */
    public static final String EXPERIMENTS_TOPIC = "experiments";
    /** Compacted. Key scope (string: 'exp/&lt;id&gt;/&lt;arm&gt;' or 'version/&lt;modelVersion&gt;'), value {@link OnlineMetrics}. */
    public static final String ONLINE_METRICS_TOPIC = "online-metrics";

    private Topics() {}
}
