package io.reelstream.demo.replay;

import io.reelstream.core.preference.Preference;
import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.RankedMovie;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Reads the replay's three topics — swipes, recommendations, swipes-dlq — from the beginning with
 * read_committed (only what the topology's transactions committed) on a background thread, and
 * feeds a {@link HitTracker}. Also keeps which swipe got a list and which a dead letter, so a run
 * can check that every swipe was answered. Assigned partitions, no consumer group: it observes,
 * it commits nothing.
 */
public final class ReplayConsumer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ReplayConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final Duration METADATA_TIMEOUT = Duration.ofSeconds(30);

    /** Topic names this consumer reads. */
    public record Topics(String swipes, String recommendations, String deadLetters) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Topics topics;
    private final HitTracker tracker;
    private final Deserializer<Swipe> swipes = AvroSerdes.serde(Swipe.class).deserializer();
    private final Deserializer<RecommendationList> lists = AvroSerdes.serde(RecommendationList.class).deserializer();
    private final Deserializer<DeadLetter> letters = AvroSerdes.serde(DeadLetter.class).deserializer();
    private final Thread thread;
    private final Object lock = new Object();
    private final Set<String> swipeIds = new HashSet<>();
    private final Set<String> listedIds = new HashSet<>();
    private final Map<String, String> deadLetterReasons = new HashMap<>();
    private final Map<String, Long> strategies = new TreeMap<>();
    /** eventId → swipe's producer timestamp (ms), until its list is read; or list read time if it came first (negated). */
    private final Map<String, Long> openLatencies = new HashMap<>();
    private final List<Long> latenciesMs = new ArrayList<>();
    private long undecodable;
    private volatile boolean running = true;
    private volatile Throwable failure;

    public ReplayConsumer(String bootstrapServers, Topics topics, HitTracker tracker) {
        this.topics = topics;
        this.tracker = tracker;
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "reelstream-replay-observer");
        // Lists of aborted transactions (a stream thread that died mid-commit) must not count.
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) METADATA_TIMEOUT.toMillis());
        this.consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(topics.swipes(), topics.recommendations(), topics.deadLetters())) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, METADATA_TIMEOUT);
            if (infos == null || infos.isEmpty()) {
                consumer.close();
                throw new IllegalStateException("topic " + topic + " does not exist on " + bootstrapServers
                        + "; create it before starting the replay observer");
            }
            for (PartitionInfo info : infos) partitions.add(new TopicPartition(topic, info.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        this.thread = new Thread(this::loop, "replay-observer");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        try {
            while (running) {
                var records = consumer.poll(POLL);
                if (records.isEmpty()) continue;
                synchronized (lock) {
                    for (ConsumerRecord<byte[], byte[]> r : records) handle(r);
                }
            }
        } catch (WakeupException e) {
            if (running) failure = e;
        } catch (RuntimeException e) {
            failure = e;
            log.error("replay observer stopped: {}", e.toString(), e);
        }
    }

    private void handle(ConsumerRecord<byte[], byte[]> r) {
        try {
            if (r.topic().equals(topics.swipes())) {
                Swipe s = swipes.deserialize(r.topic(), r.value());
                int preference = s.getPreference() != null ? s.getPreference()
                        : Preference.fromBucket(s.getBucket());
                swipeIds.add(s.getEventId());
                Long listReadAt = openLatencies.remove(s.getEventId());
                if (listReadAt != null) latenciesMs.add(Math.max(0, -listReadAt - r.timestamp()));
                else openLatencies.put(s.getEventId(), r.timestamp());
                tracker.swipe(s.getUserId(), s.getEventId(), s.getMovieId(), preference);
            } else if (r.topic().equals(topics.recommendations())) {
                RecommendationList list = lists.deserialize(r.topic(), r.value());
                int[] movies = new int[list.getItems().size()];
                int i = 0;
                for (RankedMovie m : list.getItems()) movies[i++] = m.getMovieId();
                listedIds.add(list.getCauseEventId());
                long now = System.currentTimeMillis();
                Long swipedAt = openLatencies.remove(list.getCauseEventId());
                if (swipedAt != null) latenciesMs.add(Math.max(0, now - swipedAt));
                else openLatencies.put(list.getCauseEventId(), -now);
                strategies.merge(list.getStrategy(), 1L, Long::sum);
                tracker.list(list.getUserId(), list.getCauseEventId(), movies);
            } else {
                DeadLetter letter = letters.deserialize(r.topic(), r.value());
                if (!letter.getTopic().equals(topics.swipes()) || letter.getValue() == null) return; // a bad user seed
                Swipe s = swipes.deserialize(letter.getTopic(), bytes(letter.getValue()));
                deadLetterReasons.put(s.getEventId(), letter.getReason());
                tracker.deadLetter(s.getUserId(), s.getEventId());
            }
        } catch (SerializationException | IllegalArgumentException e) {
            undecodable++;
            log.warn("{}-{}@{}: cannot decode ({}); not scored", r.topic(), r.partition(), r.offset(), e.getMessage());
        }
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer b = buffer.duplicate();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        return out;
    }

    /** The tracker's figures now. */
    public HitTracker.Snapshot snapshot() {
        synchronized (lock) {
            return tracker.snapshot();
        }
    }

    /** What became of the swipes read so far. */
    public Accounting accounting() {
        synchronized (lock) {
            Set<String> unanswered = new HashSet<>(swipeIds);
            unanswered.removeAll(listedIds);
            unanswered.removeAll(deadLetterReasons.keySet());
            Set<String> listedWithoutSwipe = new HashSet<>(listedIds);
            listedWithoutSwipe.removeAll(swipeIds);
            Map<String, Long> reasons = new TreeMap<>();
            for (String reason : deadLetterReasons.values()) reasons.merge(shortReason(reason), 1L, Long::sum);
            return new Accounting(swipeIds.size(), listedIds.size(), deadLetterReasons.size(), unanswered.size(),
                    listedWithoutSwipe.size(), Map.copyOf(reasons), Map.copyOf(strategies), undecodable);
        }
    }

    /**
     * Swipe → list latency as a consumer sees it: from the swipe's producer timestamp to the moment
     * this observer read the committed list (includes the topology's transaction commit). Quantiles
     * in ms of every list read so far, {p50, p95, p99, max}; empty before the first list.
     */
    public long[] latencyQuantilesMs() {
        long[] sorted;
        synchronized (lock) {
            sorted = latenciesMs.stream().mapToLong(Long::longValue).sorted().toArray();
        }
        if (sorted.length == 0) return new long[0];
        return new long[] {quantile(sorted, 0.50), quantile(sorted, 0.95), quantile(sorted, 0.99), sorted[sorted.length - 1]};
    }

    /** Nearest-rank quantile of sorted values. */
    static long quantile(long[] sorted, double q) {
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    /** "movie 123 is not in model run_…" → "movie … is not in model": reasons grouped without their ids. */
    static String shortReason(String reason) {
        if (reason == null) return "unknown";
        if (reason.contains("is not in model")) return "unknown movie";
        return reason.length() > 60 ? reason.substring(0, 60) + "…" : reason;
    }

    /**
     * Swipes read, swipes answered by a list, swipes dead-lettered, swipes with neither; lists whose
     * swipe was not (yet) read; dead letters by reason; lists by strategy; records that did not decode.
     */
    public record Accounting(int swipes, int listed, int deadLettered, int unanswered, int listsWithoutSwipe,
                             Map<String, Long> deadLetterReasons, Map<String, Long> strategies, long undecodable) {}

    /** Waits (polling every 100 ms) until the condition holds, the observer fails, or the timeout passes. */
    public boolean await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (failure != null) throw new IllegalStateException("replay observer failed: " + failure, failure);
            if (condition.getAsBoolean()) return true;
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return condition.getAsBoolean();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        consumer.close(Duration.ofSeconds(5));
    }
}
