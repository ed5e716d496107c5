package io.reelstream.schemas.registry;

import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.ModelLineage;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.StageTransition;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The Kafka edge of the model registry: reads it, and changes it through one fenced writer. The
 * trainer's publisher, the CLI and the lifecycle service all use this class; the stage rules live in
 * the lifecycle module and reach Kafka only through {@link #apply}.
 *
 * <h2>Reading</h2>
 * {@link #read()} reads the compacted {@code model-registry} and {@code experiments} topics from
 * the beginning to their end ({@code isolation.level=read_committed}, no consumer group) into
 * version → entry and id → experiment. A record that cannot be decoded, or whose key does not
 * match its value, is logged with topic, partition, offset and key, listed in
 * {@link RegistryState#skipped()} and skipped. Missing topics read as an empty registry.
 *
 * <h2>Writing: one fenced writer</h2>
 * Every writer uses the same {@code transactional.id} ({@link RegistryClientConfig#transactionalId()}).
 * {@link #apply} then, per attempt:
 * <ol>
 *   <li>{@code initTransactions()} with a new producer: the broker fences every earlier producer of
 *       that id (its pending transaction is aborted, its next send or commit fails) and returns only
 *       once the id's previous transaction is complete, markers written;</li>
 *   <li>reads the registry to its end: it therefore holds every committed change, and no other
 *       writer can commit until it fences this one;</li>
 *   <li>calls the caller's function on that state; it returns what to write ({@link RegistryWrite})
 *       or throws (a {@link RegistryRefusedException}: nothing is written);</li>
 *   <li>checks every entry is append-only ({@link RegistryEntries#checkAppendOnly}), and sends in
 *       one transaction the entries, their new transitions to the audit topic, the experiment
 *       records, and tombstones for every live key with prefix {@code <version>/} on
 *       item-embeddings and item-neighbours of each version in {@link RegistryWrite#removeRowsOf()};</li>
 *   <li>checks that its first record on each registry and experiments partition landed exactly at the
 *       end it read (nothing was written in between, e.g. by a tool that ignores the shared id),
 *       then commits, and returns once the commit is visible to read_committed readers (the
 *       partitions' last stable offsets are past every record it wrote).</li>
 * </ol>
 * A fenced attempt (another writer initialised after this one) or a conflicting one is aborted and
 * retried from step 1 with the new state, up to {@link RegistryClientConfig#maxAttempts()} times;
 * the function may therefore run more than once and must only compute. A writer that dies mid-way
 * leaves an open transaction that readers never see and that the next writer's step 1 aborts.
 *
 * <p>Topics are created when missing: model-registry and experiments compacted with one partition
 * (one total order of changes), the audit topic with time retention.
 */
public final class ModelRegistryClient {
    private static final Logger log = LoggerFactory.getLogger(ModelRegistryClient.class);
    private static final Duration POLL = Duration.ofMillis(100);

    private final RegistryClientConfig config;
    private final Clock clock;
    private final Runnable beforeCommit;
    private volatile boolean topicsReady;

    public ModelRegistryClient(RegistryClientConfig config) {
        this(config, Clock.systemUTC());
    }

    /** @param clock stamps registrations made by {@link #register} */
    public ModelRegistryClient(RegistryClientConfig config, Clock clock) {
        this(config, clock, () -> {});
    }

    private ModelRegistryClient(RegistryClientConfig config, Clock clock, Runnable beforeCommit) {
        this.config = config;
        this.clock = clock;
        this.beforeCommit = beforeCommit;
    }

    /**
     * This client with a hook that runs after every record of a change is sent and acknowledged,
     * just before the commit. For tests: a hook that throws is a writer dying mid-way (the
     * transaction is aborted and nothing becomes visible); one that blocks holds a transaction open.
     */
    public ModelRegistryClient withBeforeCommit(Runnable hook) {
        return new ModelRegistryClient(config, clock, hook);
    }

    public RegistryClientConfig config() {
        return config;
    }

    /** The registry and experiments as of now; see the class comment. */
    public RegistryState read() {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            return readRegistry(consumer, false).state();
        } catch (org.apache.kafka.common.errors.TimeoutException e) {
            throw unreachable(e);
        } catch (KafkaException e) {
            throw new RegistryException("reading the registry from " + config.bootstrapServers() + " failed: " + e, e);
        }
    }

    /**
     * Registers {@code version} as a CANDIDATE: reads the registry, refuses a version that exists,
     * writes the entry and its audit record in one fenced transaction. This is what the trainer's
     * publisher calls once a version's rows and marker are on the topics.
     *
     * @param kind           als | itemitem | blend (the marker's kind)
     * @param lineage        parent version, data fingerprint and time range, trainer config
     * @param offlineMetrics {@code <model>.<metric>} and {@code eval.*} context (the marker's metrics)
     * @param by             who registers, e.g. "publish"
     * @param reason         why, e.g. "trained by schedule"; blank → "registered"
     * @return the entry written
     * @throws RegistryRefusedException when the version is registered already, or its name or kind is invalid
     * @throws RegistryException        when Kafka cannot be reached or the write kept being fenced
     */
    public ModelRegistryEntry register(String version, String kind, ModelLineage lineage,
                                       Map<String, Double> offlineMetrics, String by, String reason) {
        RegistryCommit commit = apply(state -> {
            ModelRegistryEntry existing = state.entries().get(version);
            if (existing != null) {
                throw new RegistryRefusedException("model version " + version + " is registered already (stage "
                        + existing.getStage() + "); a version never changes: publish the new run under its own version");
            }
            long at = RegistryEntries.nextAt(state.entries().values(), clock.millis());
            return RegistryWrite.of(RegistryEntries.candidate(version, kind, lineage, offlineMetrics, at, by, reason));
        });
        return commit.write().entries().get(0);
    }

    /**
     * Applies one change through the fenced writer (see the class comment).
     *
     * @param change computes what to write from the registry as read after fencing; may run more
     *               than once; throws to refuse (nothing is written, the exception propagates)
     * @throws RegistryException when Kafka cannot be reached, or every attempt was fenced or conflicted
     */
    public RegistryCommit apply(Function<RegistryState, RegistryWrite> change) {
        ensureTopics();
        RuntimeException last = null;
        for (int attempt = 1; attempt <= config.maxAttempts(); attempt++) {
            try {
                return attempt(change, attempt);
            } catch (Retry retry) {
                last = retry;
                log.warn("registry change attempt {}/{} did not commit ({}); retrying with a fresh read",
                        attempt, config.maxAttempts(), retry.getMessage());
                backOff(attempt);
            }
        }
        throw new RegistryException("gave up after " + config.maxAttempts() + " attempts to change the registry: "
                + last.getMessage() + ". Another writer with transactional.id '" + config.transactionalId()
                + "' kept fencing this one, or something writes " + config.registryTopic()
                + " without it; stop the other writer or retry", last.getCause() != null ? last.getCause() : last);
    }

    /** Creates the registry, audit and experiments topics when missing (idempotent). */
    public void ensureTopics() {
        if (topicsReady) return;
        Map<String, String> compact = Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        List<NewTopic> topics = List.of(
                new NewTopic(config.registryTopic(), Optional.of(1), Optional.empty()).configs(compact),
                new NewTopic(config.experimentsTopic(), Optional.of(1), Optional.empty()).configs(compact),
                new NewTopic(config.auditTopic(), Optional.of(1), Optional.empty()).configs(Map.of(
                        TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                        TopicConfig.RETENTION_MS_CONFIG, Long.toString(config.auditRetentionMs()))));
        try (Admin admin = admin()) {
            Set<String> existing = admin.listTopics().names().get(timeoutMs(), TimeUnit.MILLISECONDS);
            List<NewTopic> missing = topics.stream().filter(t -> !existing.contains(t.name())).toList();
            if (!missing.isEmpty()) {
                for (var entry : admin.createTopics(missing).values().entrySet()) {
                    try {
                        entry.getValue().get(timeoutMs(), TimeUnit.MILLISECONDS);
                        log.info("created topic {}", entry.getKey());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw new RegistryException("creating topic " + entry.getKey() + " on " + config.bootstrapServers()
                                    + " failed: " + e.getCause().getMessage(), e.getCause());
                        }
                    }
                }
            }
            topicsReady = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while creating the registry topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw unreachable(e);
        } catch (KafkaException e) {
            throw unreachable(e);
        }
    }

    // ---------------------------------------------------------------- one attempt

    /** An attempt that was fenced or conflicted: abort and start again. */
    private static final class Retry extends RuntimeException {
        Retry(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private RegistryCommit attempt(Function<RegistryState, RegistryWrite> change, int attempt) {
        try (KafkaProducer<String, byte[]> producer = producer(); KafkaConsumer<String, byte[]> consumer = consumer()) {
            boolean open = false;
            try {
                producer.initTransactions();
                producer.beginTransaction();
                open = true;
                Snapshot snapshot = readRegistry(consumer, true);
                RegistryWrite write = change.apply(snapshot.state());
                if (write.isEmpty()) {
                    producer.abortTransaction();
                    return new RegistryCommit(snapshot.state(), write, List.of(), Map.of(), attempt);
                }
                List<StageTransition> audit = auditOf(snapshot.state(), write);
                Map<String, List<RowKey>> rows = liveRows(consumer, write.removeRowsOf());

                Serializer<ModelRegistryEntry> entries = AvroSerdes.serde(ModelRegistryEntry.class).serializer();
                Serializer<StageTransition> transitions = AvroSerdes.serde(StageTransition.class).serializer();
                Serializer<Experiment> experiments = AvroSerdes.serde(Experiment.class).serializer();
                List<Future<RecordMetadata>> guarded = new ArrayList<>();
                List<Future<RecordMetadata>> others = new ArrayList<>();
                for (ModelRegistryEntry e : write.entries()) {
                    guarded.add(producer.send(new ProducerRecord<>(config.registryTopic(), e.getModelVersion(),
                            entries.serialize(config.registryTopic(), e))));
                }
                for (Experiment x : write.experiments()) {
                    guarded.add(producer.send(new ProducerRecord<>(config.experimentsTopic(), x.getExperimentId(),
                            experiments.serialize(config.experimentsTopic(), x))));
                }
                for (StageTransition t : audit) {
                    others.add(producer.send(new ProducerRecord<>(config.auditTopic(), t.getModelVersion(),
                            transitions.serialize(config.auditTopic(), t))));
                }
                Map<String, Integer> removed = new TreeMap<>();
                rows.forEach((version, keys) -> {
                    removed.put(version, keys.size());
                    for (RowKey k : keys) others.add(producer.send(new ProducerRecord<>(k.topic(), k.partition(), k.key(), null)));
                });
                producer.flush();
                Map<TopicPartition, Long> firstOffsets = firstOffsets(guarded);
                Map<TopicPartition, Long> lastOffsets = lastOffsets(guarded);
                lastOffsets(others).forEach((tp, offset) -> lastOffsets.merge(tp, offset, Math::max));
                for (var e : firstOffsets.entrySet()) {
                    long readEnd = snapshot.ends().getOrDefault(e.getKey(), 0L);
                    if (e.getValue() != readEnd) {
                        throw new Retry(e.getKey() + " moved from offset " + readEnd + " to " + e.getValue()
                                + " between this writer's read and its write: a concurrent change", null);
                    }
                }
                beforeCommit.run();
                producer.commitTransaction();
                open = false;
                awaitVisible(consumer, lastOffsets);
                log.debug("registry change committed: {} entries, {} experiments, rows removed {}",
                        write.entries().size(), write.experiments().size(), removed);
                return new RegistryCommit(snapshot.state(), write, audit, removed, attempt);
            } catch (RuntimeException e) {
                Throwable fenced = fencedCause(e);
                if (open && fenced == null) abortQuietly(producer);
                if (e instanceof Retry) throw e;
                if (fenced != null) {
                    throw new Retry("fenced by another registry writer (" + fenced.getClass().getSimpleName() + ")", fenced);
                }
                if (e instanceof org.apache.kafka.common.errors.TimeoutException) throw unreachable(e);
                if (e instanceof KafkaException) {
                    throw new RegistryException("changing the registry on " + config.bootstrapServers() + " failed: " + e
                            + " (nothing was committed)", e);
                }
                throw e;
            }
        }
    }

    /** The transitions each written entry appends, after checking it only appends. */
    private static List<StageTransition> auditOf(RegistryState state, RegistryWrite write) {
        List<StageTransition> audit = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (ModelRegistryEntry next : write.entries()) {
            if (!seen.add(next.getModelVersion())) {
                throw new IllegalStateException("a change writes entry " + next.getModelVersion() + " twice");
            }
            ModelRegistryEntry previous = state.entries().get(next.getModelVersion());
            RegistryEntries.checkAppendOnly(previous, next);
            int from = previous == null ? 0 : previous.getTransitions().size();
            audit.addAll(next.getTransitions().subList(from, next.getTransitions().size()));
        }
        return audit;
    }

    private Map<TopicPartition, Long> firstOffsets(List<Future<RecordMetadata>> futures) {
        Map<TopicPartition, Long> first = new HashMap<>();
        for (Future<RecordMetadata> f : futures) {
            RecordMetadata m = get(f);
            first.merge(new TopicPartition(m.topic(), m.partition()), m.offset(), Math::min);
        }
        return first;
    }

    private Map<TopicPartition, Long> lastOffsets(List<Future<RecordMetadata>> futures) {
        Map<TopicPartition, Long> last = new HashMap<>();
        for (Future<RecordMetadata> f : futures) {
            RecordMetadata m = get(f);
            last.merge(new TopicPartition(m.topic(), m.partition()), m.offset(), Math::max);
        }
        return last;
    }

    /**
     * Waits until read_committed readers can see this transaction: commitTransaction() returns once
     * the coordinator has logged the commit, but the markers reach the partitions a moment later,
     * and until then the partitions' last stable offset stays before the records. Waiting here makes
     * a read that starts after {@link #apply} returns (the next CLI command, a test) see the change.
     * The commit stands either way; a wait that runs out is only logged.
     */
    private void awaitVisible(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> lastOffsets) {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (true) {
            Map<TopicPartition, Long> stable = consumer.endOffsets(lastOffsets.keySet(), config.timeout());
            if (lastOffsets.entrySet().stream().allMatch(e -> stable.getOrDefault(e.getKey(), 0L) > e.getValue())) return;
            if (System.nanoTime() > deadline) {
                log.warn("registry change committed, but not yet visible to read_committed readers after {}", config.timeout());
                return;
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private RecordMetadata get(Future<RecordMetadata> f) {
        try {
            return f.get(timeoutMs(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while writing the registry", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof KafkaException k) throw k;
            throw new KafkaException(e.getCause());
        } catch (TimeoutException e) {
            throw new org.apache.kafka.common.errors.TimeoutException("no acknowledgement within " + config.timeout(), e);
        }
    }

    private static Throwable fencedCause(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ProducerFencedException || t instanceof InvalidProducerEpochException) return t;
        }
        return null;
    }

    private static void abortQuietly(KafkaProducer<String, byte[]> producer) {
        try {
            producer.abortTransaction();
        } catch (RuntimeException e) {
            log.debug("aborting the registry transaction failed; the next writer's initTransactions aborts it", e);
        }
    }

    private static void backOff(int attempt) {
        long ms = Math.min(1000, 50L << Math.min(attempt, 4)) + ThreadLocalRandom.current().nextLong(50);
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException("interrupted while retrying a registry change", e);
        }
    }

    // ---------------------------------------------------------------- reading

    private record Snapshot(RegistryState state, Map<TopicPartition, Long> ends) {}

    private Snapshot readRegistry(KafkaConsumer<String, byte[]> consumer, boolean mustExist) {
        Deserializer<ModelRegistryEntry> entries = AvroSerdes.serde(ModelRegistryEntry.class).deserializer();
        Deserializer<Experiment> experiments = AvroSerdes.serde(Experiment.class).deserializer();
        Map<String, ModelRegistryEntry> byVersion = new LinkedHashMap<>();
        Map<String, Experiment> byId = new LinkedHashMap<>();
        List<SkippedRecord> skipped = new ArrayList<>();
        Map<TopicPartition, Long> ends = new HashMap<>();
        ends.putAll(readToEnd(consumer, config.registryTopic(), mustExist, r -> {
            if (r.value() == null) {
                if (r.key() != null) byVersion.remove(r.key());
                return;
            }
            ModelRegistryEntry e = decode(r, entries, skipped);
            if (e == null) return;
            if (!e.getModelVersion().equals(r.key())) {
                skip(r, "the entry under this key is of version '" + e.getModelVersion() + "'", skipped);
                return;
            }
            byVersion.put(r.key(), e);
        }));
        ends.putAll(readToEnd(consumer, config.experimentsTopic(), mustExist, r -> {
            if (r.value() == null) {
                if (r.key() != null) byId.remove(r.key());
                return;
            }
            Experiment x = decode(r, experiments, skipped);
            if (x == null) return;
            if (!x.getExperimentId().equals(r.key())) {
                skip(r, "the experiment under this key has id '" + x.getExperimentId() + "'", skipped);
                return;
            }
            byId.put(r.key(), x);
        }));
        return new Snapshot(new RegistryState(byVersion, byId, skipped), ends);
    }

    private static <T> T decode(ConsumerRecord<String, byte[]> r, Deserializer<T> deserializer, List<SkippedRecord> skipped) {
        if (r.key() == null) {
            skip(r, "no key", skipped);
            return null;
        }
        try {
            return deserializer.deserialize(r.topic(), r.value());
        } catch (SerializationException | org.apache.avro.AvroRuntimeException e) {
            skip(r, "undecodable value: " + e.getMessage(), skipped);
            return null;
        }
    }

    private static void skip(ConsumerRecord<String, byte[]> r, String reason, List<SkippedRecord> skipped) {
        SkippedRecord s = new SkippedRecord(r.topic(), r.partition(), r.offset(), r.key(), reason);
        log.warn("skipping malformed registry record {}", s);
        skipped.add(s);
    }

    /** One live key of a retired version's row. */
    private record RowKey(String topic, int partition, String key) {}

    /** Live keys of each version's rows on item-embeddings and item-neighbours. */
    private Map<String, List<RowKey>> liveRows(KafkaConsumer<String, byte[]> consumer, Set<String> versions) {
        Map<String, List<RowKey>> out = new TreeMap<>();
        if (versions.isEmpty()) return out;
        Map<String, String> prefixes = new HashMap<>();
        for (String v : versions) {
            prefixes.put(ModelKeys.prefix(v), v);
            out.put(v, new ArrayList<>());
        }
        for (String topic : List.of(config.itemEmbeddingsTopic(), config.itemNeighboursTopic())) {
            Map<RowKey, String> live = new LinkedHashMap<>();
            readToEnd(consumer, topic, false, r -> {
                if (r.key() == null) return;
                int cut = r.key().lastIndexOf('/');
                String version = cut < 0 ? null : prefixes.get(r.key().substring(0, cut + 1));
                if (version == null) return;
                RowKey key = new RowKey(topic, r.partition(), r.key());
                if (r.value() == null) live.remove(key);
                else live.put(key, version);
            });
            live.forEach((key, version) -> out.get(version).add(key));
        }
        return out;
    }

    /**
     * Reads {@code topic} from the beginning to the end offsets taken now (the last stable offsets,
     * read_committed), handing every record to {@code sink}; returns those end offsets.
     */
    private Map<TopicPartition, Long> readToEnd(KafkaConsumer<String, byte[]> consumer, String topic, boolean mustExist,
                                                java.util.function.Consumer<ConsumerRecord<String, byte[]>> sink) {
        List<TopicPartition> partitions = partitions(consumer, topic, mustExist);
        if (partitions.isEmpty()) return Map.of();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, config.timeout());
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (partitions.stream().anyMatch(tp -> consumer.position(tp, config.timeout()) < end.get(tp))) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(POLL)) {
                if (r.offset() < end.get(new TopicPartition(r.topic(), r.partition()))) sink.accept(r);
            }
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException("reading " + topic + " to its end " + end
                        + " took longer than " + config.timeout());
            }
        }
        return end;
    }

    /** The topic's partitions; a missing topic has none, unless it must exist (just created): then wait for it. */
    private List<TopicPartition> partitions(KafkaConsumer<String, byte[]> consumer, String topic, boolean mustExist) {
        long deadline = System.nanoTime() + config.timeout().toNanos();
        while (true) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, config.timeout());
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            }
            if (!mustExist) return List.of();
            if (System.nanoTime() > deadline) {
                throw new org.apache.kafka.common.errors.TimeoutException("topic " + topic + " has no partitions after "
                        + config.timeout());
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while waiting for topic " + topic, e);
            }
        }
    }

    // ---------------------------------------------------------------- clients

    private KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "reelstream-registry-writer");
        // the one id every registry writer shares: initTransactions() fences the previous holder
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, config.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        // bounded waits: an unreachable broker fails the change instead of hanging it
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 2 * timeoutMs() + 10);
        // a writer that dies keeps its transaction open at most this long (the next writer aborts it sooner)
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Math.max(60_000, 2 * timeoutMs()));
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private KafkaConsumer<String, byte[]> consumer() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "reelstream-registry-reader");
        // only committed changes: an aborted or still-open registry transaction is invisible
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // a reader must never create a registry topic (it would not be compacted)
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs());
        p.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs());
        // reads to a known end: a fetch at the end should come back at once, not after the default 500 ms
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(AdminClientConfig.CLIENT_ID_CONFIG, "reelstream-registry-admin");
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs());
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs());
        return Admin.create(p);
    }

    private int timeoutMs() {
        return (int) Math.min(Integer.MAX_VALUE, config.timeout().toMillis());
    }

    private RegistryException unreachable(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        return new RegistryException("cannot reach Kafka at " + config.bootstrapServers() + " within "
                + config.timeout().toSeconds() + " s (" + cause.getMessage() + "); check --bootstrap-servers and that a"
                + " broker is running there", cause);
    }
}
