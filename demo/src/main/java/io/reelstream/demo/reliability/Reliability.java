package io.reelstream.demo.reliability;

import io.reelstream.demo.cli.Cli;
import io.reelstream.demo.cli.ModelOptions;
import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.demo.stack.Closer;
import io.reelstream.demo.stack.ModelStage;
import io.reelstream.demo.stack.Stages;
import io.reelstream.demo.stack.TempDirs;
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
import java.util.List;
import java.util.Locale;
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
                "            prints 'failover without restart: max X.X s' (kill -> first list on each of its partitions)"})
public final class Reliability implements Callable<Integer> {
    static final List<String> SCENARIOS = List.of("kill9", "failover");

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--only", paramLabel = "NAME", split = ",",
            description = "Scenarios to run, comma-separated: kill9, failover. Default: all.")
    List<String> only = new ArrayList<>();

    @Option(names = "--quick", description = "Shorter pauses between kills (CI): --kill-every 6.")
    boolean quick;

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
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return Cli.configure(new CommandLine(new Reliability()));
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
            for (String name : names) {
                CrashScenario.Mode mode = name.equals("kill9") ? CrashScenario.Mode.RESTART : CrashScenario.Mode.FAILOVER;
                CrashScenario.Settings s = new CrashScenario.Settings(mode, instances, partitions, rate, probeMs, kills,
                        seconds(every), seconds(restartAfter), !keepState,
                        mode == CrashScenario.Mode.RESTART ? recoveryLimit : failoverLimit, model.topologyOverrides());
                Path dir = Files.createDirectories(work.resolve(name));
                ScenarioResult r;
                try {
                    r = stages.run(name, describe(s, slice), () -> new CrashScenario(s, dir, runDir, slice, System.out).run());
                } catch (Exception e) {
                    keepLogs(dir, name);
                    throw e;
                }
                done.add(r);
                results = List.copyOf(done);
                System.out.println(r.figureLine());
                System.out.println("exactly-once: " + r.lost() + " lost, " + r.appliedTwice() + " applied twice, "
                        + r.stateMismatches() + " users whose swipe count differs"
                        + (r.problems().isEmpty() ? "" : "; problems: " + String.join("; ", r.problems())));
                if (!r.pass()) keepLogs(dir, name);
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

    /** The rows after call() (tests). */
    public List<ScenarioResult> results() {
        return results;
    }

    private String describe(CrashScenario.Settings s, ReplaySlice slice) {
        return String.format(Locale.ROOT, "%d instances, %d partitions, %d %s swipes at %.0f/s + probes every %d ms,"
                        + " %d kills every %.0f s%s", s.instances(), s.partitions(), slice.size(), slice.sliceName(),
                s.ratePerSecond(), s.probeIntervalMs(), s.kills(), s.killEvery().toMillis() / 1000.0,
                s.mode() == CrashScenario.Mode.RESTART ? String.format(Locale.ROOT, ", restart after %.0f s", s.restartAfter()
                        .toMillis() / 1000.0) : ", left down");
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
            sb.append("## ").append(r.scenario()).append("\n\n").append(r.figureLine()).append("\n\n");
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
        if (killEvery != null && !(killEvery > 0)) return "--kill-every must be > 0 seconds, got " + killEvery;
        if (!(restartAfter >= 0)) return "--restart-after must be >= 0 seconds, got " + restartAfter;
        if (!(recoveryLimit > 0) || !(failoverLimit > 0)) return "--recovery-limit and --failover-limit must be > 0";
        return null;
    }

    private static Duration seconds(double s) {
        return Duration.ofMillis(Math.round(s * 1000));
    }
}
