package io.reelstream.trainer.runs;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One recorded run (MLflow's idea of a run): a train, evaluate, tune or tune-trial execution with
 * what it was given (params, with where each value came from), what it measured (metrics, a step
 * for intermediate values), how long each stage took, and what identifies its inputs and code.
 *
 * @param id          store id (0 before it is stored)
 * @param kind        train, evaluate, tune or trial
 * @param parentId    a trial's tune run, else null
 * @param trialNumber a trial's number in its tune run (0-based), else null
 * @param status      finished, pruned, failed, cancelled or running
 * @param reason      why it failed or stopped, else null
 * @param startedAt   ISO-8601 UTC
 * @param model       the model kind the run's headline metric is about (tune.model)
 * @param split       split mode (temporal, last1)
 * @param scoredSlice validation or test
 * @param seed        the ALS seed (als.seed)
 * @param artifact    what it wrote: run directory, report directory or tune output directory
 */
public record RunRecord(long id, String kind, Long parentId, Integer trialNumber, String status, String reason,
                        String startedAt, long durationMs, String model, String dataDir, String dataFingerprint,
                        String split, String scoredSlice, Long seed, String codeVersion, String artifact,
                        Map<String, Param> params, List<Metric> metrics, Map<String, Long> timingsMs) {

    public static final String TRAIN = "train";
    public static final String EVALUATE = "evaluate";
    public static final String TUNE = "tune";
    public static final String TRIAL = "trial";

    public RunRecord {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        metrics = List.copyOf(metrics);
        timingsMs = Collections.unmodifiableMap(new LinkedHashMap<>(timingsMs));
    }

    /** A config value and where it came from (default, file, env, flag, trial...). */
    public record Param(String value, String origin) {}

    /** A measured value; step is null for a final value, else the step it was reported at (e.g. ALS iteration). */
    public record Metric(String key, Integer step, double value) {}

    /** The final value of a metric, or NaN. */
    public double metric(String key) {
        for (Metric m : metrics) if (m.key().equals(key) && m.step() == null) return m.value();
        return Double.NaN;
    }

    /** The final metrics, key → value, in recorded order. */
    public Map<String, Double> finalMetrics() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Metric m : metrics) if (m.step() == null) out.put(m.key(), m.value());
        return out;
    }

    public RunRecord withId(long newId) {
        return new RunRecord(newId, kind, parentId, trialNumber, status, reason, startedAt, durationMs, model, dataDir,
                dataFingerprint, split, scoredSlice, seed, codeVersion, artifact, params, metrics, timingsMs);
    }
}
