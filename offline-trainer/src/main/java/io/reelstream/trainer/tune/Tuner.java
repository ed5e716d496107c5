package io.reelstream.trainer.tune;

import io.reelstream.trainer.PipelineListener;
import io.reelstream.trainer.PreparedData;
import io.reelstream.trainer.TrainingPipeline;
import io.reelstream.trainer.config.ConfigException;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.io.BadInputException;
import io.reelstream.trainer.runs.CodeVersion;
import io.reelstream.trainer.runs.RunRecord;
import io.reelstream.trainer.runs.RunRecords;
import io.reelstream.trainer.runs.RunStore;
import io.reelstream.trainer.split.SplitMode;
import io.reelstream.trainer.tune.search.GridSampler;
import io.reelstream.trainer.tune.search.MedianPruner;
import io.reelstream.trainer.tune.search.RandomSampler;
import io.reelstream.trainer.tune.search.Sampler;
import io.reelstream.trainer.tune.search.SearchSpace;
import io.reelstream.trainer.tune.search.Study;
import io.reelstream.trainer.tune.search.TpeSampler;
import io.reelstream.trainer.tune.search.TrialRecord;
import io.reelstream.trainer.tune.search.TrialState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tune run end to end: load and split the data once; search the space (trials fit on train,
 * scored on validation, recorded as they finish in trials.jsonl and the runs store); refit the
 * chosen config on train (validation figures, also a check that the trial reproduces) and on
 * train+validation (test figures, looked at once); the same two for the base config; write
 * best.properties, tune.json and report.html.
 */
public final class Tuner {
    private static final Logger LOG = LoggerFactory.getLogger(Tuner.class);
    /**
     * Time kept free before the deadline for the refits after the search: the chosen config twice
     * (train, train+validation) at about its trial's time, the base config twice at about a mean
     * trial's time. Refits run alone on every thread while trials share them, which pays for the
     * refits' extra models (popularity, content, rating predictors).
     */
    static final Study.Reserve REFIT_RESERVE = finished -> {
        long best = Study.best(finished).map(TrialRecord::durationNanos).orElse(0L);
        double mean = finished.stream().filter(TrialRecord::complete).mapToLong(TrialRecord::durationNanos).average().orElse(0);
        return 2 * best + (long) (2 * mean);
    };

    /** Where progress goes: a line per finished trial, and the stages after the search. */
    public interface Progress {
        Progress NONE = new Progress() { };

        default void onTrial(TrialRecord trial, Study.Progress progress, String line) { }

        default void onStage(String line) { }
    }

    /** The refits' per-iteration lines and tables go to DEBUG: the command prints the tables once, at the end. */
    private static final PipelineListener QUIET = new PipelineListener() {
        @Override
        public boolean showsAlsIterations() {
            return true;
        }

        @Override
        public boolean showsEvaluationTable() {
            return true;
        }
    };

    private final TrainerConfig base;
    private final SearchSpace space;
    private final String spaceSource;
    private final TuneSettings settings;
    private final Progress progress;

    /**
     * @param base        every trial's starting point (data, split, K, and every key the space leaves alone)
     * @param spaceSource the space file, or the default resource's name, for the records
     */
    public Tuner(TrainerConfig base, SearchSpace space, String spaceSource, TuneSettings settings, Progress progress) {
        if (base.finalEvaluation()) {
            throw new BadInputException("tune scores trials on validation and the chosen config once on test by itself:"
                    + " leave split.final=false (no --final)");
        }
        this.base = base.with(TrainerConfig.THREADS_CONFIG, settings.threads());
        this.space = space;
        this.spaceSource = spaceSource;
        this.settings = settings;
        this.progress = progress == null ? Progress.NONE : progress;
    }

