package io.reelstream.demo;

import io.reelstream.demo.cli.Cli;
import io.reelstream.demo.cli.LogOptions;
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

    @Mixin
    LogOptions logging = new LogOptions();

    /** The run that serves the run's item-to-item model (every other run serves its ALS factors with that rule). */
    public static final String ITEMITEM_RUN = "itemitem";

    @Option(names = "--rules", paramLabel = "RULE", split = ",",
            description = "Runs, comma-separated: ALS update rules (foldin, foldin-recency, gradient, static) and itemitem"
                    + " (the item-to-item model). Default: every ALS rule, then itemitem.")
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
        Cli.setUpLogging(logging.format());
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
            // the run's item-to-item model and its ALS factors as two versions, served in turn. The ALS
            // version goes out last: user-seeds (one per user, the last publish wins) then carry its
            // version, which the static rule's trained vectors must live in.
            boolean itemItem = ruleNames.contains(ITEMITEM_RUN);
            String itemItemVersion = runDir.getFileName().toString();
            if (itemItem) {
                stages.run("publish itemitem", "publishing " + runDir + " as " + itemItemVersion + " (itemitem)",
                        () -> ModelStage.publishAs(runDir, kafka.bootstrapServers(), "itemitem", itemItemVersion));
            }
            String alsVersion = runDir.getFileName() + "-als";
            ModelStage.Published published = stages.run("publish", "publishing " + runDir + " as " + alsVersion + " (als)",
                    () -> ModelStage.publishAs(runDir, kafka.bootstrapServers(), "als", alsVersion));
            ReplaySlice slice = stages.run("slice", "reading the " + model.slice() + " slice of " + dataDir,
                    () -> ReplaySlice.load(dataDir, model.slice(), model.maxSwipes()));
            if (slice.size() == 0) throw new IllegalArgumentException("the " + model.slice() + " slice of " + dataDir + " is empty");

            List<RuleReplay.Result> results = new ArrayList<>();
            String serving = null;
            for (String rule : ruleNames) {
                String version = rule.equals(ITEMITEM_RUN) ? itemItemVersion : alsVersion;
                if (!version.equals(serving)) {
                    ModelStage.promote(kafka.bootstrapServers(), version, "replay-eval serves " + version + " next", false);
                    serving = version;
                }
                String updateRule = rule.equals(ITEMITEM_RUN) ? UpdateRuleKind.FOLDIN.wireName() : rule;
                results.add(stages.run("run " + rule, String.format(Locale.ROOT,
                                "replaying %d swipes through a fresh topology serving %s%s", slice.size(), version,
                                rule.equals(ITEMITEM_RUN) ? "" : " with update.rule=" + rule),
                        () -> RuleReplay.run(rule, updateRule, kafka, slice, k, model.topologyOverrides(), System.out)));
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

    /**
     * The runs, checked: ALS update rules of the topology and itemitem; every ALS rule then itemitem by
     * default. ALS runs go first: the registry never promotes an archived version back, so the ALS
     * version serves first and the item-to-item one replaces it once.
     */
    private List<String> validate() {
        String problem = Cli.problem(model);
        if (problem == null && (k < 1 || k > 200)) problem = "--k must be in 1..200, got " + k;
        if (problem != null) throw new ParameterException(spec.commandLine(), problem);
        List<String> als = new ArrayList<>();
        boolean itemItem = rules.isEmpty();
        if (rules.isEmpty()) {
            for (UpdateRuleKind kind : UpdateRuleKind.values()) als.add(kind.wireName());
        }
        for (String name : rules) {
            if (name.trim().equalsIgnoreCase(ITEMITEM_RUN)) {
                itemItem = true;
                continue;
            }
            try {
                String rule = UpdateRuleKind.parse(name).wireName();
                if (!als.contains(rule)) als.add(rule);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--rules: '" + name + "' is not an update rule of the topology"
                        + " nor itemitem; known: " + Arrays.stream(UpdateRuleKind.values()).map(UpdateRuleKind::wireName).toList()
                        + " and " + ITEMITEM_RUN);
            }
        }
        List<String> out = new ArrayList<>(als);
        if (itemItem) out.add(ITEMITEM_RUN);
        return out;
    }
}
