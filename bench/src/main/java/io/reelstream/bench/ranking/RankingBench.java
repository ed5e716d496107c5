package io.reelstream.bench.ranking;

import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.model.ModelRunLayout;
import io.reelstream.core.rank.ExactRanker;
import io.reelstream.core.rank.HalfFloats;
import io.reelstream.core.rank.ItemRanker;
import io.reelstream.topology.rank.IvfRanker;
import io.reelstream.topology.rank.IvfRecall;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntPredicate;

/**
 * Microseconds per ranking (one user against the whole catalogue, minus seen items, top N) for
 * each way of ranking, on learned-looking factors; prints p50/p99/mean, rankings/s, whether the
 * variant returns exactly the reference list, and the hardware it ran on.
 *
 * <pre>
 *   java -cp topology/target/topology-0.1.0-SNAPSHOT.jar:$(cat topology/target/bench.classpath) \
 *        io.reelstream.topology.bench.RankingBench [--run DIR | --models DIR | --ratings CSV] [--items 13000] [--k 64]
 *        [--users 3000] [--n 10] [--calls 20000] [--block 256] [--threads 2] [--als-iterations 8] [--seed 42]
 * </pre>
 * Without --run/--models/--ratings the catalogue is synthetic (see {@link RankingWorkload#synthetic});
 * --ratings fits implicit ALS on a MovieLens ratings.csv first (real learned factors, ~10 s).
 */
public final class RankingBench {
    /** A way of ranking, as the benchmark sees it. */
    interface Variant {
        int topN(float[] xu, int n, IntPredicate excludedRow, int[] outRows, float[] outScores);
    }

    private record Row(String name, String exact, double p50, double p99, double mean, String note) {}

    private final Options options;
    private final RankingWorkload workload;
    private final IntPredicate[] excluded;
    private final ExactRanker reference;
    private final List<Row> results = new ArrayList<>();