    /** Runs the search and the refits, writes the files into outDir, records into store (may be null). */
    public TuneResult run(Path outDir, RunStore store) {
        long start = System.nanoTime();
        long deadline = settings.budget() == null ? Long.MAX_VALUE : start + settings.budget().toNanos();
        Instant startedAt = Instant.now();
        TuneFiles files = TuneFiles.create(outDir);

        PreparedData.Loaded loaded = PreparedData.load(base, PipelineListener.NONE);
        Duration loadTime = Duration.ofNanos(System.nanoTime() - start);
        if (System.nanoTime() >= deadline) {
            throw new BadInputException("--budget " + TuneSettings.format(settings.budget()) + " is too small for one trial:"
                    + " loading the data alone took " + TuneSettings.format(loadTime));
        }
        PreparedData.Split split = PreparedData.split(loaded, base, PipelineListener.NONE);
        TrialData data = new TrialData(split);
        String fingerprint = loaded.fingerprint();
        String dataDir = base.dataDir().toAbsolutePath().normalize().toString();

        long tuneRunId = store == null ? 0 : store.insert(tuneRecord(startedAt, dataDir, fingerprint, outDir));
        Map<Integer, Long> trialRunIds = new ConcurrentHashMap<>();
        TuneObjective objective = new TuneObjective(base, data, settings.threadsPerTrial(), settings.pruneEvery());
        Study study = new Study(space, sampler(), settings.pruneEvery() > 0 ? MedianPruner.defaults() : null, System::nanoTime);
        Study.Result result;
        try {
            result = study.optimize(objective, new Study.Settings(settings.trials(), settings.batch(), settings.parallelTrials(),
                    deadline, REFIT_RESERVE), new Study.Listener() {
                        @Override
                        public void onTrialFinished(TrialRecord trial, Study.Progress p) {
                            Long id = store == null ? null : store.insert(trialRecord(trial, tuneRunId, dataDir, fingerprint));
                            if (id != null) trialRunIds.put(trial.number(), id);
                            files.appendTrial(trial, space, id);
                            progress.onTrial(trial, p, progressLine(trial, p));
                        }
                    });
        } catch (RuntimeException e) {
            failTuneRun(store, tuneRunId, start, e.getMessage());
            throw e;
        }
        if (result.best().isEmpty()) {
            String reason = noTrialReason(result, loadTime);
            failTuneRun(store, tuneRunId, start, reason);
            throw new BadInputException(reason);
        }
        TrialRecord best = result.best().get();
        TrainerConfig bestConfig = base.with(space.assignment(best.params()));
        progress.onStage(String.format(Locale.ROOT, "search done: %d trials (%s) in %s; best trial %d, NDCG@%d %.4f on validation",
                result.trials().size(), counts(result.trials()), TuneSettings.format(Duration.ofNanos(result.elapsedNanos())),
                best.number(), base.evalK(), best.value()));

        progress.onStage("refitting the chosen config on train (validation) and train+validation (test)");
        long refitStart = System.nanoTime();
        TrainingPipeline.Result validation = evaluate(bestConfig, false, loaded, outDir.resolve("validation"));
        double reproduced = ndcgOf(validation, bestConfig.tuneModel());
        if (!Double.isNaN(reproduced) && Math.abs(reproduced - best.value()) > 1e-9) {
            LOG.warn("the refit of trial {} scores NDCG {} on validation, the trial scored {}: not reproducible", best.number(),
                    reproduced, best.value());
        }
        TrainingPipeline.Result test = evaluate(bestConfig, true, loaded, outDir.resolve("test"));
        long refitNanos = System.nanoTime() - refitStart;
        TrainingPipeline.Result baseValidation = null;
        TrainingPipeline.Result baseTest = null;
        if (bestConfig.values().equals(base.values())) {
            baseValidation = validation;
            baseTest = test;
        } else if (System.nanoTime() + refitNanos <= deadline) { // the same two refits for the base config, if they fit
            progress.onStage("refitting the base config (the untuned comparison)");
            baseValidation = evaluate(base, false, loaded, outDir.resolve("base-validation"));
            baseTest = evaluate(base, true, loaded, outDir.resolve("base-test"));
        } else {
            progress.onStage("the base config is not refit: the budget has no room for it");
        }

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        TuneResult tuned = new TuneResult(base, space, spaceSource, settings, dataDir, fingerprint, loaded.data().ratings().size(),
                result, best, bestConfig, validation, test, baseValidation, baseTest, Map.copyOf(trialRunIds), tuneRunId, elapsed,
                loadTime);
        files.writeBest(tuned);
        files.writeSummary(tuned);
        files.writeReport(tuned);
        if (store != null) {
            List<RunRecord.Metric> metrics = new ArrayList<>();
            metrics.addAll(RunRecords.metrics("validation.", validation.evaluations(), validation.ratingErrors()));
            metrics.addAll(RunRecords.metrics("test.", test.evaluations(), test.ratingErrors()));
            if (baseValidation != null) {
                metrics.addAll(RunRecords.metrics("base.validation.", baseValidation.evaluations(), baseValidation.ratingErrors()));
                metrics.addAll(RunRecords.metrics("base.test.", baseTest.evaluations(), baseTest.ratingErrors()));
            }
            metrics.add(new RunRecord.Metric("best.trial", null, best.number()));
            Map<String, Long> timings = new LinkedHashMap<>();
            timings.put("loadMs", loadTime.toMillis());
            timings.put("searchMs", result.elapsedNanos() / 1_000_000);
            timings.put("totalMs", elapsed.toMillis());
            store.finish(tuneRunId, "finished", null, elapsed.toMillis(), outDir.toString(), metrics, timings);
        }
        return tuned;
    }

