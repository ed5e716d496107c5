package io.reelstream.schemas;

/**
 * Names of the topics that cross module lines (ARCHITECTURE.md). Keys are {@code int} everywhere
 * (Kafka's {@code Serdes.Integer()}); values are the Avro records named beside each topic, written
 * with {@link io.reelstream.schemas.serde.AvroSerdes}.
 */
public final class Topics {
    /** Key userId, value {@link Swipe}. */
    public static final String SWIPES_TOPIC = "swipes";
    /** Compacted. Key movieId, value {@link ItemEmbedding}; key -1 holds the model marker. */
    public static final String ITEM_EMBEDDINGS_TOPIC = "item-embeddings";
    /** Compacted. Key userId, value {@link UserSeed}. */
    public static final String USER_SEEDS_TOPIC = "user-seeds";
    /** Key userId, value {@link RecommendationList}. */
    public static final String RECOMMENDATIONS_TOPIC = "recommendations";
    /** Key as read (bytes inside the value), value {@link DeadLetter}. */
    public static final String SWIPES_DLQ_TOPIC = "swipes-dlq";

    private Topics() {}
}