    private RankingBench(Options options, RankingWorkload workload) {
        this.options = options;
        this.workload = workload;
        this.excluded = new IntPredicate[workload.users.length];
        for (int u = 0; u < excluded.length; u++) excluded[u] = workload.seen[u]::get;
        this.reference = new ExactRanker(workload.items);
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(args));
    }

    /** Runs the benchmark with these flags; returns the exit code (0 done or --help, 2 bad flags). */
    public static int run(String... args) throws Exception {
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        }
        if (o == null) return 0; // --help printed the flags
        long t0 = System.nanoTime();
        RankingWorkload w = o.run != null ? RankingWorkload.fromRun(o.run, o.users)
                : o.ratings != null ? RankingWorkload.fromRatings(o.ratings, o.k, o.alsIterations, o.seed)
                : RankingWorkload.synthetic(o.items, o.users, o.k, o.alsIterations, o.seed);
        if (o.swipers > 0) w = RankingWorkload.randomSwipers(w, o.swipers, o.swipesPerUser, o.seed);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        printHeader(o, w, loadSeconds);
        new RankingBench(o, w).runAll();
        return 0;
    }

    private void runAll() throws Exception {
        FactorMatrix items = workload.items;
        measure("row-major plain loop (ExactRanker: Scoring.dot + TopK)", reference::topN, "the reference");

        long buildStart = System.nanoTime();
        ItemRanker production = ItemRanker.build(items);
        System.out.printf("  ItemRanker.build (once per model version): %.1f ms%n", (System.nanoTime() - buildStart) / 1e6);
        ItemRanker fullScan = ItemRanker.build(items, production.blockSize(), false, ItemRanker.Scan.FP32);
        measure("factor-major fp32 scan, no pruning (ItemRanker, pruning off)", fullScan::topN, "C2 auto-vectorised");

        QuantisedRanker quantised = new QuantisedRanker(items);
        measure("int8 per-item scale + bound + exact rescore (bench only)", quantised::topN, "scalar: C2 17 won't vectorise b2f");

        for (int block : blockSizes()) {
            ItemRanker ranker = ItemRanker.build(items, block, true, ItemRanker.Scan.FP32);
            measure("factor-major fp32 + block bounds (ItemRanker), block " + block, ranker::topN,
                    String.format("scans %.0f%% of items", 100 * scannedFraction(ranker)[0]));
        }
        // the binary16 and int8 scans with exact rescoring (vectorised on Java 20+ / 21+ only)
        for (ItemRanker.Scan scan : new ItemRanker.Scan[] {ItemRanker.Scan.FP16, ItemRanker.Scan.INT8}) {
            ItemRanker approx = ItemRanker.build(items, production.blockSize(), true, scan);
            double[] approxScan = scannedFraction(approx);
            String name = scan == ItemRanker.Scan.FP16 ? "fp16" : "int8 per-item scale";
            measure("factor-major " + name + " + block bounds + exact rescore (ItemRanker " + scan + "), block " + approx.blockSize(),
                    approx::topN, String.format("scans %.0f%% of items, %.1f candidates and %.1f exact rescores per call%s",
                            100 * approxScan[0], approxScan[2], approxScan[1],
                            scan == ItemRanker.Scan.FP16 && !HalfFloats.intrinsic()
                                    ? "; Java " + Runtime.version().feature() + ": software fp16, not vectorised" : ""));
        }
        System.out.printf("  ItemRanker.build's default scan on this JVM (Java %d): %s%n", Runtime.version().feature(),
                ItemRanker.defaultScan());

        for (int probe : options.ivfProbes) {
            long ivfStart = System.nanoTime();
            IvfRanker ivf = IvfRanker.build(items, options.ivfLists, probe, 42);
            double buildMs = (System.nanoTime() - ivfStart) / 1e6;
            double[] recallAndScanned = recallAgainstReference(ivf);
            measure(String.format("IVF %d lists, probe %d + exact rescore (rank.retrieval=ivf)", ivf.lists(), ivf.probe()),
                    ivf::topN, String.format("recall@%d %.4f, scores %.1f%% of items, build %.0f ms",
                            options.n, recallAndScanned[0], 100 * recallAndScanned[1], buildMs));
        }

        Variant nd4j = Nd4jProbe.gemvVariant(items);
        if (nd4j != null) {
            measure("nd4j sgemv (OpenBLAS) + TopK (bench only)", nd4j, "BLAS sums in another order");
        } else {
            results.add(new Row("nd4j sgemv (OpenBLAS) + TopK", "-", Double.NaN, Double.NaN, Double.NaN,
                    "skipped: nd4j not on the classpath (see report)"));
        }

        printTable();
        if (options.threads > 1) {
            throughput(options.block > 0 ? ItemRanker.build(items, options.block, true) : production);
        }
    }

    /**
     * Mean share of the catalogue whose factors ItemRanker reads, and mean exact rescorings per
     * call (FP16), over (up to) the first 1000 users.
     */
    private double[] scannedFraction(ItemRanker ranker) {
        ItemRanker.Session session = ranker.newSession();
        int[] rows = new int[Math.min(options.n, workload.items.rows())];
        int users = Math.min(workload.users.length, 1000);
        long scanned = 0, rescored = 0, candidates = 0;
        for (int u = 0; u < users; u++) {
            session.topN(workload.users[u], options.n, excluded[u], rows, null);
            scanned += session.lastBlocksScored();
            rescored += session.lastRescored();
            candidates += session.lastCandidates();
        }
        return new double[] {(double) scanned / ((double) users * ranker.blocks()), (double) rescored / users,
                (double) candidates / users};
    }

    /**
     * recall@N = |IVF list ∩ exact list| / |exact list|, averaged over the verify users (both lists
     * minus seen items), and the mean share of the catalogue the IVF scored.
     */
    private double[] recallAgainstReference(IvfRanker ivf) {
        IvfRanker.Session session = ivf.newSession();
        int n = options.n;
        int cap = Math.min(n, workload.items.rows());
        int[] want = new int[cap], got = new int[cap];
        int users = Math.min(workload.users.length, options.verifyUsers);
        double recall = 0, scanned = 0;
        for (int u = 0; u < users; u++) {
            int a = reference.topN(workload.users[u], n, excluded[u], want, null);
            int b = session.topN(workload.users[u], n, excluded[u], got, null);
            recall += a == 0 ? 1 : (double) IvfRecall.overlap(want, a, got, b) / a;
            scanned += (double) session.lastCandidates() / workload.items.rows();
        }
        return new double[] {recall / users, scanned / users};
    }

    private int[] blockSizes() {
        return options.block > 0 ? new int[] {options.block} : new int[] {64, 128, 256, 512, 1024, 2048};
    }

    /** Verifies against the reference on every user, warms up, then times {@code calls} rankings. */
    private void measure(String name, Variant variant, String note) {
        float[][] users = workload.users;
        int n = options.n;
        int cap = Math.min(n, workload.items.rows());
        int[] want = new int[cap], got = new int[cap];
        float[] wantScores = new float[cap], gotScores = new float[cap];
        int verify = Math.min(users.length, options.verifyUsers);
        int listDiffers = 0, scoresDiffer = 0;
        for (int u = 0; u < verify; u++) {
            int a = reference.topN(users[u], n, excluded[u], want, wantScores);
            int b = variant.topN(users[u], n, excluded[u], got, gotScores);
            if (a != b || !Arrays.equals(want, 0, a, got, 0, b)) listDiffers++;
            else if (!Arrays.equals(wantScores, 0, a, gotScores, 0, b)) scoresDiffer++;
        }
        String exact = listDiffers + scoresDiffer == 0 ? "yes" : "no";
        if (listDiffers + scoresDiffer > 0) {
            note = (note == null ? "" : note + "; ") + "vs reference on " + verify + " users: " + listDiffers
                    + " lists differ, " + scoresDiffer + " same list with other float scores";
        }

        long warmUntil = System.nanoTime() + (long) (options.warmupSeconds * 1e9);
        int u = 0;
        while (System.nanoTime() < warmUntil) {
            variant.topN(users[u], n, excluded[u], got, gotScores);
            u = (u + 1) % users.length;
        }
        int calls = options.calls;
        long[] nanos = new long[calls];
        long deadline = System.nanoTime() + (long) (options.maxSecondsPerVariant * 1e9);
        int done = 0;
        for (; done < calls; done++) {
            float[] xu = users[u];
            IntPredicate ex = excluded[u];
            long s = System.nanoTime();
            variant.topN(xu, n, ex, got, gotScores);
            long e = System.nanoTime();
            nanos[done] = e - s;
            u = (u + 1) % users.length;
            if ((done & 255) == 0 && e > deadline) {
                done++;
                break;
            }
        }
        long[] t = Arrays.copyOf(nanos, done);
        Arrays.sort(t);
        double mean = Arrays.stream(t).average().orElse(Double.NaN) / 1e3;
        results.add(new Row(name, exact, t[t.length / 2] / 1e3, t[(int) Math.min(t.length - 1, t.length * 0.99)] / 1e3,
                mean, note == null ? "" : note));
        System.out.printf("  measured %-66s %8.1f us p50  (%d calls)%n", name, t[t.length / 2] / 1e3, done);
    }

    /** Rankings/s with {@code threads} threads, each with its own session, for a few seconds. */
    private void throughput(ItemRanker ranker) throws InterruptedException {
        LongAdder count = new LongAdder();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < options.threads; t++) {
            int offset = t * 7919;
            Thread thread = new Thread(() -> {
                ItemRanker.Session session = ranker.newSession();
                int[] rows = new int[options.n];
                float[] scores = new float[options.n];
                int u = offset % workload.users.length;
                while (!stop.get()) {
                    session.topN(workload.users[u], options.n, excluded[u], rows, scores);
                    u = (u + 1) % workload.users.length;
                    count.increment();
                }
            }, "rank-bench-" + t);
            threads.add(thread);
        }
        threads.forEach(Thread::start);
        Thread.sleep(1000); // warm-up
        long before = count.sum();
        long start = System.nanoTime();
        Thread.sleep((long) (options.throughputSeconds * 1000));
        long after = count.sum();
        double seconds = (System.nanoTime() - start) / 1e9;
        stop.set(true);
        for (Thread thread : threads) thread.join();
        System.out.printf("%nItemRanker (default, block %d) with %d threads, own session each: %.0f rankings/s aggregate"
                        + " over %.1f s (load average now %s)%n",
                ranker.blockSize(), options.threads, (after - before) / seconds, seconds, loadAverage());
    }

    private void printTable() {
        System.out.printf("%n%-66s %-7s %9s %9s %9s %12s  %s%n", "variant", "exact", "p50 us", "p99 us", "mean us",
                "rankings/s", "note");
        for (Row r : results) {
            System.out.printf("%-66s %-7s %9.1f %9.1f %9.1f %12.0f  %s%n", r.name(), r.exact(), r.p50(), r.p99(),
                    r.mean(), 1e6 / r.mean(), r.note());
        }
    }

    private static void printHeader(Options o, RankingWorkload w, double loadSeconds) {
        System.out.println("RankingBench — exact top-N of xu·yi over the catalogue, minus seen items");
        System.out.printf("catalogue: %d items x k=%d (%s), %d users, mean seen %.1f, N=%d; built in %.1f s%n",
                w.items.rows(), w.items.k(), w.source, w.users.length, w.meanSeen(), o.n, loadSeconds);
        System.out.printf("hardware: %d cores available, CPU %s, load average %s%n",
                Runtime.getRuntime().availableProcessors(), cpuModel(), loadAverage());
        System.out.printf("JVM: %s %s (%s), os %s %s%n", System.getProperty("java.vm.name"),
                System.getProperty("java.runtime.version"), System.getProperty("java.vm.vendor"),
                System.getProperty("os.name"), System.getProperty("os.arch"));
        System.out.printf("timing: per call with System.nanoTime, %.1f s warm-up per variant, up to %d calls%n%n",
                o.warmupSeconds, o.calls);
    }

    static String cpuModel() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) return line.substring(line.indexOf(':') + 1).trim();
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall through
        }
        return System.getProperty("os.arch") + " (no /proc/cpuinfo)";
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    /** Command-line flags; every one has a default. */
    static final class Options {
        Path run;
        Path ratings;
        int items = 13_000;
        int users = 3_000;
        int k = 64;
        int n = 10;
        int calls = 20_000;
        int block; // 0 = sweep block sizes, and ItemRanker's default for the threaded run
        int threads = 2;
        int alsIterations = 8;
        int verifyUsers = 1_000;
        long seed = 42;
        double warmupSeconds = 2;
        int swipers = 0;
        int swipesPerUser = 10;
        double maxSecondsPerVariant = 8;
        double throughputSeconds = 4;
        boolean usersSet;
        int ivfLists; // 0 = IvfRanker.defaultLists
        int[] ivfProbes = {IvfRanker.DEFAULT_PROBE};

        /** The flags, or null after printing them for --help. */
        static Options parse(String[] args) throws IOException {
            Options o = new Options();
            for (int i = 0; i < args.length; i++) {
                String flag = args[i];
                if (flag.equals("--help") || flag.equals("-h")) {
                    System.out.println("flags: --run DIR | --models DIR (uses LATEST) | --ratings ratings.csv (fits ALS),"
                            + " --items | --catalogue-size N, --users (default 3000 per 13000 items, at least 3000), --k, --n, --calls,"
                            + " --block, --threads, --als-iterations, --verify-users, --seed, --warmup-seconds,"
                            + " --swipers N (rank for N users folded in from StreamingBench-like random swipes instead of fitted users),"
                            + " --swipes-per-user S (their history length, default 10),"
                            + " --ivf-lists L (0 = sqrt(items)), --ivf-probe P1,P2,... (IVF rows, default " + IvfRanker.DEFAULT_PROBE + ")");
                    return null;
                }
                if (i + 1 >= args.length) throw new IllegalArgumentException(flag + " needs a value");
                String v = args[++i];
                switch (flag) {
                    case "--run" -> o.run = Path.of(v);
                    case "--models" -> o.run = ModelRunLayout.latestRun(Path.of(v));
                    case "--ratings" -> o.ratings = Path.of(v);
                    case "--items", "--catalogue-size" -> o.items = positive(flag, v);
                    case "--users" -> {
                        o.users = positive(flag, v);
                        o.usersSet = true;
                    }
                    case "--ivf-lists" -> o.ivfLists = positive(flag, v);
                    case "--ivf-probe" -> o.ivfProbes = positives(flag, v);
                    case "--k" -> o.k = positive(flag, v);
                    case "--n" -> o.n = positive(flag, v);
                    case "--calls" -> o.calls = positive(flag, v);
                    case "--block" -> o.block = positive(flag, v);
                    case "--threads" -> o.threads = positive(flag, v);
                    case "--als-iterations" -> o.alsIterations = positive(flag, v);
                    case "--verify-users" -> o.verifyUsers = positive(flag, v);
                    case "--seed" -> o.seed = number(flag, v).longValue();
                    case "--warmup-seconds" -> o.warmupSeconds = number(flag, v).doubleValue();
                    case "--swipers" -> o.swipers = positive(flag, v);
                    case "--swipes-per-user" -> o.swipesPerUser = positive(flag, v);
                    default -> throw new IllegalArgumentException("unknown flag " + flag + "; try --help");
                }
            }
            // a synthetic catalogue needs users in proportion, or most of a large one is never drawn (zero factors)
            if (!o.usersSet) o.users = RankingWorkload.syntheticUsers(o.items);
            return o;
        }

        private static int[] positives(String flag, String v) {
            String[] parts = v.split(",");
            int[] out = new int[parts.length];
            for (int i = 0; i < parts.length; i++) out[i] = positive(flag, parts[i].trim());
            return out;
        }

        private static Number number(String flag, String v) {
            try {
                return v.contains(".") ? (Number) Double.parseDouble(v) : (Number) Long.parseLong(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be a number, got '" + v + "'");
            }
        }

        private static int positive(String flag, String v) {
            int x;
            try {
                x = Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(flag + " must be an integer, got '" + v + "'");
            }
            if (x <= 0) throw new IllegalArgumentException(flag + " must be > 0, got " + x);
            return x;
        }
    }
}
