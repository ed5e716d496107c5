package io.reelstream.bench.streaming;

import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.serde.AvroSerdes;
import io.reelstream.topology.RecommenderInstance;
import io.reelstream.topology.SyntheticCatalogue;
import io.reelstream.topology.TopicSetup;
import io.reelstream.topology.config.TopologyConfig;
import io.reelstream.topology.metrics.StreamMetrics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * Swipes through the real topology on an in-process broker (EmbeddedKafkaCluster), against a
 * synthetic 13 000 × 64 catalogue, with exactly-once v2. Three phases:
 * <ol>
 *   <li>warm-up: {@code --warmup-swipes} swipes to users of their own, not measured (the JIT
 *       compiles the broker, the clients and the topology meanwhile: a long-running service is
 *       warm; the measured users' histories do not depend on its length);</li>
 *   <li>throughput: {@code --swipes} swipes sent as fast as the producer goes; swipes/s = lists
 *       received (read_committed) / time from first send to last list; CPU per swipe by thread role;</li>
 *   <li>latency: for each rate of {@code --rates}, {@code --latency-seconds} of swipes paced at that
 *       rate; swipe→list latency = the list's arrival at a read_committed consumer − the swipe's
 *       send, p50/p99/max.</li>
 * </ol>
 * By default every user is warm (vector strategy from the first swipe) so each swipe pays the full path
 * ({@code --ladder product} keeps the product's cold-start ladder instead):
 * RocksDB get/put, fold-in (or gradient) update, top-N over the whole catalogue, EOS commit.
 * <pre>
 *   bin/bench streaming \
 *       [--rates 2000,5000,10000] [--threads 1] [--commit-ms 20] [--rule gradient] [--catalogue als|gaussian]
 * </pre>
 * The catalogue ({@code --catalogue}) is by default ALS-shaped (AlsShapedCatalogue, the
 * factors RankingBench ranks: norms and directions spread like a trained model's, so ItemRanker's
 * block bounds prune); {@code gaussian} is isotropic noise around one direction — every item has
 * ‖y‖ ≈ 0.15·√k, no block bound prunes, and each ranking is a full n·k scan (the worst case).
 * It also prints CPU time per swipe by thread role (stream threads, their producers, the broker,
 * the bench's own clients): on a shared machine that, not wall time, shows the ceiling.
 */
public final class StreamingBench {
    private StreamingBench() {}

    private static final String USAGE = """
            bin/bench streaming [flags]   swipes through a real in-process broker and the topology
              --warmup-swipes N    unmeasured swipes first, to users of their own, until the JIT has settled
                                   (default 300000; progress every 50000 with the JIT's share of a core)
              --swipes N           throughput phase, sent as fast as possible (default 100000)
              --rates R1,R2,...    paced rates for the latency phase, swipes/s (default 2000,5000,10000)
              --latency-seconds S  seconds of swipes at each rate (default 5)
              --latency-csv FILE   write seq, send time and latency of each paced swipe; {rate} in FILE is replaced
              --items N --k K      catalogue size (default 13000 × 64); --catalogue-size N is the same as --items N
              --retrieval exact|ivf  rank.retrieval: exact (default, core ItemRanker) or the IVF with exact rescoring
              --ivf-lists L --ivf-probe P   rank.ivf.lists (0 = √items) and rank.ivf.probe of --retrieval ivf
              --scan auto|fp32|fp16|int8   rank.scan of the exact ranker (default auto: int8 on Java 21+, fp32 on 17)
              --catalogue als|gaussian   ALS-shaped factors (default) or isotropic noise (no pruning: the worst case)
              --ladder vector|product    every user ranked by vector from the first swipe (default, the costliest
                                   path) or the product's cold-start ladder (popular < 3 likes, content < 5, then vector)
              --users N            distinct users (default 20000)
              --partitions N       swipes partitions (default 2)
              --threads N          stream threads (default 1)
              --commit-ms MS       commit.interval.ms (default 20)
              --n N                list size (default 20)
              --bootstrap-servers H:P   use this Kafka cluster instead of an in-process broker (topics get a run suffix;
                                   the broker's CPU is then not in the CPU figures)
              --model als|itemitem|blend   the model kind served (default als); itemitem publishes each movie's
                                   --neighbours nearest movies by factor cosine (an EASE-shaped model: the cost is
                                   |history|·M); blend publishes both and blends them (core BlendScorer, --blend-weight)
              --blend-weight B     β of --model blend (default 0.4)
              --neighbours M       item-to-item neighbours per movie (default 200)
              --rule foldin|gradient|static   update rule of ALS (default foldin)
              --cg-steps N         fold-in CG steps, 0 = exact (default 0)
            """;
    private static final java.util.Set<String> FLAGS = java.util.Set.of("warmup-swipes", "swipes", "rates",
            "latency-seconds", "latency-csv", "items", "k", "catalogue", "users", "partitions", "threads",
            "commit-ms", "n", "rule", "cg-steps", "ladder", "bootstrap-servers", "model", "neighbours", "blend-weight",
            "catalogue-size", "retrieval", "ivf-lists", "ivf-probe", "scan");

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs the benchmark with these flags; returns the exit code (0 done or --help, 2 bad flags). */
    public static int run(String... args) throws Exception {
        if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
            System.out.print(USAGE);
            return 0;
        }
        Map<String, String> o;
        try {
            o = options(args);
            for (String flag : o.keySet()) {
                if (!FLAGS.contains(flag)) throw new IllegalArgumentException("unknown flag --" + flag + "; try --help");
            }
            checkNumbers(o);
            // before the broker starts: a bad --scan fails here with the config's own message
            if (o.containsKey("scan")) TopologyConfig.load(new String[] {"--rank.scan=" + o.get("scan")}, Map.of()).rankScan();
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        if (o.containsKey("catalogue-size")) o.put("items", o.remove("catalogue-size"));
        int items = intOpt(o, "items", 13_000);
        String retrieval = o.getOrDefault("retrieval", TopologyConfig.DEFAULT_RANK_RETRIEVAL);
        String ivfLists = o.getOrDefault("ivf-lists", Integer.toString(TopologyConfig.DEFAULT_RANK_IVF_LISTS));
        String ivfProbe = o.getOrDefault("ivf-probe", Integer.toString(TopologyConfig.DEFAULT_RANK_IVF_PROBE));
        int k = intOpt(o, "k", 64);
        int users = intOpt(o, "users", 20_000);
        int warmup = intOpt(o, "warmup-swipes", DEFAULT_WARMUP_SWIPES);
        int swipes = intOpt(o, "swipes", 100_000);
        int latencySeconds = intOpt(o, "latency-seconds", 5);
        int[] rates = intListOpt(o, "rates", "2000,5000,10000");
        int partitions = intOpt(o, "partitions", 2);
        // the product's default (one thread owns both partitions): on 2 cores shared with the broker a
        // second thread measured 195 vs 168 µs CPU per swipe (one more transaction per commit interval)
        int threads = intOpt(o, "threads", TopologyConfig.DEFAULT_STREAM_THREADS);
        int n = intOpt(o, "n", 20);
        String commitMs = o.getOrDefault("commit-ms", Long.toString(TopologyConfig.DEFAULT_COMMIT_INTERVAL_MS));
        String rule = o.getOrDefault("rule", "foldin");
        String cgSteps = o.getOrDefault("cg-steps", Integer.toString(TopologyConfig.DEFAULT_FOLDIN_CG_STEPS));
        String catalogue = o.getOrDefault("catalogue", "als");
        String ladder = o.getOrDefault("ladder", "vector");
        String model = o.getOrDefault("model", "als");
        int neighbours = intOpt(o, "neighbours", 200);

        int paced = java.util.Arrays.stream(rates).map(r -> r * latencySeconds).sum();
        System.out.printf("StreamingBench: %d items × k=%d, %d users, %d warm-up + %d swipes (+%d paced at %s/s), %d partitions, "
                        + "%d stream threads, N=%d, rule=%s (cg steps %s), commit.interval.ms=%s, exactly_once_v2, "
                        + "%s catalogue, %s ladder, model %s%s, rank.retrieval=%s%s, rank.scan=%s, Java %d, %d cores, load average %s%n",
                items, k, users, warmup, swipes, paced, java.util.Arrays.toString(rates), partitions, threads, n, rule, cgSteps, commitMs, catalogue, ladder,
                model, model.equals("als") ? "" : " (M=" + neighbours + ")", retrieval,
                retrieval.equals("ivf") ? " (lists " + ivfLists + ", probe " + ivfProbe + ")" : "",
                o.getOrDefault("scan", TopologyConfig.DEFAULT_RANK_SCAN), Runtime.version().feature(),
                Runtime.getRuntime().availableProcessors(), loadAverageNow());
        String external = o.get("bootstrap-servers");
        // an external cluster keeps earlier runs' topics: this run gets its own topics and group
        String suffix = external == null ? "" : "-bench-" + System.currentTimeMillis();
        if (external != null) System.out.printf("external broker %s; topics and application id end in %s%n", external, suffix);
        try (AutoCloseable kafka = external == null ? EmbeddedKafkaCluster.start() : () -> { }) {
            String bootstrap = external == null ? ((EmbeddedKafkaCluster) kafka).bootstrapServers() : external;
            TopologyConfig.Builder builder = TopologyConfig.builder()
                    .set(TopologyConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap)
                    .set(TopologyConfig.APPLICATION_ID_CONFIG, "reelstream-bench" + suffix)
                    .set(TopologyConfig.STATE_DIR_CONFIG, Files.createTempDirectory("reelstream-bench").toString())
                    .set(TopologyConfig.REST_PORT_CONFIG, "0")
                    .set(TopologyConfig.STREAM_THREADS_CONFIG, Integer.toString(threads))
                    .set(TopologyConfig.COMMIT_INTERVAL_MS_CONFIG, commitMs)
                    .set(TopologyConfig.RECOMMENDATIONS_SIZE_CONFIG, Integer.toString(n))
                    .set(TopologyConfig.UPDATE_RULE_CONFIG, rule)
                    .set(TopologyConfig.FOLDIN_CG_STEPS_CONFIG, cgSteps)
                    .set(TopologyConfig.RANK_RETRIEVAL_CONFIG, retrieval)
                    .set(TopologyConfig.RANK_SCAN_CONFIG, o.getOrDefault("scan", TopologyConfig.DEFAULT_RANK_SCAN))
                    .set(TopologyConfig.RANK_IVF_LISTS_CONFIG, ivfLists)
                    .set(TopologyConfig.RANK_IVF_PROBE_CONFIG, ivfProbe);
            if (external != null) {
                builder.set(TopologyConfig.SWIPES_TOPIC_CONFIG, TopologyConfig.DEFAULT_SWIPES_TOPIC + suffix)
                        .set(TopologyConfig.ITEM_EMBEDDINGS_TOPIC_CONFIG, TopologyConfig.DEFAULT_ITEM_EMBEDDINGS_TOPIC + suffix)
                        .set(TopologyConfig.USER_SEEDS_TOPIC_CONFIG, TopologyConfig.DEFAULT_USER_SEEDS_TOPIC + suffix)
                        .set(TopologyConfig.RECOMMENDATIONS_TOPIC_CONFIG, TopologyConfig.DEFAULT_RECOMMENDATIONS_TOPIC + suffix)
                        .set(TopologyConfig.SWIPES_DLQ_TOPIC_CONFIG, TopologyConfig.DEFAULT_SWIPES_DLQ_TOPIC + suffix)
                        .set(TopologyConfig.ITEM_NEIGHBOURS_TOPIC_CONFIG, TopologyConfig.DEFAULT_ITEM_NEIGHBOURS_TOPIC + suffix)
                        .set(TopologyConfig.MODEL_REGISTRY_TOPIC_CONFIG, TopologyConfig.DEFAULT_MODEL_REGISTRY_TOPIC + suffix)
                        .set(TopologyConfig.EXPERIMENTS_TOPIC_CONFIG, TopologyConfig.DEFAULT_EXPERIMENTS_TOPIC + suffix)
                        .set(TopologyConfig.ONLINE_METRICS_TOPIC_CONFIG, TopologyConfig.DEFAULT_ONLINE_METRICS_TOPIC + suffix);
            }
            if (ladder.equals("vector")) {
                // every user ranked by vector from the first swipe: the most expensive path
                builder.set(TopologyConfig.CONTENT_MIN_POSITIVES_CONFIG, "0")
                        .set(TopologyConfig.VECTOR_MIN_POSITIVES_CONFIG, "0");
            } // else the product's cold-start ladder: popular, then content, then vector
            TopologyConfig config = builder.build();
            try (Admin admin = Admin.create(Map.<String, Object>of(
                    org.apache.kafka.clients.admin.AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
                TopicSetup.createIfMissing(admin, config, partitions, (short) 1);
            }
            long t0 = System.nanoTime();
            List<io.reelstream.schemas.ItemEmbedding> rows = catalogue.equals("als")
                    ? AlsShapedCatalogue.rows("run_bench", items, k, 1) : SyntheticCatalogue.rows("run_bench", items, k, 1);
            if (!model.equals("als")) {
                Map<String, String> settings = model.equals("blend")
                        ? Map.of("blend.weight", o.getOrDefault("blend-weight", "0.4")) : Map.of();
                SyntheticCatalogue.publishWithNeighbours(bootstrap, config.itemEmbeddingsTopic(), config.itemNeighboursTopic(),
                        "run_bench", rows, SyntheticCatalogue.neighbours("run_bench", rows, neighbours), k, model, settings);
            } else {
                SyntheticCatalogue.publish(bootstrap, config.itemEmbeddingsTopic(), "run_bench", rows, k);
            }
            System.out.printf("catalogue published in %d ms%n", (System.nanoTime() - t0) / 1_000_000);

            try (RecommenderInstance instance = RecommenderInstance.start(config);
                 ListWatcher watcher = new ListWatcher(bootstrap, config.recommendationsTopic(),
                         partitions, warmup + swipes + paced);
                 Producer<Integer, Swipe> producer = new KafkaProducer<>(Map.of(
                         ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                         ProducerConfig.LINGER_MS_CONFIG, 2,
                         ProducerConfig.BATCH_SIZE_CONFIG, 65_536),
                         Serdes.Integer().serializer(), AvroSerdes.serde(Swipe.class).serializer())) {
                if (!instance.awaitRunning(Duration.ofSeconds(120))) {
                    throw new IllegalStateException("instance not RUNNING with a model after 120 s");
                }
                watcher.start();
                Random rnd = new Random(7);
                String swipesTopic = config.swipesTopic();

                // phase 0: warm-up, unmeasured. The JIT compiles broker, client and topology code for
                // a long while (top -H: the C2 thread still at 20–50 % of a core 200 000 swipes in),
                // and a compile competes for one of the two cores. Warm-up swipes go to users of their
                // own (ids users+1 .. 2·users), so the measured users' histories, and with them the
                // fold-in's cost, do not depend on how long the warm-up ran.
                int sent = 0;
                if (warmup > 0) {
                    long w0 = System.nanoTime();
                    Map<String, Long> vm0 = vmThreadNanos();
                    long c0 = System.nanoTime();
                    while (sent < warmup) {
                        int chunkStart = sent, chunkEnd = Math.min(warmup, sent + WARMUP_CHUNK);
                        for (; sent < chunkEnd; sent++) send(producer, swipesTopic, watcher, sent, rnd, users, users, items);
                        producer.flush();
                        watcher.awaitCount(sent, Duration.ofMinutes(10));
                        Map<String, Long> vm1 = vmThreadNanos();
                        long c1 = System.nanoTime();
                        System.out.printf("warm-up: %d/%d swipes, %.1f s; over the last %d: JIT %.0f %% of a core, GC %.0f %%%n",
                                sent, warmup, (c1 - w0) / 1e9, sent - chunkStart,
                                share(vm0, vm1, "JIT", c1 - c0), share(vm0, vm1, "GC", c1 - c0));
                        vm0 = vm1;
                        c0 = c1;
                    }
                    System.out.printf("warm-up: %d swipes in %.1f s (not measured)%n", warmup, (System.nanoTime() - w0) / 1e9);
                }

                // phase 1: throughput, swipes sent as fast as the producer goes
                CpuSnapshot cpuBefore = CpuSnapshot.take(instance);
                int first = sent;
                long start = System.nanoTime();
                for (; sent < first + swipes; sent++) send(producer, swipesTopic, watcher, sent, rnd, 0, users, items);
                producer.flush();
                watcher.awaitCount(sent, Duration.ofMinutes(10));
                double seconds = (watcher.lastArrival() - start) / 1e9;
                System.out.printf("throughput: %d swipes → %d lists in %.2f s = %.0f swipes/s%n", swipes,
                        watcher.count() - first, seconds, swipes / seconds);
                System.out.printf("  during the blast (queueing included): swipe→list p50 %.1f ms, p99 %.1f ms%n",
                        watcher.percentileMs(first, sent, 0.50), watcher.percentileMs(first, sent, 0.99));
                CpuSnapshot.take(instance).printSince(cpuBefore, swipes, external == null);

                // phase 2: swipe → list latency at each paced rate
                String csv = o.get("latency-csv");
                for (int rate : rates) {
                    int count = rate * latencySeconds;
                    int from = sent;
                    long periodNanos = 1_000_000_000L / rate;
                    long next = System.nanoTime();
                    for (; sent < from + count; sent++) {
                        // Sleep only when ahead by a tick or more, then catch up: the load generator
                        // shares the two cores with what it measures, and one wake-up per swipe cost
                        // it ~15 % of a core at 10 000/s (top -H). Each latency counts from its own send.
                        long ahead = next - System.nanoTime();
                        if (ahead >= PACING_TICK_NANOS) LockSupport.parkNanos(ahead);
                        send(producer, swipesTopic, watcher, sent, rnd, 0, users, items);
                        next += periodNanos;
                    }
                    producer.flush();
                    watcher.awaitCount(sent, Duration.ofMinutes(5));
                    System.out.printf("latency at %5d swipes/s (%d swipes): swipe→list p50 %.1f ms, p99 %.1f ms, "
                                    + "max %.1f ms%n", rate, count, watcher.percentileMs(from, sent, 0.50),
                            watcher.percentileMs(from, sent, 0.99), watcher.percentileMs(from, sent, 1.0));
                    if (csv != null) {
                        java.nio.file.Path file = java.nio.file.Path.of(csv.replace("{rate}", Integer.toString(rate)));
                        watcher.writeCsv(file, from, sent);
                        System.out.println("  per-swipe latencies written to " + file);
                    }
                    LockSupport.parkNanos(500_000_000L); // let the pipeline drain between rates
                }
                System.out.printf("(latency: send → arrival at a read_committed consumer, commit.interval.ms=%s)%n", commitMs);
                Map<String, Double> commit = new java.util.TreeMap<>();
                instance.streams().metrics().forEach((name, metric) -> {
                    if (name.group().equals("stream-thread-metrics") && name.name().startsWith("commit-latency-")
                            && metric.metricValue() instanceof Number v && !Double.isNaN(v.doubleValue())) {
                        commit.merge(name.name(), v.doubleValue(), Math::max);
                    }
                });
                System.out.printf("stream-thread commits over the last ~30 s (Kafka's windowed metric): avg %.1f ms, "
                        + "max %.0f ms%n", commit.getOrDefault("commit-latency-avg", Double.NaN),
                        commit.getOrDefault("commit-latency-max", Double.NaN));
                if (external == null) printBrokerRequestTimes();
                System.out.printf("in-topology: rank p50 ≤ %.2f ms, p99 ≤ %.2f ms; swipe processing p99 ≤ %.2f ms "
                                + "(histogram bucket bounds)%n",
                        instance.metrics().rankLatency().quantileUpperBound(0.5) * 1e3,
                        instance.metrics().rankLatency().quantileUpperBound(0.99) * 1e3,
                        instance.metrics().swipeLatency().quantileUpperBound(0.99) * 1e3);
            }
        }
        return 0;
    }

    /**
     * CPU and time counters read before and after the throughput phase: CPU by thread role
     * (independent of other load on the machine), the JVM's own threads (GC, JIT) as the process
     * total minus the Java threads, the stream threads' time blocked on Kafka by cause, and broker
     * requests by type.
     */
    private record CpuSnapshot(Map<String, Long> byRole, long process, Map<String, Long> vmThreads, Map<String, Double> streamNanos,
                               Map<String, Long> requests, long swipeNanos, long rankNanos, long updateNanos,
                               MachineCpu machine, Map<String, Long> allocated, long[] young) {
        static CpuSnapshot take(RecommenderInstance instance) {
            Map<String, Double> nanos = new java.util.TreeMap<>();
            instance.streams().metrics().forEach((name, metric) -> {
                if (BLOCKING_METRICS.contains(name.name()) && metric.metricValue() instanceof Number v) {
                    nanos.merge(name.name(), v.doubleValue(), Double::sum);
                }
            });
            StreamMetrics m = instance.metrics();
            return new CpuSnapshot(cpuByRole(), processCpuNanos(), vmThreadNanos(), nanos, brokerRequests(),
                    m.swipeLatency().sumNanos(), m.rankLatency().sumNanos(), m.updateLatency().sumNanos(),
                    MachineCpu.read(), allocatedByRole(), youngCollections());
        }

        void printSince(CpuSnapshot before, int swipes, boolean brokerInProcess) {
            long threads = 0;
            StringBuilder roles = new StringBuilder();
            for (Map.Entry<String, Long> e : byRole.entrySet()) {
                long used = e.getValue() - before.byRole.getOrDefault(e.getKey(), 0L);
                threads += used;
                roles.append(String.format(" %s %.0f,", e.getKey(), used / 1e3 / swipes));
            }
            long all = process - before.process;
            int cores = Runtime.getRuntime().availableProcessors();
            StringBuilder vm = new StringBuilder();
            vmThreads.forEach((kind, nanos) -> vm.append(String.format(" %s %.0f,", kind,
                    (nanos - before.vmThreads.getOrDefault(kind, 0L)) / 1e3 / swipes)));
            System.out.printf("  CPU per swipe (µs):%s jvm-internal %.0f (%s); total %.0f → ceiling on %d "
                            + "dedicated cores ≈ %.0f swipes/s (bench clients included, %s)%n", roles,
                    Math.max(0, all - threads) / 1e3 / swipes, vm.length() == 0 ? "GC, JIT" : vm.substring(1, vm.length() - 1),
                    all / 1e3 / swipes, cores, cores * 1e9 / (all / (double) swipes),
                    brokerInProcess ? "broker included" : "the external broker not");
            if (machine != null && before.machine != null) {
                MachineCpu used = machine.minus(before.machine);
                System.out.printf("  machine (all processes and the kernel, /proc/stat): %.0f %% of %d cores busy, %.0f µs per swipe "
                                + "→ ceiling ≈ %.0f swipes/s%n", 100.0 * used.busyTicks() / used.totalTicks(), cores,
                        used.busyTicks() * MachineCpu.NANOS_PER_TICK / 1e3 / swipes,
                        cores * 1e9 * swipes / (used.busyTicks() * (double) MachineCpu.NANOS_PER_TICK));
            }
            if (!allocated.isEmpty()) {
                StringBuilder heap = new StringBuilder();
                long allBytes = 0;
                for (Map.Entry<String, Long> e : allocated.entrySet()) {
                    long bytes = e.getValue() - before.allocated.getOrDefault(e.getKey(), 0L);
                    allBytes += bytes;
                    heap.append(String.format(" %s %.1f,", e.getKey(), bytes / 1024.0 / swipes));
                }
                long collections = young[0] - before.young[0];
                System.out.printf("  heap allocated per swipe (KB):%s total %.1f; %d young collections, %.1f ms of pause each%n",
                        heap, allBytes / 1024.0 / swipes, collections,
                        collections == 0 ? 0.0 : (young[1] - before.young[1]) / (double) collections);
            }
            System.out.printf("  stream thread's work per swipe (µs, wall): whole swipe %.1f, of which ranking %.1f and "
                            + "vector update %.1f%n", (swipeNanos - before.swipeNanos) / 1e3 / swipes,
                    (rankNanos - before.rankNanos) / 1e3 / swipes, (updateNanos - before.updateNanos) / 1e3 / swipes);
            StringBuilder blocked = new StringBuilder();
            streamNanos.forEach((name, v) -> blocked.append(String.format(" %s %.1f,", name.replace("-time-ns-total", "").replace("blocked", "all"),
                    (v - before.streamNanos.getOrDefault(name, 0.0)) / 1e3 / swipes)));
            System.out.printf("  stream threads blocked on Kafka per swipe (µs):%s%n", blocked);
            StringBuilder perType = new StringBuilder();
            requests.forEach((type, count) -> {
                long d = count - before.requests.getOrDefault(type, 0L);
                if (d * 100L >= swipes) perType.append(String.format(" %s %.3f,", type, d / (double) swipes));
            });
            System.out.printf("  broker requests per swipe (≥ 0.01):%s%n", perType);
        }
    }

    /**
     * Measured on 2 cores: the compiler threads use 82 % of a core over the first 50 000 swipes, 44 %
     * by 150 000, 15 % by 300 000 and ~10 % from there on (the warm-up's progress lines).
     */
    private static final int DEFAULT_WARMUP_SWIPES = 300_000;

    /** The paced phases send in bursts of about this length (10 swipes at 10 000/s). */
    private static final long PACING_TICK_NANOS = 1_000_000L;

    /** Warm-up progress is printed every this many swipes. */
    private static final int WARMUP_CHUNK = 50_000;

    /** CPU of the JVM's {@code kind} threads between two {@link #vmThreadNanos} readings, as % of one core. */
    private static double share(Map<String, Long> before, Map<String, Long> after, String kind, long wallNanos) {
        return 100.0 * (after.getOrDefault(kind, 0L) - before.getOrDefault(kind, 0L)) / wallNanos;
    }

    /** Kafka client metrics (KIP-761 and the producer's transaction timers) that add up a stream thread's waits. */
    private static final java.util.Set<String> BLOCKING_METRICS = java.util.Set.of("blocked-time-ns-total",
            "flush-time-ns-total", "txn-send-offsets-time-ns-total", "txn-commit-time-ns-total");

    /**
     * CPU of the JVM's own threads by kind (JIT compiler, GC), from /proc/self/task/N/stat (Linux; empty
     * elsewhere). They are invisible to ThreadMXBean, which sees Java threads only.
     */
    private static Map<String, Long> vmThreadNanos() {
        Map<String, Long> out = new java.util.TreeMap<>();
        java.nio.file.Path tasks = java.nio.file.Path.of("/proc/self/task");
        if (!Files.isDirectory(tasks)) return out;
        long nanosPerTick = 10_000_000L; // USER_HZ = 100 on Linux
        try (var list = Files.list(tasks)) {
            for (java.nio.file.Path task : (Iterable<java.nio.file.Path>) list::iterator) {
                String stat;
                try {
                    stat = Files.readString(task.resolve("stat"));
                } catch (java.io.IOException gone) {
                    continue; // the thread ended meanwhile
                }
                String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                String kind = name.contains("CompilerThre") ? "JIT"
                        : name.startsWith("GC ") || name.startsWith("G1 ") ? "GC" : null;
                if (kind == null) continue;
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime + stime
                out.merge(kind, ticks * nanosPerTick, Long::sum);
            }
        } catch (java.io.IOException | RuntimeException e) {
            return Map.of();
        }
        return out;
    }

    /**
     * The machine's CPU time from the first line of /proc/stat (Linux; null elsewhere), in USER_HZ ticks:
     * busy = user + nice + system + irq + softirq + steal, total = busy + idle + iowait. The process's
     * own CPU misses what the kernel spends outside its threads (loopback networking's softirqs, page
     * writeback) and whatever else runs: measured at 12 500 swipes/s, the process used 72 % of the two
     * cores while the machine was ~90 % busy, so only the machine's figure gives the real ceiling.
     */
    record MachineCpu(long busyTicks, long totalTicks) {
        static final long NANOS_PER_TICK = 10_000_000L; // USER_HZ = 100 on Linux

        static MachineCpu read() {
            try {
                String first = Files.readAllLines(java.nio.file.Path.of("/proc/stat")).get(0);
                return parse(first);
            } catch (java.io.IOException | RuntimeException e) {
                return null;
            }
        }

        /** "cpu  user nice system idle iowait irq softirq steal ..." (guest time is already in user). */
        static MachineCpu parse(String cpuLine) {
            String[] f = cpuLine.trim().split("\\s+");
            if (!f[0].equals("cpu") || f.length < 9) throw new IllegalArgumentException("not /proc/stat's cpu line: " + cpuLine);
            long busy = 0;
            for (int i : new int[] {1, 2, 3, 6, 7, 8}) busy += Long.parseLong(f[i]);
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new MachineCpu(busy, busy + idle);
        }

        MachineCpu minus(MachineCpu earlier) {
            return new MachineCpu(busyTicks - earlier.busyTicks, totalTicks - earlier.totalTicks);
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Requests the in-process broker has handled, by request type (its JMX RequestsPerSec counts). */
    private static Map<String, Long> brokerRequests() {
        Map<String, Long> out = new java.util.TreeMap<>();
        try {
            javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
            for (javax.management.ObjectName name : server.queryNames(
                    new javax.management.ObjectName("kafka.network:type=RequestMetrics,name=RequestsPerSec,*"), null)) {
                Object count = server.getAttribute(name, "Count");
                if (count instanceof Number c) out.merge(name.getKeyProperty("request"), c.longValue(), Long::sum);
            }
        } catch (javax.management.JMException e) {
            System.out.println("broker request counts unavailable: " + e);
        }
        return out;
    }

    /**
     * Where the in-process broker's time goes for the requests an exactly-once commit waits on:
     * p99 and max of TotalTimeMs and of its stages (Kafka's RequestMetrics histograms: the p99 is
     * over a decaying sample of roughly the last minutes, the max over the broker's life). Nothing
     * is printed for an external broker (its JMX is in another process).
     */
    private static void printBrokerRequestTimes() {
        javax.management.MBeanServer server = java.lang.management.ManagementFactory.getPlatformMBeanServer();
        String[] stages = {"TotalTimeMs", "RequestQueueTimeMs", "LocalTimeMs", "RemoteTimeMs", "ResponseQueueTimeMs"};
        boolean header = false;
        for (String request : List.of("Produce", "AddPartitionsToTxn", "TxnOffsetCommit", "EndTxn", "WriteTxnMarkers",
                "FetchConsumer")) {
            StringBuilder line = new StringBuilder();
            for (String stage : stages) {
                try {
                    javax.management.ObjectName name = new javax.management.ObjectName(
                            "kafka.network:type=RequestMetrics,name=" + stage + ",request=" + request);
                    if (!server.isRegistered(name)) continue;
                    Object p99 = server.getAttribute(name, "99thPercentile");
                    Object max = server.getAttribute(name, "Max");
                    line.append(String.format(" %s %.1f/%.0f", stage.replace("TimeMs", ""), ((Number) p99).doubleValue(),
                            ((Number) max).doubleValue()));
                } catch (javax.management.JMException | ClassCastException e) {
                    // a metric this broker version lacks: leave it out
                }
            }
            if (line.length() == 0) continue;
            if (!header) {
                System.out.println("broker time per request, p99/max ms (Total = RequestQueue + Local + Remote + ResponseQueue + send):");
                header = true;
            }
            System.out.printf("  %-18s%s%n", request, line);
        }
    }

    /** CPU nanoseconds of live threads grouped by role: streams, broker, bench clients, other. */
    private static Map<String, Long> cpuByRole() {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        return byRole(mx::getThreadCpuTime);
    }

    /**
     * Heap bytes allocated by the live Java threads, by role (HotSpot's per-thread TLAB accounting;
     * empty where the JVM lacks it). Allocation, not CPU, sets how often the young generation is
     * collected, and every young pause delays each swipe in flight.
     */
    private static Map<String, Long> allocatedByRole() {
        if (!(java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean mx)
                || !mx.isThreadAllocatedMemorySupported() || !mx.isThreadAllocatedMemoryEnabled()) {
            return Map.of();
        }
        return byRole(mx::getThreadAllocatedBytes);
    }

    /** Young collections so far and their total pause time (ms), over the JVM's collectors named "Young". */
    private static long[] youngCollections() {
        long count = 0, millis = 0;
        for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory.getGarbageCollectorMXBeans()) {
            if (!gc.getName().contains("Young")) continue;
            count += Math.max(0, gc.getCollectionCount());
            millis += Math.max(0, gc.getCollectionTime());
        }
        return new long[] {count, millis};
    }

    /** A per-thread counter summed by thread role (stream threads, their producers, broker, bench clients, other). */
    private static Map<String, Long> byRole(java.util.function.LongUnaryOperator perThread) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        Map<String, Long> out = new java.util.TreeMap<>();
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) continue;
            long cpu = perThread.applyAsLong(info.getThreadId());
            if (cpu < 0) continue;
            String name = info.getThreadName();
            String role = name.contains("StreamThread") && !name.contains("producer") ? "stream-threads"
                    : name.contains("StreamThread") ? "stream-producers"
                    : name.equals("main") || name.startsWith("bench") || name.contains("producer-network") ? "bench-clients"
                    : name.startsWith("data-plane") || name.contains("kafka-") || name.contains("Txn")
                    || name.contains("raft") || name.contains("coordinator") ? "broker"
                    : "other";
            out.merge(role, cpu, Long::sum);
        }
        return out;
    }

    private static void send(Producer<Integer, Swipe> producer, String topic, ListWatcher watcher, int seq, Random rnd,
                             int firstUser, int users, int items) {
        int user = firstUser + 1 + rnd.nextInt(users);
        // skewed towards popular movies, as real swipes are
        int movie = 1 + (int) Math.min(items - 1, Math.abs(rnd.nextGaussian()) * items / 4);
        int[] prefs = {-2, -1, 1, 2, 2};
        Swipe s = Swipe.newBuilder().setEventId(Integer.toString(seq)).setUserId(user).setMovieId(movie)
                .setPreference(prefs[rnd.nextInt(prefs.length)]).setBucket(null)
                .setEventTime(System.currentTimeMillis()).setSource("bench").build();
        watcher.sent(seq);
        producer.send(new ProducerRecord<>(topic, user, s));
    }

    /** Reads lists (read_committed) on its own thread and records arrival − send per eventId. */
    private static final class ListWatcher implements AutoCloseable {
        private final KafkaConsumer<Integer, RecommendationList> consumer;
        private final AtomicLongArray sentNanos;
        private final long[] latencyNanos;
        private final AtomicInteger received = new AtomicInteger();
        private volatile long lastArrival;
        private volatile boolean running = true;
        private final Thread thread = new Thread(this::run, "bench-list-watcher");

        ListWatcher(String bootstrap, String topic, int partitions, int total) {
            consumer = new KafkaConsumer<>(Map.of(
                    ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                    ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                    ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 5,
                    ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000),
                    Serdes.Integer().deserializer(), AvroSerdes.serde(RecommendationList.class).deserializer());
            List<TopicPartition> parts = new ArrayList<>();
            for (int p = 0; p < partitions; p++) parts.add(new TopicPartition(topic, p));
            consumer.assign(parts);
            consumer.seekToBeginning(parts);
            sentNanos = new AtomicLongArray(total);
            latencyNanos = new long[total];
            Arrays.fill(latencyNanos, -1);
        }

        void start() {
            thread.start();
        }

        void sent(int seq) {
            sentNanos.set(seq, System.nanoTime());
        }

        private void run() {
            while (running) {
                for (ConsumerRecord<Integer, RecommendationList> r : consumer.poll(Duration.ofMillis(50))) {
                    long now = System.nanoTime();
                    int seq = Integer.parseInt(r.value().getCauseEventId());
                    if (latencyNanos[seq] < 0) {
                        latencyNanos[seq] = now - sentNanos.get(seq);
                        received.incrementAndGet();
                        lastArrival = now;
                    }
                }
            }
        }

        /**
         * seq, send time and latency (ms) of swipes [from, to); send time is JVM uptime, so a GC log
         * (-Xlog:gc, which stamps uptime) lines up with it.
         */
        void writeCsv(java.nio.file.Path file, int from, int to) throws java.io.IOException {
            long uptimeNanos = java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime() * 1_000_000L;
            long nanosAtStart = System.nanoTime() - uptimeNanos;
            StringBuilder out = new StringBuilder("seq,sent_uptime_ms,latency_ms\n");
            for (int i = from; i < to; i++) {
                out.append(i).append(',').append(String.format("%.3f", (sentNanos.get(i) - nanosAtStart) / 1e6))
                        .append(',').append(String.format("%.3f", latencyNanos[i] / 1e6)).append('\n');
            }
            Files.writeString(file, out);
        }

        int count() {
            return received.get();
        }

        long lastArrival() {
            return lastArrival;
        }

        void awaitCount(int count, Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (received.get() < count) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + received.get() + " of " + count + " lists after " + timeout);
                }
                LockSupport.parkNanos(10_000_000L);
            }
        }

        double percentileMs(int from, int to, double q) {
            long[] v = Arrays.copyOfRange(latencyNanos, from, to);
            Arrays.sort(v);
            int idx = (int) Math.min(v.length - 1, Math.max(0, Math.ceil(q * v.length) - 1));
            return v[idx] / 1e6;
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            thread.join(5_000);
            consumer.close();
        }
    }

    private static String loadAverageNow() {
        try {
            String[] f = Files.readString(java.nio.file.Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new java.util.HashMap<>();
        for (int i = 0; i < args.length; i++) {
            if (!args[i].startsWith("--")) throw new IllegalArgumentException("expected --option value, got " + args[i]);
            String key = args[i].substring(2);
            if (key.contains("=")) {
                o.put(key.substring(0, key.indexOf('=')), key.substring(key.indexOf('=') + 1));
            } else if (i + 1 < args.length) {
                o.put(key, args[++i]);
            } else {
                throw new IllegalArgumentException("--" + key + " needs a value");
            }
        }
        return o;
    }

    /** Every numeric flag parses, before anything starts. */
    private static void checkNumbers(Map<String, String> o) {
        for (String flag : List.of("warmup-swipes", "swipes", "latency-seconds", "items", "k", "users", "partitions",
                "threads", "n")) {
            if (intOpt(o, flag, 1) < 0) throw new IllegalArgumentException("--" + flag + " must be >= 0");
        }
        intListOpt(o, "rates", "1");
        if (o.containsKey("commit-ms")) intOpt(o, "commit-ms", 0);
        if (o.containsKey("cg-steps")) intOpt(o, "cg-steps", 0);
        String catalogue = o.getOrDefault("catalogue", "als");
        if (!catalogue.equals("als") && !catalogue.equals("gaussian")) {
            throw new IllegalArgumentException("--catalogue must be als or gaussian, got " + catalogue);
        }
        String ladder = o.getOrDefault("ladder", "vector");
        String model = o.getOrDefault("model", "als");
        int neighbours = intOpt(o, "neighbours", 200);
        if (!model.equals("als") && !model.equals("itemitem") && !model.equals("blend")) {
            throw new IllegalArgumentException("--model must be als, itemitem or blend, got '" + model + "'");
        }
        if (o.containsKey("blend-weight")) {
            try {
                io.reelstream.core.blend.BlendScorer.requireWeight(Double.parseDouble(o.get("blend-weight")));
            } catch (IllegalArgumentException e) { // NumberFormatException included
                throw new IllegalArgumentException("--blend-weight must be a number in [0, 1], got " + o.get("blend-weight"));
            }
        }
        if (!ladder.equals("vector") && !ladder.equals("product")) {
            throw new IllegalArgumentException("--ladder must be vector or product, got " + ladder);
        }
    }

    private static int[] intListOpt(Map<String, String> o, String key, String def) {
        String v = o.getOrDefault(key, def);
        try {
            int[] out = java.util.Arrays.stream(v.split(",")).map(String::trim).mapToInt(Integer::parseInt).toArray();
            for (int x : out) if (x <= 0) throw new NumberFormatException();
            return out;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be a comma-separated list of positive integers, got " + v);
        }
    }

    private static int intOpt(Map<String, String> o, String key, int def) {
        String v = o.get(key);
        try {
            return v == null ? def : Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + key + " must be an integer, got " + v);
        }
    }
}
