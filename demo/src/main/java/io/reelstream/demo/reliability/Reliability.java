package io.reelstream.demo.reliability;

import io.reelstream.demo.cli.Cli;
import io.reelstream.demo.cli.ModelOptions;
import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.demo.stack.Closer;
import io.reelstream.demo.stack.ModelStage;
import io.reelstream.demo.stack.Stages;
import io.reelstream.demo.stack.TempDirs;
import io.reelstream.logging.LogSetup;
import io.reelstream.topology.config.TopologyConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code bin/reliability}: crash scenarios against a real broker and topology instances in JVMs of
 * their own (so kill -9 is real), each ending in an exactly-once verdict and the figure that matters.
 * Exit codes: 0 every scenario passed, 1 one failed (or could not run), 2 bad flags.
 */
@Command(name = "reliability", mixinStandardHelpOptions = true, sortOptions = false, version = "reelstream reliability 0.1.0",
        description = {
                "Runs each scenario on a broker of its own with topology instances in separate JVMs, streams the slice",
                "in, crashes instances, and checks that every swipe got exactly one list or dead letter and that each",
                "user's swipe count on REST equals the swipes applied. Scenarios:",
                "  kill9     kill -9 an instance in turn and restart it (state kept, then deleted, ...);",
                "            prints 'recovery after kill -9: max X.X s' (restart -> first list on each of its partitions)",
                "  failover  kill -9 an instance and leave it down (standbys: the topology's default, 1);",
                "            prints 'failover without restart: max X.X s' (kill -> first list on each of its partitions)",
                "  broker-bounce  3 KRaft brokers (replication 3, min.insync 2): kill -9 a broker in turn (the leader of",
                "            the most swipes partitions, then the active controller) and start it again on its data;",
                "            prints the longest stretch any partition went without a committed list",
                "  fuzz      >= 10 000 malformed records of 24 kinds mixed into the slice, and the REST routes fuzzed",
                "            (bad paths, methods, bodies, huge bodies, slowloris): every record's outcome and reason checked",
                "  republish a new model version published and promoted while swiping at --load-rate: no list goes",
                "            back to the old version; prints when every partition had lists of the new one",
                "  rebalance 1 -> 3 -> 2 instances during a replay at --load-rate; prints the time to recover",
                "  soak      --soak DURATION at --load-rate: heap after GC, RocksDB size, lag and p99 sampled every",
                "            minute (10 s with --quick), each flat by the rule of its slope",
                "Every scenario ends with the exactly-once verdict: 0 lost, 0 applied twice."})
public final class Reliability implements Callable<Integer> {
    /**
     * In the order they run. With --quick the first six share one stack, so the order matters: failover
     * first, on a settled group (after kill9's last restart the group waits up to a minute to hand that
     * instance its partitions back, and a failover of an instance still holding 8 of 12 took 8.6 s against
     * its 10 s limit); rebalance (which ends with two instances) before republish (whose new model version
     * the rest would inherit).
     */
    static final List<String> SCENARIOS = List.of("failover", "kill9", FuzzScenario.NAME, SoakScenario.NAME,
            RebalanceScenario.NAME, RepublishScenario.NAME, BrokerBounceScenario.NAME);

