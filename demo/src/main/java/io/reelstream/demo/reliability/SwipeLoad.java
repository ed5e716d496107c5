package io.reelstream.demo.reliability;

import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.IntegerSerializer;
import org.apache.kafka.common.utils.Utils;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The swipes of a scenario: the slice in time order at a steady rate, plus a probe swipe on every
 * partition every {@code probeIntervalMs} from a user of that partition's own (ids from
 * {@link #PROBE_USER_BASE}; a new one for each pass over the 500 probe movies, so no probe user swipes
 * a movie twice: ~13 bytes of state per probe). MovieLens users swipe in sessions, so at any moment only a few partitions
 * carry replay traffic; the probes make "the first list on partition p after t" a measurement of when
 * p is processed again, whoever owns it. Every sent swipe is remembered by event id (with the time it
 * was sent) for the verdict and the end-to-end latency. With {@code loop} the slice starts over when it
 * ends, its event ids suffixed {@code #<round>}: each user re-swipes their own movies, so the state stays
 * the size of the slice's however long it runs (the soak's premise).
 */
final class SwipeLoad implements AutoCloseable {
    static final int PROBE_USER_BASE = 10_000_000;
    /** Probe user ids per load: each load in this JVM takes the next block, so no two loads share a probe user. */
    static final int PROBE_USER_BLOCK = 1_000_000;
    private static final java.util.concurrent.atomic.AtomicInteger PROBE_BLOCKS = new java.util.concurrent.atomic.AtomicInteger();
    static final String SOURCE = "reliability";

    /** What was sent for one event id, and when (System.nanoTime). */
    record Sent(int userId, int partition, long sentAtNanos) {}

    private final Producer<Integer, Swipe> producer;
    private final String topic;
    private final ReplaySlice slice;
    private final double ratePerSecond;
    private final long probeIntervalMs;
    private final int[] probeUsers;
    private final ProbeUsers probeUserOf;
    private final int[] probeMovies;
    private final Map<String, Sent> sent = new ConcurrentHashMap<>();
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final boolean loop;
    private final Thread thread;
    private volatile boolean stopping;
    private volatile boolean paused;
    private volatile long replayed;
    private volatile String eventIdPrefix = "";

