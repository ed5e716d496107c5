package io.reelstream.trainer.cli;

import io.reelstream.trainer.PipelineListener;
import io.reelstream.trainer.TrainingPipeline;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.engine.AlsEngines;
import io.reelstream.trainer.runs.RunRecord;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: fit and score every model (itemitem and, with als.recency=true, als+recency included) in one table without writing a run (models/LATEST untouched). */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Fit popularity, content, implicit ALS and the item-to-item model and print PROTOCOL.md's metrics side by side"
                + " (validation by default, test with --final); per-user rows to CSV, summary to JSON. Writes no model.")
public final class EvaluateCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--report-dir", paramLabel = "DIR",
            description = "Where eval_per_user.csv and eval_summary.json go (default reports/eval_<UTC timestamp>).")
    Path reportDir;

    @Override
    public Integer call() {
        TrainerConfig config = AlsEngines.settle(options.resolve(System.getenv()).with(TrainerConfig.EVAL_ENABLED_CONFIG, true));
        PrintWriter out = spec.commandLine().getOut();
        out.println(config.describe());
        out.flush();
        Path dir = reportDir != null ? reportDir : Path.of("reports", "eval_" + STAMP.format(Instant.now()));
        PipelineListener progress = new ConsoleProgress(spec.commandLine().getErr(), !options.noProgress);
        RecordedRun.Outcome outcome = RecordedRun.run(RunRecord.EVALUATE, config, dir,
                () -> new TrainingPipeline(config, progress).evaluateOnly(dir));
        out.print(outcome.result().table());
        out.println("report: " + dir);
        if (!outcome.note().isEmpty()) out.println(outcome.note());
        out.flush();
        return 0;
    }
}