    /** broker-bounce's commit interval unless --topology names one; see {@link #bounceTopology()}. */
    static final long BOUNCE_COMMIT_INTERVAL_MS = 100;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "Scenarios to run, comma-separated: failover, kill9, fuzz, soak, rebalance, republish,"
                    + " broker-bounce. Default: all.")
    List<String> only = new ArrayList<>();

    @Option(names = "--quick", description = "CI: the single-broker scenarios share one broker and its instances"
            + " (each checked from where the previous left it), shorter pauses (--kill-every 6), kill9 and failover kill"
            + " in turn without waiting for each hand-back, 15-20 s phases in republish and rebalance, a 2-minute soak"
            + " sampled every 10 s.")
    boolean quick;

    @Option(names = "--load-rate", paramLabel = "SWIPES_PER_S", defaultValue = "300",
            description = "Rate of the slice, looped, in republish, rebalance and soak. Default: ${DEFAULT-VALUE}.")
    double loadRate;

    @Option(names = "--soak", paramLabel = "DURATION",
            description = "How long the soak runs, e.g. 30m, 90s, 1h. Default: 10m (2m with --quick).")
    String soak;

    @Option(names = "--fuzz-records", paramLabel = "N", defaultValue = "10000",
            description = "fuzz: malformed records mixed into the slice. Default: ${DEFAULT-VALUE}.")
    int fuzzRecords;

    @Option(names = "--fuzz-rate", paramLabel = "RECORDS_PER_S", defaultValue = "1000",
            description = "fuzz: rate of the mixed stream. Default: ${DEFAULT-VALUE}.")
    double fuzzRate;

    @Option(names = "--switch-limit", paramLabel = "SECONDS", defaultValue = "15",
            description = "republish passes when every partition has lists of the new version within this. Default: ${DEFAULT-VALUE}.")
    double switchLimit;

    @Option(names = "--rebalance-limit", paramLabel = "SECONDS", defaultValue = "60",
            description = "rebalance passes when each scaling step recovers within this. Default: ${DEFAULT-VALUE}.")
    double rebalanceLimit;

    @Option(names = "--bounces", paramLabel = "N", defaultValue = "2",
            description = "broker-bounce: brokers killed, in turn. Default: ${DEFAULT-VALUE}.")
    int bounces;

    @Option(names = "--bounce-rate", paramLabel = "SWIPES_PER_S", defaultValue = "50",
            description = "broker-bounce: replay rate (three brokers replicating everything cost more than one), with"
                    + " probes every max(--probe-ms, 250) ms. Default: ${DEFAULT-VALUE}.")
    double bounceRate;

    @Option(names = "--down-for", paramLabel = "SECONDS", defaultValue = "5",
            description = "broker-bounce: how long a killed broker stays down. Default: ${DEFAULT-VALUE}.")
    double downFor;

    @Option(names = "--stall-limit", paramLabel = "SECONDS", defaultValue = "30",
            description = "broker-bounce passes when no partition goes longer than this without a list. Default: ${DEFAULT-VALUE}.")
    double stallLimit;

    @Option(names = "--instances", paramLabel = "N", defaultValue = "3", description = "Topology instances. Default: ${DEFAULT-VALUE}.")
    int instances;

    @Option(names = "--partitions", paramLabel = "P", defaultValue = "12",
            description = "Partitions of swipes, user-seeds, recommendations and swipes-dlq. Default: ${DEFAULT-VALUE}.")
    int partitions;

    @Option(names = "--rate", paramLabel = "SWIPES_PER_S", defaultValue = "200",
            description = "Replay rate of the slice (probes come on top: one per partition per --probe-ms). Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(names = "--probe-ms", paramLabel = "MS", defaultValue = "100",
            description = "Interval of the probe swipes on every partition, the resolution of the figures. Default: ${DEFAULT-VALUE}.")
    long probeMs;

    @Option(names = "--kills", paramLabel = "N", defaultValue = "3", description = "Kills per scenario. Default: ${DEFAULT-VALUE}.")
    int kills;

    @Option(names = "--kill-every", paramLabel = "SECONDS", description = "Pause before each kill. Default: 10 (6 with --quick).")
    Double killEvery;

    @Option(names = "--restart-after", paramLabel = "SECONDS", defaultValue = "3",
            description = "kill9: how long a killed instance stays down. Default: ${DEFAULT-VALUE}.")
    double restartAfter;

    @Option(names = "--keep-state", description = "kill9: always restart with the state directory (default: every other restart deletes it).")
    boolean keepState;

    @Option(names = "--recovery-limit", paramLabel = "SECONDS", defaultValue = "5",
            description = "kill9 passes when every recovery is at most this. Default: ${DEFAULT-VALUE}.")
    double recoveryLimit;

    @Option(names = "--failover-limit", paramLabel = "SECONDS", defaultValue = "10",
            description = "failover passes when every failover is at most this. Default: ${DEFAULT-VALUE}.")
    double failoverLimit;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "reports",
            description = "Directory of reliability.md. Default: ${DEFAULT-VALUE}.")
    Path report;

    private volatile List<ScenarioResult> results = List.of();

    public static void main(String[] args) {
        quietClientRetries();
        System.exit(commandLine().execute(args));
    }

    /** A broker bounce makes every client warn about each retry; the scenario reports what matters. */
    static void quietClientRetries() {
        for (String noisy : List.of("org.apache.kafka.clients.producer.internals.Sender",
                "org.apache.kafka.clients.NetworkClient", "org.apache.kafka.clients.consumer.internals.AbstractFetch")) {
            LogSetup.defaultLevel(noisy, "error"); // unless -Dlog.level.<logger> says otherwise
        }
    }

    public static CommandLine commandLine() {
        return commandLine(new Reliability());
    }

    /** The command line of {@code reliability}, whose {@link #results()} a test reads after execute. */
    static CommandLine commandLine(Reliability reliability) {
        return Cli.configure(new CommandLine(reliability));
    }

    @Override
    public Integer call() throws Exception {
        List<String> names = validate();
        Stages stages = new Stages();
        List<ScenarioResult> done = new ArrayList<>();
        try (Closer closer = new Closer()) {
            Path work = closer.register("work dir", TempDirs.create("reelstream-reliability-")).path();
            Path dataDir = model.dataDir();
            Path run = model.run();
            if (run == null) {
                Path models = model.models() != null ? model.models() : work.resolve("models");
                run = stages.run("train", "training on " + dataDir + " (PROTOCOL train slice)",
                        () -> ModelStage.train(dataDir, models, model.trainerOverrides()));
            }
            Path runDir = run;
            ReplaySlice slice = stages.run("slice", "reading the " + model.slice() + " slice of " + dataDir,
                    () -> ReplaySlice.load(dataDir, model.slice(), model.maxSwipes()));
            double every = killEvery != null ? killEvery : quick ? 6 : 10;
            // --quick: the single-broker scenarios share one stack (StackPool); the full run isolates each
            StackPool pool = quick ? new StackPool(work.resolve("shared-stack"), runDir, System.out) : null;
            if (pool != null) closer.register("shared stack", pool);
            for (String name : names) {
                Path dir = Files.createDirectories(work.resolve(name));
                ScenarioResult r;
                try {
                    r = stages.run(name, describe(name, slice), () -> runScenario(name, dir, runDir, slice, every, pool));
                } catch (Exception e) {
                    r = new ScenarioResult(name, 0, 0, 0, 0, 0, 0, "not measured", false, List.of(),
                            List.of("the scenario could not run: " + e));
                }
                done.add(r);
                results = List.copyOf(done);
                System.out.println(r.figure());
                System.out.println("exactly-once: " + r.lost() + " lost, " + r.appliedTwice() + " applied twice, "
                        + r.stateMismatches() + " users whose swipe count differs"
                        + (r.problems().isEmpty() ? "" : "; problems: " + String.join("; ", r.problems())));
                if (!r.pass()) {
                    keepLogs(dir, name);
                    if (pool != null && !name.equals(BrokerBounceScenario.NAME)) keepLogs(pool.workDir(), name);
                }
            }
        }
        String table = ScenarioResult.table(done);
        System.out.println();
        System.out.println(table);
        Path md = writeReport(table, done);
        System.out.println("written: " + md);
        System.out.println("stages: " + stages.summary());
        return done.stream().allMatch(ScenarioResult::pass) ? 0 : Cli.EXIT_FAILURE;
    }

    private ScenarioResult runScenario(String name, Path dir, Path runDir, ReplaySlice slice, double every, StackPool pool)
            throws Exception {
        Scenario scenario = switch (name) {
            case "kill9", "failover" -> {
                CrashScenario.Mode mode = name.equals("kill9") ? CrashScenario.Mode.RESTART : CrashScenario.Mode.FAILOVER;
                yield new CrashScenario(crashSettings(mode, every), dir, runDir, slice, System.out);
            }
            case BrokerBounceScenario.NAME -> new BrokerBounceScenario(new BrokerBounceScenario.Settings(instances, partitions,
                    bounceRate, bounceProbeMs(), bounces, seconds(every), seconds(downFor), stallLimit,
                    bounceTopology()), dir, runDir, slice, System.out);
            case FuzzScenario.NAME -> new FuzzScenario(new FuzzScenario.Settings(instances, partitions, fuzzRecords, fuzzRate,
                    15L, model.topologyOverrides()), dir, runDir, slice, System.out);
            case RepublishScenario.NAME -> new RepublishScenario(new RepublishScenario.Settings(instances, partitions, loadRate,
                    probeMs, seconds(quick ? 15 : 30), seconds(quick ? 20 : 60), switchLimit, model.topologyOverrides()), dir,
                    runDir, slice, System.out);
            case RebalanceScenario.NAME -> new RebalanceScenario(new RebalanceScenario.Settings(partitions, loadRate, probeMs,
                    seconds(quick ? 15 : 30), rebalanceLimit, model.topologyOverrides()), dir, runDir, slice, System.out);
            case SoakScenario.NAME -> new SoakScenario(new SoakScenario.Settings(instances, partitions, loadRate,
                    soakDuration(), seconds(quick ? 10 : 60), model.topologyOverrides()), dir, runDir, slice, System.out);
            default -> throw new IllegalStateException("no scenario " + name);
        };
        // the broker bounce kills brokers: it always runs on a cluster of its own, with the shared stack
        // closed first (its four idle JVMs would take memory and CPU from the six the bounce starts)
        if (pool != null && !name.equals(BrokerBounceScenario.NAME)) {
            scenario.sharing(pool);
        } else if (pool != null) {
            pool.close();
        }
        return scenario.run();
    }

    /**
     * broker-bounce's topology settings: --topology, and commits every {@value #BOUNCE_COMMIT_INTERVAL_MS} ms
     * (Kafka's exactly-once default) unless it names commit.interval.ms. Each commit writes transaction
     * markers to every partition it touched, on three replicas here: the product's 20 ms (tuned for one
     * broker's swipe → list latency) made 150 transactions a second, and three brokers on 2 cores shared
     * with the instances crawled for two minutes after a cold start.
     */
    Map<String, String> bounceTopology() {
        Map<String, String> settings = new LinkedHashMap<>(model.topologyOverrides());
        settings.putIfAbsent(TopologyConfig.COMMIT_INTERVAL_MS_CONFIG, Long.toString(BOUNCE_COMMIT_INTERVAL_MS));
        return settings;
    }

    /** broker-bounce probes: every --probe-ms, but not more often than every 250 ms (three brokers cost more). */
    long bounceProbeMs() {
        return Math.max(probeMs, 250);
    }

    private Duration soakDuration() {
        return soak != null ? parseDuration(soak) : quick ? Duration.ofMinutes(2) : Duration.ofMinutes(10);
    }

    /** "30m", "90s", "1h", "1h30m", "2.5m": a duration; IllegalArgumentException naming the format otherwise. */
    static Duration parseDuration(String raw) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)([hms])").matcher(raw.trim());
        double seconds = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double v = Double.parseDouble(m.group(1));
            seconds += v * switch (m.group(2)) {
                case "h" -> 3600;
                case "m" -> 60;
                default -> 1;
            };
            end = m.end();
        }
        if (end == 0 || end != raw.trim().length()) {
            throw new IllegalArgumentException("'" + raw + "' is not a duration like 30m, 90s, 1h30m");
        }
        return Duration.ofMillis(Math.round(seconds * 1000));
    }

    private CrashScenario.Settings crashSettings(CrashScenario.Mode mode, double every) {
        return new CrashScenario.Settings(mode, instances, partitions, rate, probeMs, kills, seconds(every),
                seconds(restartAfter), !keepState, mode == CrashScenario.Mode.RESTART ? recoveryLimit : failoverLimit,
                !quick, model.topologyOverrides());
    }

    /** The rows after call() (tests). */
    public List<ScenarioResult> results() {
        return results;
    }

    private String describe(String name, ReplaySlice slice) {
        double every = killEvery != null ? killEvery : quick ? 6 : 10;
        return switch (name) {
            case "kill9", "failover" -> String.format(Locale.ROOT, "%d instances, %d partitions, %d %s swipes at %.0f/s"
                            + " + probes every %d ms, %d kills every %.0f s%s", instances, partitions, slice.size(),
                    slice.sliceName(), rate, probeMs, kills, every, name.equals("kill9")
                            ? String.format(Locale.ROOT, ", restart after %.0f s", restartAfter) : ", left down");
            case BrokerBounceScenario.NAME -> String.format(Locale.ROOT, "3 brokers, %d instances, %d partitions, the %s"
                            + " slice looped at %.0f/s + probes every %d ms, %d broker kills every %.0f s, down for %.0f s"
                            + " or until its partitions have other leaders; the instances commit every %s ms", instances,
                    partitions, slice.sliceName(), bounceRate, bounceProbeMs(), bounces, every, downFor,
                    bounceTopology().get(TopologyConfig.COMMIT_INTERVAL_MS_CONFIG));
            case FuzzScenario.NAME -> String.format(Locale.ROOT, "%d instances, %d partitions, %d malformed records mixed"
                    + " into the %s slice's swipes on known movies at %.0f records/s; REST fuzzed meanwhile", instances,
                    partitions, fuzzRecords, slice.sliceName(), fuzzRate);
            case RepublishScenario.NAME -> String.format(Locale.ROOT, "%d instances, %d partitions, the %s slice looped at"
                    + " %.0f/s + probes every %d ms; a new version published and promoted after %d s", instances, partitions,
                    slice.sliceName(), loadRate, probeMs, quick ? 15 : 30);
            case RebalanceScenario.NAME -> String.format(Locale.ROOT, "1 -> 3 -> 2 instances, %d partitions, the %s slice"
                    + " looped at %.0f/s + probes every %d ms, %d s per phase", partitions, slice.sliceName(), loadRate, probeMs,
                    quick ? 15 : 30);
            case SoakScenario.NAME -> String.format(Locale.ROOT, "%d instances, %d partitions, the %s slice looped at %.0f/s"
                    + " for %s, sampled every %d s", instances, partitions, slice.sliceName(), loadRate, soakDuration(),
                    quick ? 10 : 60);
            default -> name;
        };
    }

    /** A failed scenario's logs outlive the temp work dir: copied under the report dir. */
    private void keepLogs(Path dir, String name) throws java.io.IOException {
        Path target = Files.createDirectories(report.resolve("reliability-logs").resolve(name));
        try (var files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(f, target.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        }
        System.out.println("logs of the failed scenario: " + target);
    }

    private Path writeReport(String table, List<ScenarioResult> done) throws java.io.IOException {
        Files.createDirectories(report);
        StringBuilder sb = new StringBuilder("# Reliability\n\n`bin/reliability "
                + String.join(" ", spec.commandLine().getParseResult().originalArgs()) + "`, " + java.time.Instant.now()
                + ", " + Runtime.getRuntime().availableProcessors() + " cores\n\n" + table + "\n");
        for (ScenarioResult r : done) {
            sb.append("## ").append(r.scenario()).append("\n\n").append(r.figure()).append("\n\n");
            r.events().forEach(e -> sb.append("- ").append(e).append('\n'));
            r.problems().forEach(p -> sb.append("- problem: ").append(p).append('\n'));
            sb.append('\n');
        }
        Path md = report.resolve("reliability.md");
        Files.writeString(md, sb.toString(), StandardCharsets.UTF_8);
        return md;
    }

    private List<String> validate() {
        String problem = Cli.problem(model);
        if (problem == null) problem = numbersProblem();
        if (problem != null) throw new ParameterException(spec.commandLine(), problem);
        List<String> names = new ArrayList<>();
        for (String n : only.isEmpty() ? SCENARIOS : only) {
            String name = n.trim().toLowerCase(Locale.ROOT);
            if (!SCENARIOS.contains(name)) {
                throw new ParameterException(spec.commandLine(), "--only: '" + n + "' is not a scenario; known: " + SCENARIOS);
            }
            if (!names.contains(name)) names.add(name);
        }
        return names;
    }

    private String numbersProblem() {
        if (instances < 2) return "--instances must be >= 2 (a survivor takes over), got " + instances;
        if (partitions < instances) return "--partitions must be >= --instances (" + instances + "), got " + partitions;
        if (!(rate > 0)) return "--rate must be > 0, got " + rate;
        if (probeMs < 10) return "--probe-ms must be >= 10, got " + probeMs;
        if (kills < 1) return "--kills must be >= 1, got " + kills;
        if (bounces < 1) return "--bounces must be >= 1, got " + bounces;
        if (!(downFor >= 0)) return "--down-for must be >= 0 seconds, got " + downFor;
        if (!(stallLimit > 0)) return "--stall-limit must be > 0 seconds, got " + stallLimit;
        if (!(loadRate > 0)) return "--load-rate must be > 0, got " + loadRate;
        if (!(bounceRate > 0)) return "--bounce-rate must be > 0, got " + bounceRate;
        if (fuzzRecords < 10_000) return "--fuzz-records must be >= 10000 (the issue's floor), got " + fuzzRecords;
        if (!(fuzzRate > 0)) return "--fuzz-rate must be > 0, got " + fuzzRate;
        if (!(switchLimit > 0) || !(rebalanceLimit > 0)) return "--switch-limit and --rebalance-limit must be > 0";
        if (soak != null) {
            try {
                Duration d = parseDuration(soak);
                if (d.toSeconds() < 40) return "--soak must be at least 40s (four samples), got " + soak;
            } catch (IllegalArgumentException e) {
                return "--soak: " + e.getMessage();
            }
        }
        if (killEvery != null && !(killEvery > 0)) return "--kill-every must be > 0 seconds, got " + killEvery;
        if (!(restartAfter >= 0)) return "--restart-after must be >= 0 seconds, got " + restartAfter;
        if (!(recoveryLimit > 0) || !(failoverLimit > 0)) return "--recovery-limit and --failover-limit must be > 0";
        return null;
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