    /**
     * @param probeIntervalMs a probe swipe on every partition this often; 0 = no probes
     * @param loop            start the slice over when it ends (new event ids per round) instead of going quiet
     */
    SwipeLoad(String bootstrapServers, String topic, int partitions, ReplaySlice slice, double ratePerSecond,
              long probeIntervalMs, boolean loop) {
        this.loop = loop;
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 2,
                ProducerConfig.CLIENT_ID_CONFIG, "reelstream-reliability-load"),
                new IntegerSerializer(), AvroSerdes.serde(Swipe.class).serializer());
        this.topic = topic;
        this.slice = slice;
        this.ratePerSecond = ratePerSecond;
        this.probeIntervalMs = probeIntervalMs;
        int probeBase = PROBE_USER_BASE + PROBE_BLOCKS.getAndIncrement() * PROBE_USER_BLOCK;
        this.probeUsers = probeUsers(partitions, probeBase);
        this.probeUserOf = new ProbeUsers(partitions, probeBase);
        LinkedHashSet<Integer> movies = new LinkedHashSet<>();
        for (int i = 0; i < slice.size() && movies.size() < 500; i++) movies.add(slice.movieId(i));
        this.probeMovies = movies.stream().mapToInt(Integer::intValue).toArray();
        this.thread = new Thread(this::run, "reliability-load");
        thread.setDaemon(true);
    }

    /** The partition the producer's default partitioner sends an int key to: murmur2 of its 4 bytes. */
    static int partitionOf(int userId, int partitions) {
        return Utils.toPositive(Utils.murmur2(new IntegerSerializer().serialize("", userId))) % partitions;
    }

    /** For each partition, the smallest user id from {@link #PROBE_USER_BASE} that lands on it. */
    static int[] probeUsers(int partitions) {
        return probeUsers(partitions, PROBE_USER_BASE);
    }

    /** For each partition, the smallest user id from {@code base} that lands on it. */
    static int[] probeUsers(int partitions, int base) {
        int[] users = new int[partitions];
        java.util.Arrays.fill(users, -1);
        int found = 0;
        for (int u = base; found < partitions; u++) {
            int p = partitionOf(u, partitions);
            if (users[p] < 0) {
                users[p] = u;
                found++;
            }
        }
        return users;
    }

    /**
     * The probe user of each partition in each pass over the probe movies: pass 0 is {@link
     * #probeUsers}' user, pass c the c-th next user id landing on that partition. Not thread-safe.
     */
    static final class ProbeUsers {
        private final int[] first;
        private final java.util.List<java.util.List<Integer>> later = new java.util.ArrayList<>();
        private int nextCandidate;

        ProbeUsers(int partitions) {
            this(partitions, PROBE_USER_BASE);
        }

        ProbeUsers(int partitions, int base) {
            this.first = probeUsers(partitions, base);
            for (int p = 0; p < partitions; p++) later.add(new java.util.ArrayList<>());
            this.nextCandidate = java.util.Arrays.stream(first).max().orElseThrow() + 1;
        }

        int user(int partition, int pass) {
            if (pass == 0) return first[partition];
            java.util.List<Integer> mine = later.get(partition);
            while (mine.size() < pass) {
                int u = nextCandidate++;
                later.get(partitionOf(u, first.length)).add(u);
            }
            return mine.get(pass - 1);
        }
    }

    /**
     * Prefixes every event id this load sends (before {@link #start()}): scenarios sharing a stack must not
     * repeat an event id, or the topology would dead-letter it as a duplicate.
     */
    SwipeLoad withEventIdPrefix(String prefix) {
        this.eventIdPrefix = prefix;
        return this;
    }

    void start() {
        thread.start();
    }

    private void run() {
        long start = System.nanoTime();
        long nextProbe = start;
        long probeSeq = 0;
        long pausedNanos = 0;
        try {
            while (!stopping) {
                if (paused) {
                    long p0 = System.nanoTime();
                    while (paused && !stopping) Thread.sleep(5);
                    pausedNanos += System.nanoTime() - p0;
                    continue;
                }
                long now = System.nanoTime();
                long due = (long) ((now - start - pausedNanos) / 1e9 * ratePerSecond);
                if (!loop) due = Math.min(slice.size(), due);
                while (replayed < due && !stopping && !paused) {
                    long n = replayed;
                    int i = (int) (n % slice.size());
                    long round = n / slice.size();
                    Swipe s = slice.swipe(i);
                    s.setEventId(eventIdPrefix + s.getEventId() + (round > 0 ? "#" + round : ""));
                    send(s);
                    replayed = n + 1;
                }
                if (probeIntervalMs > 0 && now >= nextProbe) {
                    for (int p = 0; p < probeUsers.length; p++) {
                        long turn = probeSeq + p;
                        int movie = probeMovies[(int) (turn % probeMovies.length)];
                        // a new user for each pass over the movies: a probe user never swipes a movie twice
                        // (a changed mind about its oldest swipe on every probe is no user's pattern)
                        int user = probeUserOf.user(p, (int) (turn / probeMovies.length));
                        send(Swipe.newBuilder().setEventId(eventIdPrefix + "probe-" + p + "-" + probeSeq).setUserId(user)
                                .setMovieId(movie).setPreference(1).setBucket(null)
                                .setEventTime(System.currentTimeMillis()).setSource(SOURCE).build());
                    }
                    probeSeq++;
                    nextProbe += probeIntervalMs * 1_000_000L;
                }
                Thread.sleep(5);
            }
            producer.flush();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            failure.set(e);
        }
    }

    private void send(Swipe swipe) {
        int partitions = probeUsers.length;
        sent.put(swipe.getEventId(), new Sent(swipe.getUserId(), partitionOf(swipe.getUserId(), partitions), System.nanoTime()));
        producer.send(new ProducerRecord<>(topic, swipe.getUserId(), swipe), (md, e) -> {
            if (e != null) failure.compareAndSet(null, e);
        });
    }

    /** Stops sending and waits until every sent swipe is acknowledged. */
    void stop() throws InterruptedException {
        stopping = true;
        thread.join();
        producer.flush();
        Exception e = failure.get();
        if (e != null) throw new IllegalStateException("sending swipes failed: " + e, e);
    }

    Map<String, Sent> sent() {
        return sent;
    }

    long replayed() {
        return replayed;
    }

    /** Holds sending (the rate clock stops too) until {@link #resume()}. */
    void pause() {
        paused = true;
    }

    void resume() {
        paused = false;
    }

    /** True once a non-looping load has sent the whole slice. */
    boolean sliceDone() {
        return !loop && replayed >= slice.size();
    }

    /** The first failure of a send, or null (checked by callers that run long). */
    Exception failure() {
        return failure.get();
    }

    List<Integer> probeUserIds() {
        List<Integer> out = new ArrayList<>();
        for (int u : probeUsers) out.add(u);
        return out;
    }

    @Override
    public void close() {
        stopping = true;
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
