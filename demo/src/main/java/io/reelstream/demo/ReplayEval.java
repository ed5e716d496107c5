package io.reelstream.demo;

import io.reelstream.demo.cli.Cli;
import io.reelstream.demo.cli.ModelOptions;
import io.reelstream.demo.eval.EvalReport;
import io.reelstream.demo.eval.RuleReplay;
import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.demo.stack.Closer;
import io.reelstream.demo.stack.KafkaStack;
import io.reelstream.demo.stack.ModelStage;
import io.reelstream.demo.stack.Stages;
import io.reelstream.demo.stack.TempDirs;
import io.reelstream.topology.config.TopologyConfig.UpdateRuleKind;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code replay-eval}: streams the scored slice through the live topology once per update rule and
 * reports HR@K, NDCG@K and coverage beside the trainer's offline PROTOCOL figures of the same model
 * (markdown + CSV). Deterministic: the lists depend only on each user's own swipes and the model.
 * Exit codes: 0 done, 1 a stage failed, 2 bad flags.
 */
@Command(name = "replay-eval", mixinStandardHelpOptions = true, sortOptions = false, version = "reelstream replay-eval 0.1.0",
        description = {
                "Trains (or takes --run), publishes to an embedded broker, then for each update rule starts a fresh",
                "topology and replays the slice in time order: before each positive swipe, was the movie in the",
                "user's current top-K? Writes reports/replay-eval.md and .csv beside the offline PROTOCOL figures."})
public final class ReplayEval implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions model = new ModelOptions();

    @Option(names = "--rules", paramLabel = "RULE", split = ",",
            description = "Update rules to run, comma-separated (default: every rule the topology has: ${COMPLETION-CANDIDATES}).")
    List<String> rules = new ArrayList<>();

    @Option(names = "--k", paramLabel = "K", defaultValue = "10", description = "List length of the metrics. Default: ${DEFAULT-VALUE}.")
    int k;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "reports",
            description = "Directory of replay-eval.md and replay-eval.csv. Default: ${DEFAULT-VALUE}.")
    Path report;

    private volatile List<EvalReport.Row> rows;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        return Cli.configure(new CommandLine(new ReplayEval()));
    }

    @Override
    public Integer call() throws Exception {
        List<String> ruleNames = validate();
        Stages stages = new Stages();
        try (Closer closer = new Closer()) {
            Thread hook = new Thread(closer::close, "replay-eval-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            Path dataDir = model.dataDir();
            KafkaStack kafka = stages.run("broker", "starting a single-node KRaft broker in a temp dir",
                    () -> closer.register("embedded Kafka", KafkaStack.start()));
            Path run = model.run();
            if (run == null) {
                Path models = model.models() != null ? model.models()
                        : closer.register("temp models dir", TempDirs.create("reelstream-eval-models-")).path();
                run = stages.run("train", "training on " + dataDir + " (PROTOCOL train slice, evaluated on validation)",
                        () -> ModelStage.train(dataDir, models, model.trainerOverrides()));
            }
            Path runDir = run;
            ModelStage.Published published = stages.run("publish", "publishing " + runDir,
                    () -> ModelStage.publish(runDir, kafka.bootstrapServers()));
            ReplaySlice slice = stages.run("slice", "reading the " + model.slice() + " slice of " + dataDir,
                    () -> ReplaySlice.load(dataDir, model.slice(), model.maxSwipes()));
            if (slice.size() == 0) throw new IllegalArgumentException("the " + model.slice() + " slice of " + dataDir + " is empty");

            List<RuleReplay.Result> results = new ArrayList<>();
            for (String rule : ruleNames) {
                results.add(stages.run("rule " + rule, String.format(Locale.ROOT,
                                "replaying %d swipes through a fresh topology with update.rule=%s", slice.size(), rule),
                        () -> RuleReplay.run(rule, kafka, slice, k, model.topologyOverrides(), System.out)));
            }
            int catalogue = results.get(0).catalogueSize();
            rows = EvalReport.rows(results, new ArrayList<>(published.offline().values()));
            EvalReport.Context context = new EvalReport.Context(dataDir.toString(), slice.sliceName(), slice.size(),
                    slice.positives(), slice.users().size(), slice.complete(), published.modelVersion(), catalogue, k,
                    "bin/replay-eval " + String.join(" ", spec.commandLine().getParseResult().originalArgs()));
            Path md = EvalReport.write(report, context, rows);
            System.out.println();
            System.out.println(EvalReport.markdown(context, rows));
            System.out.println("written: " + md + " and " + report.resolve(EvalReport.CSV));
            System.out.println("stages: " + stages.summary());
            System.out.flush();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running
            }
            return 0;
        }
    }

    /** The table's rows after call() (tests). */
    public List<EvalReport.Row> rows() {
        return rows;
    }

    /** The rules to run, upper-cased and checked against the topology's enum; every existing one by default. */
    private List<String> validate() {
        String problem = Cli.problem(model);
        if (problem == null && (k < 1 || k > 200)) problem = "--k must be in 1..200, got " + k;
        if (problem != null) throw new ParameterException(spec.commandLine(), problem);
        List<String> out = new ArrayList<>();
        if (rules.isEmpty()) {
            for (UpdateRuleKind kind : UpdateRuleKind.values()) out.add(kind.name().toLowerCase(Locale.ROOT));
            return out;
        }
        for (String name : rules) {
            try {
                out.add(UpdateRuleKind.valueOf(name.trim().toUpperCase(Locale.ROOT)).name().toLowerCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--rules: '" + name + "' is not an update rule of the topology; known: "
                        + Arrays.stream(UpdateRuleKind.values()).map(r -> r.name().toLowerCase(Locale.ROOT)).toList());
            }
        }
        return out;
    }
}
