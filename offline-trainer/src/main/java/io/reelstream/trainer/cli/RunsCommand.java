package io.reelstream.trainer.cli;

import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.io.BadInputException;
import io.reelstream.trainer.runs.RunRecord;
import io.reelstream.trainer.runs.RunStore;
import io.reelstream.trainer.runs.RunsReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code runs list|show|compare}: read the runs store that train, evaluate and tune write. */
@Command(name = "runs", mixinStandardHelpOptions = true,
        description = "Query the runs store (SQLite; every train, evaluate, tune and tune trial): list, show ID, compare ID ID...",
        subcommands = {RunsCommand.ListRuns.class, RunsCommand.ShowRun.class, RunsCommand.CompareRuns.class})
public final class RunsCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Where the store is: --store, else runs.store from --config / env, else runs.db in --models (default models/). */
    static final class StoreOptions {
        @Option(names = "--store", paramLabel = "FILE", description = "The runs store (default: key runs.store, else runs.db in the models directory).")
        Path store;

        @Option(names = "--models", paramLabel = "DIR", description = "Models directory whose runs.db to read (default models).")
        Path models;

        @Option(names = "--config", paramLabel = "FILE", description = "Properties file with runs.store or models.dir.")
        Path config;

        RunStore open() {
            Path file = store;
            if (file == null) {
                Map<String, String> flags = new LinkedHashMap<>();
                if (models != null) flags.put(TrainerConfig.MODELS_DIR_CONFIG, models.toString());
                file = TrainerConfig.resolve(config, System.getenv(), flags).runsStore();
                if (file == null) throw new BadInputException("runs.store is '" + TrainerConfig.RUNS_STORE_OFF + "': nothing is recorded; pass --store FILE");
            }
            if (!Files.isRegularFile(file)) {
                throw new BadInputException("no runs store at " + file + " (train, evaluate and tune record runs there); pass --store FILE");
            }
            return RunStore.open(file);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Recorded runs, newest first.")
    static final class ListRuns implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Option(names = "--kind", paramLabel = "KIND", description = "Only train, evaluate, tune or trial runs.")
        String kind;

        @Option(names = "--tune", paramLabel = "ID", description = "Only the trials of tune run ID.")
        Long tune;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "30", description = "At most N runs (0 = all; default ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            if (kind != null && !List.of(RunRecord.TRAIN, RunRecord.EVALUATE, RunRecord.TUNE, RunRecord.TRIAL).contains(kind)) {
                throw new BadInputException("--kind " + kind + " is not a run kind: use train, evaluate, tune or trial");
            }
            try (RunStore s = store.open()) {
                PrintWriter out = spec.commandLine().getOut();
                out.print(RunsReport.list(s.list(tune != null ? RunRecord.TRIAL : kind, tune, limit)));
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "One run: fields, params, metrics (by step too), timings.")
    static final class ShowRun implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Parameters(paramLabel = "ID", description = "Run id (runs list).")
        long id;

        @Option(names = "--all", description = "Every param, also those at their defaults.")
        boolean all;

        @Override
        public Integer call() {
            try (RunStore s = store.open()) {
                RunRecord r = s.get(id).orElseThrow(() -> new BadInputException("no run " + id + " in " + s.file()));
                PrintWriter out = spec.commandLine().getOut();
                out.print(RunsReport.show(r, all));
                out.flush();
            }
            return 0;
        }
    }

    @Command(name = "compare", mixinStandardHelpOptions = true,
            description = "Runs side by side: the params that differ and every metric (with the difference for two runs).")
    static final class CompareRuns implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        StoreOptions store = new StoreOptions();

        @Parameters(paramLabel = "ID", arity = "2..*", description = "Two or more run ids.")
        List<Long> ids;

        @Option(names = "--all", description = "Every param, also those equal in every run.")
        boolean all;

        @Override
        public Integer call() {
            try (RunStore s = store.open()) {
                List<RunRecord> runs = new ArrayList<>();
                for (long id : ids) runs.add(s.get(id).orElseThrow(() -> new BadInputException("no run " + id + " in " + s.file())));
                PrintWriter out = spec.commandLine().getOut();
                out.print(RunsReport.compare(runs, all));
                out.flush();
            }
            return 0;
        }
    }
}