    private Sampler sampler() {
        return switch (settings.search()) {
            case GRID -> new GridSampler(settings.seed());
            case RANDOM -> new RandomSampler(settings.seed());
            case BAYESIAN -> new TpeSampler(settings.seed());
        };
    }

    /** Fits and scores every model of the trainer (the chosen kind beside popularity and content) on the loaded data. */
    private TrainingPipeline.Result evaluate(TrainerConfig config, boolean finalSplit, PreparedData.Loaded loaded, Path reportDir) {
        TrainerConfig c = config.with(TrainerConfig.SPLIT_FINAL_CONFIG, finalSplit);
        return new TrainingPipeline(c, QUIET, loaded).evaluateOnly(reportDir);
    }

    static double ndcgOf(TrainingPipeline.Result result, String model) {
        return result.evaluations().stream().filter(e -> e.model().equals(model)).mapToDouble(e -> e.ndcg()).findFirst()
                .orElse(Double.NaN);
    }

    private String noTrialReason(Study.Result result, Duration loadTime) {
        List<TrialRecord> trials = result.trials();
        if (result.stopReason() == Study.StopReason.BUDGET) {
            TrialRecord first = trials.isEmpty() ? null : trials.get(0);
            String stoppedAt = first == null ? "" : " the first trial was stopped after "
                    + TuneSettings.format(Duration.ofNanos(first.durationNanos())) + (first.lastStep() < 0 ? ""
                    : " at iteration " + first.lastStep()) + ";";
            return "--budget " + TuneSettings.format(settings.budget()) + " is too small for one trial: loading took "
                    + TuneSettings.format(loadTime) + ";" + stoppedAt + " give a larger --budget";
        }
        TrialRecord first = trials.get(0);
        return "all " + trials.size() + " trials failed; the first (" + space.assignment(first.params()) + "): " + first.reason();
    }

    private void failTuneRun(RunStore store, long id, long start, String reason) {
        if (store == null || id == 0) return;
        try {
            store.finish(id, "failed", reason, (System.nanoTime() - start) / 1_000_000, null, List.of(), Map.of());
        } catch (RuntimeException e) {
            LOG.warn("could not mark tune run {} failed: {}", id, e.getMessage());
        }
    }

    private RunRecord tuneRecord(Instant startedAt, String dataDir, String fingerprint, Path outDir) {
        Map<String, RunRecord.Param> params = RunRecords.params(base);
        params.put("tune.search", new RunRecord.Param(settings.search().label(), "tune"));
        params.put("tune.trials", new RunRecord.Param(String.valueOf(settings.trials()), "tune"));
        params.put("tune.budget", new RunRecord.Param(settings.budget() == null ? "none" : settings.budget().toString(), "tune"));
        params.put("tune.seed", new RunRecord.Param(String.valueOf(settings.seed()), "tune"));
        params.put("tune.batch", new RunRecord.Param(String.valueOf(settings.batch()), "tune"));
        params.put("tune.prune.every", new RunRecord.Param(String.valueOf(settings.pruneEvery()), "tune"));
        params.put("tune.space", new RunRecord.Param(spaceSource, "tune"));
        return new RunRecord(0, RunRecord.TUNE, null, null, "running", null, startedAt.toString(), 0, base.tuneModel(), dataDir,
                fingerprint, splitName(), "validation", base.als().seed(), CodeVersion.current(), outDir.toString(), params,
                List.of(), Map.of());
    }

