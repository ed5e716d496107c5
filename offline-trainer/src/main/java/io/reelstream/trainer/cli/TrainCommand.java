package io.reelstream.trainer.cli;

import io.reelstream.trainer.PipelineListener;
import io.reelstream.trainer.TrainingPipeline;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.engine.AlsEngines;
import io.reelstream.trainer.runs.RunRecord;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: fit popularity, content, implicit ALS and the item-to-item model, evaluate them, write models/run_<ts>/ and mark LATEST. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train popularity, content, implicit-ALS and item-to-item models from MovieLens ratings, evaluate them"
                + " (PROTOCOL.md), write models/run_<UTC timestamp>/ and point models/LATEST at it.")
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    ConfigOptions options = new ConfigOptions();

    @Option(names = "--no-eval", description = "Skip the evaluation (no metrics in the manifest).")
    boolean noEval;

    @Override
    public Integer call() {
        TrainerConfig config = options.resolve(System.getenv());
        if (noEval) config = config.with(TrainerConfig.EVAL_ENABLED_CONFIG, false);
        config = AlsEngines.settle(config); // the engine's settings, printed below as they will be used
        PrintWriter out = spec.commandLine().getOut();
        out.println(config.describe());
        out.flush();
        PipelineListener progress = new ConsoleProgress(spec.commandLine().getErr(), !options.noProgress);
        TrainerConfig c = config;
        RecordedRun.Outcome outcome = RecordedRun.run(RunRecord.TRAIN, config, null, () -> new TrainingPipeline(c, progress).train());
        TrainingPipeline.Result result = outcome.result();
        if (!result.table().isEmpty()) out.print(result.table());
        out.println("run: " + result.runDir() + " (LATEST)");
        if (!outcome.note().isEmpty()) out.println(outcome.note());
        out.flush();
        return 0;
    }
}
