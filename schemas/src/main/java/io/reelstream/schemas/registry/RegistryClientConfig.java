package io.reelstream.schemas.registry;

import io.reelstream.schemas.Topics;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Where the model registry lives and how its one writer behaves. Every key has a default; the CLI
 * sets them with {@code --set KEY=VALUE}, code with {@link #with(String, String)} or the record's
 * constructor.
 *
 * @param bootstrapServers     Kafka bootstrap servers
 * @param registryTopic        compacted, one partition: key version, value ModelRegistryEntry
 * @param auditTopic           time retention: key version, value StageTransition (every stage change)
 * @param experimentsTopic     compacted, one partition: key experimentId, value Experiment
 * @param itemEmbeddingsTopic  versioned model rows, tombstoned when a version is retired
 * @param itemNeighboursTopic  versioned item-to-item rows, tombstoned alike
 * @param transactionalId      the ONE transactional.id every registry writer shares, so that
 *                             initTransactions() fences whichever writer came before
 * @param timeout              bound on every broker wait (connect, read to end, commit)
 * @param maxAttempts          attempts of one change when it is fenced or conflicts, then an error
 * @param auditRetentionMs     retention.ms of the audit topic when this client creates it
 */
public record RegistryClientConfig(String bootstrapServers, String registryTopic, String auditTopic,
                                   String experimentsTopic, String itemEmbeddingsTopic, String itemNeighboursTopic,
                                   String transactionalId, Duration timeout, int maxAttempts, long auditRetentionMs) {

    public static final String BOOTSTRAP_SERVERS_CONFIG = "bootstrap.servers";
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final String REGISTRY_TOPIC_CONFIG = "topic.model-registry";
    public static final String AUDIT_TOPIC_CONFIG = "topic.model-registry-audit";
    public static final String EXPERIMENTS_TOPIC_CONFIG = "topic.experiments";
    public static final String ITEM_EMBEDDINGS_TOPIC_CONFIG = "topic.item-embeddings";
    public static final String ITEM_NEIGHBOURS_TOPIC_CONFIG = "topic.item-neighbours";
    public static final String TRANSACTIONAL_ID_CONFIG = "registry.transactional.id";
    public static final String DEFAULT_TRANSACTIONAL_ID = "reelstream-model-registry-writer";
    public static final String TIMEOUT_MS_CONFIG = "registry.timeout.ms";
    public static final long DEFAULT_TIMEOUT_MS = 30_000;
    public static final String MAX_ATTEMPTS_CONFIG = "registry.max.attempts";
    public static final int DEFAULT_MAX_ATTEMPTS = 5;
    public static final String AUDIT_RETENTION_MS_CONFIG = "registry.audit.retention.ms";
    /** One year: the audit trail outlives the compacted entries' history only by its retention. */
    public static final long DEFAULT_AUDIT_RETENTION_MS = 365L * 24 * 3600 * 1000;

    /** Every key with its default and meaning, for --help. */
    public static final List<String[]> KEYS = List.of(
            new String[] {REGISTRY_TOPIC_CONFIG, Topics.MODEL_REGISTRY_TOPIC, "compacted registry topic (one partition)"},
            new String[] {AUDIT_TOPIC_CONFIG, Topics.MODEL_REGISTRY_AUDIT_TOPIC, "audit trail of every stage change (time retention)"},
            new String[] {EXPERIMENTS_TOPIC_CONFIG, Topics.EXPERIMENTS_TOPIC, "compacted experiment records (one partition)"},
            new String[] {ITEM_EMBEDDINGS_TOPIC_CONFIG, Topics.ITEM_EMBEDDINGS_TOPIC, "versioned model rows, tombstoned on retirement"},
            new String[] {ITEM_NEIGHBOURS_TOPIC_CONFIG, Topics.ITEM_NEIGHBOURS_TOPIC, "versioned item-to-item rows, tombstoned alike"},
            new String[] {TRANSACTIONAL_ID_CONFIG, DEFAULT_TRANSACTIONAL_ID, "transactional.id shared by every registry writer (fencing)"},
            new String[] {TIMEOUT_MS_CONFIG, Long.toString(DEFAULT_TIMEOUT_MS), "bound on every broker wait, ms"},
            new String[] {MAX_ATTEMPTS_CONFIG, Integer.toString(DEFAULT_MAX_ATTEMPTS), "attempts of a fenced or conflicting change"},
            new String[] {AUDIT_RETENTION_MS_CONFIG, Long.toString(DEFAULT_AUDIT_RETENTION_MS), "retention.ms of a created audit topic"});

    public RegistryClientConfig {
        Objects.requireNonNull(bootstrapServers, "bootstrapServers");
        requireName(registryTopic, REGISTRY_TOPIC_CONFIG);
        requireName(auditTopic, AUDIT_TOPIC_CONFIG);
        requireName(experimentsTopic, EXPERIMENTS_TOPIC_CONFIG);
        requireName(itemEmbeddingsTopic, ITEM_EMBEDDINGS_TOPIC_CONFIG);
        requireName(itemNeighboursTopic, ITEM_NEIGHBOURS_TOPIC_CONFIG);
        requireName(transactionalId, TRANSACTIONAL_ID_CONFIG);
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException(TIMEOUT_MS_CONFIG + " must be > 0, got " + timeout);
        }
        if (maxAttempts < 1) throw new IllegalArgumentException(MAX_ATTEMPTS_CONFIG + " must be >= 1, got " + maxAttempts);
        if (auditRetentionMs < 1) {
            throw new IllegalArgumentException(AUDIT_RETENTION_MS_CONFIG + " must be >= 1, got " + auditRetentionMs);
        }
    }

    /** The product's topic names and writer id. */
    public static RegistryClientConfig defaults(String bootstrapServers) {
        return new RegistryClientConfig(bootstrapServers, Topics.MODEL_REGISTRY_TOPIC, Topics.MODEL_REGISTRY_AUDIT_TOPIC,
                Topics.EXPERIMENTS_TOPIC, Topics.ITEM_EMBEDDINGS_TOPIC, Topics.ITEM_NEIGHBOURS_TOPIC,
                DEFAULT_TRANSACTIONAL_ID, Duration.ofMillis(DEFAULT_TIMEOUT_MS), DEFAULT_MAX_ATTEMPTS,
                DEFAULT_AUDIT_RETENTION_MS);
    }

    /** True when {@code key} is one of this config's keys. */
    public static boolean isKey(String key) {
        return BOOTSTRAP_SERVERS_CONFIG.equals(key) || KEYS.stream().anyMatch(k -> k[0].equals(key));
    }

    /**
     * This config with one key set.
     *
     * @throws IllegalArgumentException naming the key when it is unknown or its value invalid
     */
    public RegistryClientConfig with(String key, String value) {
        try {
            return switch (key) {
                case BOOTSTRAP_SERVERS_CONFIG -> new RegistryClientConfig(value, registryTopic, auditTopic, experimentsTopic,
                        itemEmbeddingsTopic, itemNeighboursTopic, transactionalId, timeout, maxAttempts, auditRetentionMs);
                case REGISTRY_TOPIC_CONFIG -> new RegistryClientConfig(bootstrapServers, value, auditTopic, experimentsTopic,
                        itemEmbeddingsTopic, itemNeighboursTopic, transactionalId, timeout, maxAttempts, auditRetentionMs);
                case AUDIT_TOPIC_CONFIG -> new RegistryClientConfig(bootstrapServers, registryTopic, value, experimentsTopic,
                        itemEmbeddingsTopic, itemNeighboursTopic, transactionalId, timeout, maxAttempts, auditRetentionMs);
                case EXPERIMENTS_TOPIC_CONFIG -> new RegistryClientConfig(bootstrapServers, registryTopic, auditTopic, value,
                        itemEmbeddingsTopic, itemNeighboursTopic, transactionalId, timeout, maxAttempts, auditRetentionMs);
                case ITEM_EMBEDDINGS_TOPIC_CONFIG -> new RegistryClientConfig(bootstrapServers, registryTopic, auditTopic,
                        experimentsTopic, value, itemNeighboursTopic, transactionalId, timeout, maxAttempts, auditRetentionMs);
                case ITEM_NEIGHBOURS_TOPIC_CONFIG -> new RegistryClientConfig(bootstrapServers, registryTopic, auditTopic,
                        experimentsTopic, itemEmbeddingsTopic, value, transactionalId, timeout, maxAttempts, auditRetentionMs);
                case TRANSACTIONAL_ID_CONFIG -> new RegistryClientConfig(bootstrapServers, registryTopic, auditTopic,
                        experimentsTopic, itemEmbeddingsTopic, itemNeighboursTopic, value, timeout, maxAttempts, auditRetentionMs);
                case TIMEOUT_MS_CONFIG -> withTimeout(Duration.ofMillis(Long.parseLong(value.trim())));
                case MAX_ATTEMPTS_CONFIG -> new RegistryClientConfig(bootstrapServers, registryTopic, auditTopic,
                        experimentsTopic, itemEmbeddingsTopic, itemNeighboursTopic, transactionalId, timeout,
                        Integer.parseInt(value.trim()), auditRetentionMs);
                case AUDIT_RETENTION_MS_CONFIG -> new RegistryClientConfig(bootstrapServers, registryTopic, auditTopic,
                        experimentsTopic, itemEmbeddingsTopic, itemNeighboursTopic, transactionalId, timeout, maxAttempts,
                        Long.parseLong(value.trim()));
                default -> throw new IllegalArgumentException("unknown registry config key '" + key + "'");
            };
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + value + "' is not a whole number");
        }
    }

    public RegistryClientConfig withTimeout(Duration t) {
        return new RegistryClientConfig(bootstrapServers, registryTopic, auditTopic, experimentsTopic,
                itemEmbeddingsTopic, itemNeighboursTopic, transactionalId, t, maxAttempts, auditRetentionMs);
    }

    /**
     * Every topic name prefixed with {@code prefix} and the transactional.id suffixed with it: a
     * registry of its own on a shared cluster (tests, a second environment).
     */
    public RegistryClientConfig withNamespace(String prefix) {
        return new RegistryClientConfig(bootstrapServers, prefix + registryTopic, prefix + auditTopic,
                prefix + experimentsTopic, prefix + itemEmbeddingsTopic, prefix + itemNeighboursTopic,
                transactionalId + "-" + prefix, timeout, maxAttempts, auditRetentionMs);
    }

    private static void requireName(String value, String key) {
        if (value == null || value.isBlank()) throw new IllegalArgumentException(key + " must not be empty");
    }
}