    private RunRecord trialRecord(TrialRecord trial, long tuneRunId, String dataDir, String fingerprint) {
        Map<String, String> assignment = space.assignment(trial.params());
        Map<String, RunRecord.Param> params;
        String model = base.tuneModel();
        long seed = base.als().seed();
        try {
            TrainerConfig c = base.with(assignment);
            params = RunRecords.params(c);
            model = c.tuneModel();
            seed = c.als().seed();
        } catch (ConfigException e) { // the trial failed on its config; keep what it asked for
            params = RunRecords.params(base);
        }
        for (Map.Entry<String, String> e : assignment.entrySet()) {
            params.put(e.getKey(), new RunRecord.Param(e.getValue(), "searched"));
        }
        int k = base.evalK();
        String key = RunRecords.rankingKey(model, "ndcg", k);
        List<RunRecord.Metric> metrics = new ArrayList<>();
        trial.intermediate().forEach((step, v) -> metrics.add(new RunRecord.Metric(key, step, v)));
        if (trial.complete()) {
            metrics.add(new RunRecord.Metric(key, null, trial.value()));
            for (String a : List.of(TuneObjective.RECALL, TuneObjective.PRECISION, TuneObjective.COVERAGE)) {
                if (trial.attributes().get(a) instanceof Number n) {
                    metrics.add(new RunRecord.Metric(RunRecords.rankingKey(model, a, k), null, n.doubleValue()));
                }
            }
        }
        String status = switch (trial.state()) {
            case COMPLETE -> "finished";
            case PRUNED -> "pruned";
            case FAILED -> "failed";
            case CANCELLED -> "cancelled";
        };
        Instant started = Instant.now().minusNanos(trial.durationNanos());
        return new RunRecord(0, RunRecord.TRIAL, tuneRunId, trial.number(), status, trial.reason(), started.toString(),
                trial.durationNanos() / 1_000_000, model, dataDir, fingerprint, splitName(), "validation", seed,
                CodeVersion.current(), null, params, metrics, Map.of("trialMs", trial.durationNanos() / 1_000_000));
    }

    private String splitName() {
        return base.splitMode() == SplitMode.TEMPORAL ? "temporal" : "last1";
    }

    private String progressLine(TrialRecord t, Study.Progress p) {
        String outcome = switch (t.state()) {
            case COMPLETE -> String.format(Locale.ROOT, "NDCG@%d %.4f", base.evalK(), t.value());
            case PRUNED -> "pruned at iteration " + t.lastStep();
            case CANCELLED -> "cancelled (budget)";
            case FAILED -> "failed: " + t.reason();
        };
        String best = p.best().map(b -> String.format(Locale.ROOT, "best %.4f (trial %d)", b.value(), b.number())).orElse("no best yet");
        return String.format(Locale.ROOT, "trial %d/%d  %-26s %5.1f s | %s | %s elapsed, ETA %s", p.finished(), p.planned(), outcome,
                t.durationNanos() / 1e9, best, TuneSettings.format(Duration.ofNanos(p.elapsedNanos())),
                TuneSettings.format(Duration.ofNanos(p.etaNanos())));
    }

    static String counts(List<TrialRecord> trials) {
        Map<TrialState, Integer> n = new LinkedHashMap<>();
        for (TrialState s : TrialState.values()) n.put(s, 0);
        for (TrialRecord t : trials) n.merge(t.state(), 1, Integer::sum);
        List<String> parts = new ArrayList<>();
        n.forEach((s, c) -> {
            if (c > 0) parts.add(c + " " + s.label());
        });
        return String.join(", ", parts);
    }

    /** Wraps an IOException from writing outputs (one line at the CLI). */
    static UncheckedIOException writeFailure(Path file, IOException e) {
        return new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
    }
}
