package io.reelstream.trainer.cli;

import io.reelstream.trainer.config.ConfigException;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.engine.LocalAlsEngine;
import io.reelstream.trainer.io.BadInputException;
import io.reelstream.trainer.runs.RunStore;
import io.reelstream.trainer.tune.ModelKinds;
import io.reelstream.trainer.tune.TuneResult;
import io.reelstream.trainer.tune.TuneSettings;
import io.reelstream.trainer.tune.TuneSpaces;
import io.reelstream.trainer.tune.Tuner;
import io.reelstream.trainer.tune.search.SearchSpace;
import io.reelstream.trainer.tune.search.Study;
import io.reelstream.trainer.tune.search.TrialRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tune}: search a config space for the best validation NDCG@K, then refit the winner and score it once on test. */
@Command(name = "tune", mixinStandardHelpOptions = true,
        description = {"Search trainer config keys for the best validation NDCG@K of the model named by tune.model (default als):"
                + " trials fit on train and are scored on validation (PROTOCOL.md); the chosen config is refit on train+validation"
                + " and scored once on test. Writes best.properties, report.html, trials.jsonl and tune.json to --out, and records"
                + " every trial in the runs store."},
        footerHeading = "%nModel kinds (tune.model):%n")
public final class TuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--data", paramLabel = "DIR", description = "MovieLens directory or .parquet file (key data.dir, default "
            + TrainerConfig.DEFAULT_DATA_DIR + ").")
    Path data;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (required; must not hold another tune run).")
    Path out;

    @Option(names = "--search", paramLabel = "KIND", defaultValue = "bayesian",
            description = "grid, random or bayesian (TPE; default).")
    String search;

    @Option(names = "--trials", paramLabel = "N", defaultValue = "" + TuneSettings.DEFAULT_TRIALS,
            description = "At most N trials (a grid may have fewer points; default ${DEFAULT-VALUE}).")
    int trials;

    @Option(names = "--budget", paramLabel = "DURATION", defaultValue = "10m",
            description = "Wall-time cap for the whole run, e.g. 90s, 5m, 1h30m; 'none' for no cap (default ${DEFAULT-VALUE}).")
    String budget;

    @Option(names = "--space", paramLabel = "FILE", description = "Search space file (default: the bundled "
            + TuneSpaces.DEFAULT_RESOURCE + "; --show-space prints it).")
    Path space;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + TuneSettings.DEFAULT_SEED,
            description = "Seed of the search (the sampler), not of ALS (that is als.seed; default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--threads", paramLabel = "N", description = "Threads in all (default: key threads = available processors);"
            + " trials run side by side, results do not depend on it.")
    Integer threads;

    @Option(names = "--batch", paramLabel = "N", defaultValue = "" + TuneSettings.DEFAULT_BATCH,
            description = "Trials sampled together from the same history (default ${DEFAULT-VALUE}); results depend on it.")
    int batch;

    @Option(names = "--prune-every", paramLabel = "N", defaultValue = "" + TuneSettings.DEFAULT_PRUNE_EVERY,
            description = "Score intermediate models every N iterations for the median pruner; 0 = no pruning (default ${DEFAULT-VALUE}).")
    int pruneEvery;

    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of config keys: the base every trial starts from.")
    Path configFile;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any config key of the base, e.g. --set eval.max.users=2000.")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--split", paramLabel = "MODE", description = "temporal (default) or last1.")
    String split;

    @Option(names = "--models", paramLabel = "DIR", description = "Models directory (its runs.db is the default runs store).")
    Path models;

    @Option(names = "--show-space", description = "Print the search space and exit.")
    boolean showSpace;

    @Option(names = "--no-progress", description = "No progress line per trial.")
    boolean noProgress;

    @Override
    public Integer call() {
        Map<String, String> flags = new LinkedHashMap<>(set);
        if (data != null) flags.put(TrainerConfig.DATA_DIR_CONFIG, data.toString());
        if (split != null) flags.put(TrainerConfig.SPLIT_MODE_CONFIG, split);
        if (models != null) flags.put(TrainerConfig.MODELS_DIR_CONFIG, models.toString());
        if (threads != null) flags.put(TrainerConfig.THREADS_CONFIG, String.valueOf(threads));
        TrainerConfig base = TrainerConfig.resolve(configFile, System.getenv(), flags);
        if (!base.alsEngine().equals(LocalAlsEngine.NAME)) {
            throw new ConfigException(TrainerConfig.ALS_ENGINE_CONFIG + " = '" + base.alsEngine() + "' (from "
                    + base.origin(TrainerConfig.ALS_ENGINE_CONFIG) + "): tune fits its trials in this JVM with the local engine"
                    + " (its pruner reads every iteration); tune locally, then train --engine " + base.alsEngine()
                    + " --config <out>/best.properties");
        }
        TuneSettings.Search kind = TuneSettings.Search.parse(search);
        Duration cap = budget.trim().equalsIgnoreCase("none") ? null : TuneSettings.parseDuration(budget);
        TuneSettings settings = new TuneSettings(kind, trials, cap, seed, base.threads(), batch, pruneEvery);
        SearchSpace searchSpace = TuneSpaces.load(space, base);
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        String source = space == null ? TuneSpaces.DEFAULT_RESOURCE : space.toString();
        if (showSpace) {
            stdout.print("# " + source + System.lineSeparator() + searchSpace.describe());
            stdout.flush();
            return 0;
        }
        stdout.printf(Locale.ROOT, "tune: %s search, up to %d trials, budget %s, seed %d; %d trials side by side × %d threads;"
                        + " space %s (%d parameters); data %s%n", kind.label(), trials, cap == null ? "none" : TuneSettings.format(cap),
                seed, settings.parallelTrials(), settings.threadsPerTrial(), source, searchSpace.params().size(), base.dataDir());
        stdout.flush();
        if (out == null) throw new BadInputException("tune needs --out DIR: where best.properties, report.html and the trials go");
        Tuner.Progress progress = new Tuner.Progress() {
            @Override
            public void onTrial(TrialRecord trial, Study.Progress p, String line) {
                if (noProgress) return;
                err.println(line);
                err.flush();
            }

            @Override
            public void onStage(String line) {
                stdout.println(line);
                stdout.flush();
            }
        };
        Tuner tuner = new Tuner(base, searchSpace, source, settings, progress);
        TuneResult r;
        if (base.runsStore() == null) {
            r = tuner.run(out, null);
        } else {
            try (RunStore store = RunStore.open(base.runsStore())) {
                r = tuner.run(out, store);
            }
        }
        stdout.print(r.validation().table());
        stdout.print(r.test().table());
        String model = r.bestConfig().tuneModel();
        stdout.printf(Locale.ROOT, "%s NDCG@%d: tuned %.4f validation, %.4f test", model, base.evalK(), r.ndcg(r.validation(), model),
                r.ndcg(r.test(), model));
        if (r.baseValidation() != null) {
            stdout.printf(Locale.ROOT, "; base config %.4f validation, %.4f test", r.ndcg(r.baseValidation(), model),
                    r.ndcg(r.baseTest(), model));
        }
        stdout.println();
        stdout.println("chosen config: " + out.resolve("best.properties") + "  (train --config / evaluate --config)");
        stdout.println("report: " + out.resolve("report.html") + ", trials: " + out.resolve("trials.jsonl"));
        if (r.tuneRunId() > 0) {
            stdout.println("recorded as tune run " + r.tuneRunId() + " in " + base.runsStore() + " (runs list --tune " + r.tuneRunId() + ")");
        }
        stdout.println("took " + TuneSettings.format(r.elapsed()));
        stdout.flush();
        return 0;
    }

    /** The model kinds for the help footer. */
    static String kindsFooter() {
        return ModelKinds.all().stream().map(k -> "  " + k.name() + "  " + k.description()).collect(Collectors.joining("%n"));
    }
}
