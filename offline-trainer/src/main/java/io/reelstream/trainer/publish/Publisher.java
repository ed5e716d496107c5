package io.reelstream.trainer.publish;

import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ItemNeighbours;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.ModelLineage;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.registry.ModelRegistryClient;
import io.reelstream.schemas.registry.RegistryClientConfig;
import io.reelstream.schemas.registry.RegistryException;
import io.reelstream.schemas.registry.RegistryRefusedException;
import io.reelstream.schemas.registry.RegistryState;
import io.reelstream.schemas.Topics;
import io.reelstream.schemas.UserSeed;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.IntegerDeserializer;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.serialization.Serializer;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Publishes a trained run to Kafka as one model version (the run directory's name), so the topology
 * can serve it:
 * <ol>
 *   <li>every movie of {@code item_factors.bin} as an {@link ItemEmbedding} under the key
 *       {@code <version>/<movieId>} ({@link ModelKeys}) to {@link Topics#ITEM_EMBEDDINGS_TOPIC};</li>
 *   <li>every trained user as a {@link UserSeed} (x_u + fitted history) keyed by userId to
 *       {@link Topics#USER_SEEDS_TOPIC}, and tombstones for the users an older model left there that
 *       this one lacks (unless {@link Options#prune()} is false);</li>
 *   <li>last, once everything above is acknowledged, the version's {@code ModelVersion} marker under
 *       {@code <version>/marker}: its presence says the version is complete;</li>
 *   <li>without a model registry in use (no live entry on model-registry), the versions beyond the
 *       newest {@link Options#keepVersions()} (by name: run_&lt;UTC timestamp&gt;) are removed by
 *       tombstones; with a registry, archiving a version removes it instead;</li>
 *   <li>the version is registered as a CANDIDATE on model-registry with its lineage
 *       ({@link Options#register()}): it serves nobody until it is promoted (or, while no registry
 *       entry exists at all, the topology serves the newest complete version).</li>
 * </ol>
 * Older versions stay on the topics beside the new one (keys differ by version), so the topology can
 * hold several at once: production, the previous production for a rollback, experiment arms.
 * Topics are created compacted when absent. Re-publishing a run writes the same keys with the same
 * bytes, so compaction keeps one copy; the producer is idempotent (acks=all), so retries add no
 * duplicates either.
 */
public final class Publisher {
    public static final String DEFAULT_BOOTSTRAP_SERVERS = "localhost:9092";
    public static final int DEFAULT_PARTITIONS = 1;
    public static final short DEFAULT_REPLICATION_FACTOR = 1;
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    /** Versions kept on the model topics when no registry manages them (newest first, this one included). */
    public static final int DEFAULT_KEEP_VERSIONS = 3;

    /** Where and how to publish. */
    public record Options(String bootstrapServers, int partitions, short replicationFactor, Duration timeout,
                          String itemEmbeddingsTopic, String itemNeighboursTopic, String userSeedsTopic,
                          String modelRegistryTopic, boolean prune, int keepVersions, boolean register,
                          String trigger, String kindOverride, String versionOverride) {
        public Options {
            Objects.requireNonNull(bootstrapServers, "bootstrapServers");
            if (partitions < 1) throw new IllegalArgumentException("partitions must be >= 1, got " + partitions);
            if (replicationFactor < 1) {
                throw new IllegalArgumentException("replication factor must be >= 1, got " + replicationFactor);
            }
            if (timeout.isNegative() || timeout.isZero()) throw new IllegalArgumentException("timeout must be > 0");
            if (keepVersions < 1) throw new IllegalArgumentException("versions to keep must be >= 1, got " + keepVersions);
            Objects.requireNonNull(trigger, "trigger");
            if (kindOverride != null && !List.of("als", "itemitem", "blend").contains(kindOverride)) {
                throw new IllegalArgumentException("kind must be als, itemitem or blend, got '" + kindOverride + "'");
            }
            if (versionOverride != null) ModelKeys.prefix(versionOverride); // non-empty, no '/'
        }

        public static Options defaults(String bootstrapServers) {
            return new Options(bootstrapServers, DEFAULT_PARTITIONS, DEFAULT_REPLICATION_FACTOR, DEFAULT_TIMEOUT,
                    Topics.ITEM_EMBEDDINGS_TOPIC, Topics.ITEM_NEIGHBOURS_TOPIC, Topics.USER_SEEDS_TOPIC,
                    Topics.MODEL_REGISTRY_TOPIC, true, DEFAULT_KEEP_VERSIONS, true, "manual", null, null);
        }

        public Options withPartitions(int n) {
            return new Options(bootstrapServers, n, replicationFactor, timeout, itemEmbeddingsTopic, itemNeighboursTopic,
                    userSeedsTopic, modelRegistryTopic, prune, keepVersions, register, trigger, kindOverride, versionOverride);
        }

        public Options withReplicationFactor(short n) {
            return new Options(bootstrapServers, partitions, n, timeout, itemEmbeddingsTopic, itemNeighboursTopic,
                    userSeedsTopic, modelRegistryTopic, prune, keepVersions, register, trigger, kindOverride, versionOverride);
        }

        public Options withTopics(String itemEmbeddings, String userSeeds) {
            return new Options(bootstrapServers, partitions, replicationFactor, timeout, itemEmbeddings, itemNeighboursTopic,
                    userSeeds, modelRegistryTopic, prune, keepVersions, register, trigger, kindOverride, versionOverride);
        }

        /** Every topic the publisher touches (tests and load runs use suffixed topics). */
        public Options withTopics(String itemEmbeddings, String itemNeighbours, String userSeeds, String modelRegistry) {
            return new Options(bootstrapServers, partitions, replicationFactor, timeout, itemEmbeddings, itemNeighbours,
                    userSeeds, modelRegistry, prune, keepVersions, register, trigger, kindOverride, versionOverride);
        }

        /** false: leave the user seeds of older models that this model lacks. */
        public Options withPrune(boolean p) {
            return new Options(bootstrapServers, partitions, replicationFactor, timeout, itemEmbeddingsTopic,
                    itemNeighboursTopic, userSeedsTopic, modelRegistryTopic, p, keepVersions, register, trigger, kindOverride, versionOverride);
        }

        public Options withKeepVersions(int n) {
            return new Options(bootstrapServers, partitions, replicationFactor, timeout, itemEmbeddingsTopic,
                    itemNeighboursTopic, userSeedsTopic, modelRegistryTopic, prune, n, register, trigger, kindOverride, versionOverride);
        }

        /** false: write the version's rows and marker only, without a CANDIDATE entry on model-registry. */
        public Options withRegister(boolean r) {
            return new Options(bootstrapServers, partitions, replicationFactor, timeout, itemEmbeddingsTopic,
                    itemNeighboursTopic, userSeedsTopic, modelRegistryTopic, prune, keepVersions, r, trigger, kindOverride, versionOverride);
        }

        /** What started the training (ModelLineage.trigger): manual, schedule, feedback-count, drift, ... */
        public Options withTrigger(String t) {
            return new Options(bootstrapServers, partitions, replicationFactor, timeout, itemEmbeddingsTopic,
                    itemNeighboursTopic, userSeedsTopic, modelRegistryTopic, prune, keepVersions, register, t, kindOverride, versionOverride);
        }

        /**
         * Publish the run as another kind (e.g. its ALS factors alone as an {@code als} version beside
         * the item-to-item one, to compare them in the stream); null = the run's own serving kind.
         */
        public Options withKind(String kind) {
            return new Options(bootstrapServers, partitions, replicationFactor, timeout, itemEmbeddingsTopic,
                    itemNeighboursTopic, userSeedsTopic, modelRegistryTopic, prune, keepVersions, register, trigger, kind,
                    versionOverride);
        }

        /** Publish under this version name instead of the run directory's; null = the directory's name. */
        public Options withVersion(String version) {
            return new Options(bootstrapServers, partitions, replicationFactor, timeout, itemEmbeddingsTopic,
                    itemNeighboursTopic, userSeedsTopic, modelRegistryTopic, prune, keepVersions, register, trigger,
                    kindOverride, version);
        }

        public Options withTimeout(Duration t) {
            return new Options(bootstrapServers, partitions, replicationFactor, t, itemEmbeddingsTopic, itemNeighboursTopic,
                    userSeedsTopic, modelRegistryTopic, prune, keepVersions, register, trigger, kindOverride, versionOverride);
        }
    }

    /**
     * What was published; {@code registration} says what the registry now holds for the version
     * ("registered as CANDIDATE", "already registered (PRODUCTION)", "not registered").
     */
    public record Result(String modelVersion, int items, int neighbourItems, int users, int factors,
                         List<String> removedVersions, int removedUsers, List<String> missingFiles, String registration,
                         long millis) {}

    private final Options options;
    private final PrintWriter out;
    private final boolean interactive;

    public Publisher(Options options, PrintWriter out) {
        this(options, out, false);
    }

    /** @param interactive progress on one console line (carriage returns) instead of quarter lines */
    public Publisher(Options options, PrintWriter out, boolean interactive) {
        this.options = options;
        this.out = out;
        this.interactive = interactive;
    }

    public Result publish(Path runDir) throws PublishException {
        long t0 = System.nanoTime();
        RunArtifacts run = RunArtifacts.read(runDir).as(options.kindOverride(), options.versionOverride());
        ModelRecords records = new ModelRecords(run);
        String version = records.modelVersion();
        if (!run.missing().isEmpty()) out.println("note: " + runDir + " has no " + String.join(", ", run.missing())
                + "; publishing without them");
        out.flush();
        try (Admin admin = admin()) {
            awaitReachable(admin);
            ensureCompacted(admin, options.itemEmbeddingsTopic());
            ensureCompacted(admin, options.itemNeighboursTopic());
            ensureCompacted(admin, options.userSeedsTopic());
        } catch (KafkaException e) {
            throw unreachable(e);
        }
        // Users an older model left behind; read before writing, tombstoned after the new rows.
        Set<Integer> staleUsers = new HashSet<>();
        if (options.prune()) {
            staleUsers = LiveKeys.read(options.bootstrapServers(), options.userSeedsTopic(), new IntegerDeserializer(),
                    options.timeout());
            if (run.userFactors() != null) for (int id : run.userFactors().ids()) staleUsers.remove(id);
        }
        List<String> removedVersions;
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            Sender sender = new Sender(producer);
            Serializer<ItemEmbedding> items = AvroSerdes.serde(ItemEmbedding.class).serializer();
            Serializer<ItemNeighbours> neighbours = AvroSerdes.serde(ItemNeighbours.class).serializer();
            Serializer<UserSeed> seeds = AvroSerdes.serde(UserSeed.class).serializer();
            String itemTopic = options.itemEmbeddingsTopic();
            String neighbourTopic = options.itemNeighboursTopic();
            String seedTopic = options.userSeedsTopic();

            ProgressLine itemProgress = new ProgressLine(out, itemTopic, records.itemCount(), interactive);
            for (int row = 0; row < records.itemCount(); row++) {
                ItemEmbedding item = records.item(row);
                sender.send(itemTopic, ModelKeys.itemKey(version, item.getMovieId()), items.serialize(itemTopic, item));
                if ((row & 255) == 0) itemProgress.update(row);
            }
            sender.flush();
            itemProgress.update(records.itemCount());

            if (records.neighbourCount() > 0) {
                ProgressLine neighbourProgress = new ProgressLine(out, neighbourTopic, records.neighbourCount(), interactive);
                for (int row = 0; row < records.neighbourCount(); row++) {
                    ItemNeighbours n = records.neighbours(row);
                    sender.send(neighbourTopic, ModelKeys.itemKey(version, n.getMovieId()),
                            neighbours.serialize(neighbourTopic, n));
                    if ((row & 255) == 0) neighbourProgress.update(row);
                }
                sender.flush();
                neighbourProgress.update(records.neighbourCount());
            }

            ProgressLine seedProgress = new ProgressLine(out, seedTopic, records.userCount(), interactive);
            for (int row = 0; row < records.userCount(); row++) {
                UserSeed seed = records.userSeed(row);
                sender.send(seedTopic, seed.getUserId(), seeds.serialize(seedTopic, seed));
                if ((row & 255) == 0) seedProgress.update(row);
            }
            sender.flush();
            seedProgress.update(records.userCount());

            for (int userId : staleUsers) sender.send(seedTopic, userId, null);
            sender.flush();
            if (!staleUsers.isEmpty()) {
                out.println("removed " + staleUsers.size() + " user seeds of older models (tombstones)");
            }

            // Last: the marker says "every row above is there".
            sender.send(itemTopic, ModelKeys.markerKey(version), items.serialize(itemTopic, records.marker()));
            sender.flush();

            removedVersions = retire(sender, version);
        } catch (SerializationException e) {
            throw new PublishException("cannot encode a record of " + runDir + ": " + e.getMessage(), e);
        } catch (KafkaException e) {
            throw unreachable(e);
        }
        String registration = options.register() ? register(run, records) : "not registered";
        long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        return new Result(version, records.itemCount(), records.neighbourCount(), records.userCount(),
                run.itemFactors().k(), removedVersions, staleUsers.size(), run.missing(), registration, millis);
    }

    /**
     * Registers the published version as a CANDIDATE on the model registry (never live by itself:
     * promote it with {@code reelstream models promote}), with its lineage: the production version
     * it is meant to replace, the data fingerprint, the trainer's config, what triggered it.
     * A version registered already stays as it is (a version never changes).
     */
    private String register(RunArtifacts run, ModelRecords records) throws PublishException {
        ModelRegistryClient registry = new ModelRegistryClient(RegistryClientConfig.defaults(options.bootstrapServers())
                .with(RegistryClientConfig.REGISTRY_TOPIC_CONFIG, options.modelRegistryTopic())
                .with(RegistryClientConfig.ITEM_EMBEDDINGS_TOPIC_CONFIG, options.itemEmbeddingsTopic())
                .with(RegistryClientConfig.ITEM_NEIGHBOURS_TOPIC_CONFIG, options.itemNeighboursTopic())
                .withTimeout(options.timeout()));
        String version = records.modelVersion();
        try {
            RegistryState state = registry.read();
            ModelRegistryEntry existing = state.entries().get(version);
            if (existing != null) {
                out.println("model " + version + " is registered already (" + existing.getStage() + "); registry unchanged");
                return "already registered (" + existing.getStage() + ")";
            }
            String parent = state.production().map(ModelRegistryEntry::getModelVersion).orElse(null);
            ModelLineage lineage = ModelLineage.newBuilder().setParentVersion(parent)
                    .setDataFingerprint(run.dataFingerprint()).setDataFrom(run.dataFrom()).setDataTo(run.dataTo())
                    .setTrainedAt(run.trainedAt()).setTrigger(options.trigger()).setConfig(new TreeMap<>(run.config()))
                    .build();
            registry.register(version, run.servingKind(), lineage, new TreeMap<>(run.metrics()), "publish",
                    "published " + run.runDir().toAbsolutePath().normalize() + " (trigger " + options.trigger() + ")");
            out.println("registered " + version + " (" + run.servingKind() + ") as CANDIDATE on " + options.modelRegistryTopic()
                    + (parent == null ? "; no production version yet" : "; production is " + parent)
                    + "; promote it with: reelstream models promote " + version);
            return "registered as CANDIDATE";
        } catch (RegistryRefusedException e) { // registered meanwhile by another publish of the same run
            out.println(e.getMessage());
            return "refused: " + e.getMessage();
        } catch (RegistryException e) {
            throw new PublishException("the version's rows are published but registering " + version + " on "
                    + options.modelRegistryTopic() + " failed: " + e.getMessage()
                    + "; publish again to register it (the rows are rewritten unchanged)", e);
        }
    }

    /**
     * Without a registry in use, tombstones every key of the versions beyond the newest
     * {@code keepVersions} on both model topics; with one, returns nothing (archiving removes versions).
     */
    private List<String> retire(Sender sender, String published) throws PublishException {
        if (!LiveKeys.read(options.bootstrapServers(), options.modelRegistryTopic(), new StringDeserializer(),
                options.timeout()).isEmpty()) {
            return List.of();
        }
        Set<String> itemKeys = LiveKeys.read(options.bootstrapServers(), options.itemEmbeddingsTopic(),
                new StringDeserializer(), options.timeout());
        java.util.TreeSet<String> versions = new java.util.TreeSet<>(java.util.Comparator.reverseOrder());
        for (String key : itemKeys) {
            try {
                versions.add(ModelKeys.parse(key).modelVersion());
            } catch (IllegalArgumentException e) {
                out.println("warning: " + options.itemEmbeddingsTopic() + " holds a key '" + key
                        + "' that is not '<version>/<movieId>'; left alone");
            }
        }
        versions.remove(published);
        List<String> retired = new java.util.ArrayList<>();
        int kept = 1;
        for (String v : versions) {
            if (kept < options.keepVersions()) {
                kept++;
                continue;
            }
            retired.add(v);
        }
        if (retired.isEmpty()) return retired;
        Set<String> neighbourKeys = LiveKeys.read(options.bootstrapServers(), options.itemNeighboursTopic(),
                new StringDeserializer(), options.timeout());
        for (String v : retired) {
            String prefix = ModelKeys.prefix(v);
            for (String key : itemKeys) if (key.startsWith(prefix)) sender.send(options.itemEmbeddingsTopic(), key, null);
            for (String key : neighbourKeys) if (key.startsWith(prefix)) sender.send(options.itemNeighboursTopic(), key, null);
        }
        sender.flush();
        out.println("removed " + retired.size() + " older model version(s) beyond the newest " + options.keepVersions()
                + " (no model registry in use): " + String.join(", ", retired));
        return retired;
    }

    /** Sends asynchronously and remembers the first failure; flush() waits for every ack and reports it. */
    private final class Sender {
        private final KafkaProducer<byte[], byte[]> producer;
        private final AtomicReference<Exception> failure = new AtomicReference<>();
        private final AtomicReference<String> failedTopic = new AtomicReference<>();
        private final IntegerSerializer ints = new IntegerSerializer();
        private final StringSerializer strings = new StringSerializer();

        Sender(KafkaProducer<byte[], byte[]> producer) {
            this.producer = producer;
        }

        /** An int key (userId); a null value is a tombstone. */
        void send(String topic, int key, byte[] value) throws PublishException {
            send(topic, ints.serialize(topic, key), String.valueOf(key), value);
        }

        /** A string key ('&lt;version&gt;/&lt;movieId&gt;'); a null value is a tombstone. */
        void send(String topic, String key, byte[] value) throws PublishException {
            send(topic, strings.serialize(topic, key), key, value);
        }

        private void send(String topic, byte[] key, String label, byte[] value) throws PublishException {
            check();
            producer.send(new ProducerRecord<>(topic, key, value), (metadata, e) -> {
                if (e != null && failure.compareAndSet(null, e)) failedTopic.set(topic + " key " + label);
            });
        }

        void flush() throws PublishException {
            producer.flush();
            check();
        }

        private void check() throws PublishException {
            Exception e = failure.get();
            if (e != null) {
                throw new PublishException("writing " + failedTopic.get() + " to " + options.bootstrapServers()
                        + " failed: " + e.getMessage() + " (check the broker's logs, the topic's"
                        + " max.message.bytes and min.insync.replicas vs --replication-factor)", e);
            }
        }
    }

    private Admin admin() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        int timeoutMs = (int) options.timeout().toMillis();
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "reelstream-publish-admin");
        return Admin.create(props);
    }

    private KafkaProducer<byte[], byte[]> producer() {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, options.bootstrapServers());
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "reelstream-publish");
        // Idempotent: a retried batch is written once, so a publish never duplicates a row.
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        // Throughput: tens of thousands of small records, sent in large compressed batches.
        props.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        // Bounded waits: an unreachable broker fails the publish instead of hanging it.
        int timeoutMs = (int) options.timeout().toMillis();
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * timeoutMs + 10);
        return new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    }

    private void awaitReachable(Admin admin) throws PublishException {
        try {
            admin.describeCluster().nodes().get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while connecting to " + options.bootstrapServers(), e);
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(e);
        }
    }

    private PublishException unreachable(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return new PublishException("cannot reach Kafka at " + options.bootstrapServers() + " within "
                + options.timeout().toSeconds() + " s (" + cause + "); check --bootstrap-servers and that a broker"
                + " is running there (the demo starts one)", cause);
    }

    /** Creates {@code topic} compacted if absent; warns if it exists without compaction. */
    private void ensureCompacted(Admin admin, String topic) throws PublishException {
        try {
            Set<String> existing = admin.listTopics().namesToListings().get(options.timeout().toMillis(),
                    TimeUnit.MILLISECONDS).keySet();
            if (!existing.contains(topic)) {
                NewTopic create = new NewTopic(topic, options.partitions(), options.replicationFactor())
                        .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                try {
                    admin.createTopics(List.of(create)).all().get(options.timeout().toMillis(), TimeUnit.MILLISECONDS);
                    out.println("created topic " + topic + " (cleanup.policy=compact, partitions="
                            + options.partitions() + ", replication.factor=" + options.replicationFactor() + ")");
                    out.flush();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new PublishException("creating topic " + topic + " on " + options.bootstrapServers()
                                + " failed: " + e.getCause().getMessage() + " (check --partitions and"
                                + " --replication-factor against the number of brokers)", e.getCause());
                    }
                }
                return;
            }
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(List.of(resource)).all()
                    .get(options.timeout().toMillis(), TimeUnit.MILLISECONDS).get(resource);
            String policy = config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            if (!policy.contains(TopicConfig.CLEANUP_POLICY_COMPACT)) {
                out.println("warning: topic " + topic + " has cleanup.policy=" + policy + ", not compact: old models"
                        + " are never compacted away; fix with kafka-configs.sh --alter --entity-type topics"
                        + " --entity-name " + topic + " --add-config cleanup.policy=compact");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while preparing topic " + topic, e);
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(e);
        }
    }
}
