package io.reelstream.trainer.cli;

import io.reelstream.trainer.TrainingPipeline;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.runs.RunRecords;
import io.reelstream.trainer.runs.RunStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Runs train or evaluate and records the run (finished or failed) in the runs store named by
 * runs.store. The store is opened before the work starts, so a corrupt store fails at once, not
 * after an hour of training.
 */
final class RecordedRun {
    private RecordedRun() {}

    /** The work's result and where it was recorded (id 0 and an empty note when runs.store is off). */
    record Outcome(TrainingPipeline.Result result, long id, String note) {}

    static Outcome run(String kind, TrainerConfig config, Path artifact, Supplier<TrainingPipeline.Result> work) {
        if (config.runsStore() == null) return new Outcome(work.get(), 0, "");
        try (RunStore store = RunStore.open(config.runsStore())) {
            Instant started = Instant.now();
            long t0 = System.nanoTime();
            TrainingPipeline.Result result;
            try {
                result = work.get();
            } catch (RuntimeException e) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                try {
                    store.insert(RunRecords.of(kind, config, null, started, ms, String.valueOf(e.getMessage()), null));
                } catch (RuntimeException notRecorded) {
                    e.addSuppressed(notRecorded); // the run's own failure is what the user needs to see
                }
                throw e;
            }
            long ms = (System.nanoTime() - t0) / 1_000_000;
            Path written = result.runDir() != null ? result.runDir() : artifact;
            long id = store.insert(RunRecords.of(kind, config, result, started, ms, null,
                    written == null ? null : written.toString()));
            return new Outcome(result, id, "recorded as run " + id + " in " + store.file() + " (see: runs show " + id + ")");
        }
    }
}
