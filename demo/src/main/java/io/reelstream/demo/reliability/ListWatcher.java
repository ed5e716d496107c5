package io.reelstream.demo.reliability;

import io.reelstream.schemas.DeadLetter;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Reads what the instances committed, as any downstream consumer would (read_committed): the lists,
 * counted by the swipe that caused them, with the time each partition's lists arrived; and the dead
 * letters, counted by the event id inside the original value. Together they are the exactly-once
 * verdict: every sent swipe must show up once, in one of the two.
 */
final class ListWatcher implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final String listsTopic;
    private final Deserializer<RecommendationList> lists = AvroSerdes.serde(RecommendationList.class).deserializer();
    private final Deserializer<DeadLetter> letters = AvroSerdes.serde(DeadLetter.class).deserializer();
    private final Deserializer<Swipe> swipes = AvroSerdes.serde(Swipe.class).deserializer();
    private final Map<String, Integer> listsByCause = new ConcurrentHashMap<>();
    private final Map<String, Integer> lettersByEvent = new ConcurrentHashMap<>();
    /** "topic-partition@offset" of the original record → reasonCodes of its dead letters (one, if all is well). */
    private final Map<String, List<String>> lettersByOrigin = new ConcurrentHashMap<>();
    private volatile ListListener listener = (partition, list, arrivalNanos) -> { };
    /** Per output partition, arrival times (System.nanoTime) of its lists, in order. */
    private final List<List<Long>> arrivals = new ArrayList<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final Thread thread;
    private volatile boolean stopping;
    private volatile long undecodableLetters;

    ListWatcher(String bootstrapServers, String listsTopic, String deadLettersTopic, int partitions) {
        this.listsTopic = listsTopic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "reelstream-reliability-watcher",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            tps.add(new TopicPartition(listsTopic, p));
            tps.add(new TopicPartition(deadLettersTopic, p));
            arrivals.add(new ArrayList<>());
        }
        consumer.assign(tps);
        // From the end (a stack shared with earlier scenarios has their lists), resolved now: swipes sent
        // after this constructor returns must not be skipped by a lazy seek.
        consumer.seekToEnd(tps);
        for (TopicPartition tp : tps) consumer.position(tp, java.time.Duration.ofSeconds(30));
        this.thread = new Thread(this::run, "reliability-watcher");
        thread.setDaemon(true);
    }

    /** Called on the watcher's thread for every committed list, in partition order. */
    interface ListListener {
        void onList(int partition, RecommendationList list, long arrivalNanos);
    }

    /** Set before {@link #start()}. */
    void listener(ListListener l) {
        this.listener = l;
    }

    void start() {
        thread.start();
    }

    private void run() {
        try {
            while (!stopping) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                    long at = System.nanoTime();
                    if (r.topic().equals(listsTopic)) {
                        RecommendationList list = lists.deserialize(r.topic(), r.value());
                        listsByCause.merge(list.getCauseEventId(), 1, Integer::sum);
                        List<Long> times = arrivals.get(r.partition());
                        synchronized (times) {
                            times.add(at);
                        }
                        listener.onList(r.partition(), list, at);
                    } else {
                        letter(r);
                    }
                }
            }
        } catch (Exception e) {
            if (!stopping) failure.set(e);
        } finally {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    private void letter(ConsumerRecord<byte[], byte[]> r) {
        DeadLetter letter = letters.deserialize(r.topic(), r.value());
        lettersByOrigin.computeIfAbsent(letter.getTopic() + "-" + letter.getPartition() + "@" + letter.getOffset(),
                o -> java.util.Collections.synchronizedList(new ArrayList<>())).add(String.valueOf(letter.getReasonCode()));
        ByteBuffer value = letter.getValue();
        if (value == null) {
            undecodableLetters++;
            return;
        }
        try {
            byte[] bytes = new byte[value.remaining()];
            value.duplicate().get(bytes);
            lettersByEvent.merge(swipes.deserialize(r.topic(), bytes).getEventId().toString(), 1, Integer::sum);
        } catch (RuntimeException notASwipe) {
            undecodableLetters++; // the scenarios send only well-formed swipes: counted, reported
        }
    }

    /**
     * Waits until every partition in {@code partitions} has a list that arrived after {@code since}
     * (nanoTime); returns the latest of those first arrivals, or -1 on timeout.
     */
    long awaitFirstListsAfter(Collection<Integer> partitions, long since, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            long latest = since;
            boolean all = true;
            for (int p : partitions) {
                long first = firstAfter(p, since);
                if (first < 0) {
                    all = false;
                    break;
                }
                latest = Math.max(latest, first);
            }
            if (all) return latest;
            checkHealthy();
            Thread.sleep(20);
        }
        return -1;
    }

    /** The first list of {@code partition} that arrived after {@code since} (nanoTime), -1 if none yet. */
    long firstAfter(int partition, long since) {
        List<Long> times = arrivals.get(partition);
        synchronized (times) {
            for (int i = times.size() - 1; i >= 0; i--) {
                if (times.get(i) <= since) return i + 1 < times.size() ? times.get(i + 1) : -1;
            }
            return times.isEmpty() ? -1 : times.get(0);
        }
    }

    /**
     * The longest time {@code partition} went without a list between {@code from} and {@code to}
     * (nanoTime), counting from {@code from} to its first list and from its last list to {@code to}:
     * how long its users saw nothing new while its owner died and the group recovered.
     */
    long longestGap(int partition, long from, long to) {
        List<Long> times = arrivals.get(partition);
        long previous = from;
        long longest = 0;
        synchronized (times) {
            for (long t : times) {
                if (t <= from) continue;
                if (t > to) break;
                longest = Math.max(longest, t - previous);
                previous = t;
            }
        }
        return Math.max(longest, to - previous);
    }

    /** {@link #longestGap} over several partitions: {seconds, the partition it was on}. */
    double[] longestGapSeconds(Collection<Integer> partitions, long from, long to) {
        long worst = -1;
        int worstPartition = -1;
        for (int p : partitions) {
            long gap = longestGap(p, from, to);
            if (gap > worst) {
                worst = gap;
                worstPartition = p;
            }
        }
        return new double[] {Math.max(0, worst) / 1e9, worstPartition};
    }

    /**
     * Waits until each sent id has a list or a dead letter; false when {@code stallTimeout} passes with
     * no new outcome (a slow machine keeps working through a backlog; a stuck one stops), or after
     * {@link #MAX_WAIT} in all.
     */
    boolean awaitAll(Collection<String> eventIds, Duration stallTimeout) throws InterruptedException {
        List<String> pending = new ArrayList<>(eventIds);
        long start = System.nanoTime();
        long lastProgress = start;
        while (System.nanoTime() - lastProgress < stallTimeout.toNanos() && System.nanoTime() - start < MAX_WAIT.toNanos()) {
            checkHealthy();
            int before = pending.size();
            pending.removeIf(id -> listsByCause.containsKey(id) || lettersByEvent.containsKey(id));
            if (pending.isEmpty()) return true;
            if (pending.size() < before) lastProgress = System.nanoTime();
            Thread.sleep(200);
        }
        return false;
    }

    /** The longest any wait for outcomes may take, however steady the progress. */
    static final Duration MAX_WAIT = Duration.ofMinutes(15);

    int lists(String eventId) {
        return listsByCause.getOrDefault(eventId, 0);
    }

    int letters(String eventId) {
        return lettersByEvent.getOrDefault(eventId, 0);
    }

    /** reasonCodes of the dead letters of the record at topic-partition@offset (empty: none). */
    List<String> lettersAt(String topic, int partition, long offset) {
        List<String> codes = lettersByOrigin.get(topic + "-" + partition + "@" + offset);
        return codes == null ? List.of() : List.copyOf(codes);
    }

    /** Every dead letter's origin → its reasonCodes. */
    Map<String, List<String>> lettersByOrigin() {
        return lettersByOrigin;
    }

    long undecodableLetters() {
        return undecodableLetters;
    }

    private void checkHealthy() {
        Exception e = failure.get();
        if (e != null) throw new IllegalStateException("reading the output failed: " + e, e);
    }

    @Override
    public void close() throws InterruptedException {
        stopping = true;
        thread.join(5000);
    }
}
