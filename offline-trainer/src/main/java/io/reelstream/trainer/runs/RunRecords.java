package io.reelstream.trainer.runs;

import io.reelstream.trainer.TrainingPipeline;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.eval.ModelEvaluation;
import io.reelstream.trainer.rating.RatingErrors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Builds {@link RunRecord}s from the trainer's config and results: the one place metric names are made. */
public final class RunRecords {
    private RunRecords() {}

    /** Every config key with its value and origin. */
    public static Map<String, RunRecord.Param> params(TrainerConfig config) {
        Map<String, RunRecord.Param> out = new LinkedHashMap<>();
        config.values().forEach((k, v) -> out.put(k, new RunRecord.Param(v, config.origins().get(k))));
        return out;
    }

    /** The ranking metric key of a model at K, e.g. als.ndcg@10. */
    public static String rankingKey(String model, String metric, int k) {
        return model + "." + metric + "@" + k;
    }

    /** {model}.{recall,precision,ndcg,coverage,diversity}@K and {rating model}.{rmse,mae}, each under prefix (may be empty). */
    public static List<RunRecord.Metric> metrics(String prefix, List<ModelEvaluation> evaluations, List<RatingErrors> ratingErrors) {
        List<RunRecord.Metric> out = new ArrayList<>();
        for (ModelEvaluation e : evaluations) {
            int k = e.k();
            out.add(new RunRecord.Metric(prefix + rankingKey(e.model(), "ndcg", k), null, e.ndcg()));
            out.add(new RunRecord.Metric(prefix + rankingKey(e.model(), "recall", k), null, e.recall()));
            out.add(new RunRecord.Metric(prefix + rankingKey(e.model(), "precision", k), null, e.precision()));
            out.add(new RunRecord.Metric(prefix + rankingKey(e.model(), "coverage", k), null, e.coverage()));
            out.add(new RunRecord.Metric(prefix + rankingKey(e.model(), "diversity", k), null, e.diversity()));
        }
        for (RatingErrors r : ratingErrors) {
            out.add(new RunRecord.Metric(prefix + ratingKey(r.model()) + ".rmse", null, r.rmse()));
            out.add(new RunRecord.Metric(prefix + ratingKey(r.model()) + ".mae", null, r.mae()));
        }
        return out;
    }

    /** "biased MF" → biased_mf. */
    public static String ratingKey(String model) {
        return model.toLowerCase(Locale.ROOT).replace(' ', '_');
    }

    /**
     * A train or evaluate run: its config, and (when it got that far) the pipeline's result; a run
     * that failed has result null and its reason.
     */
    public static RunRecord of(String kind, TrainerConfig config, TrainingPipeline.Result result, Instant started,
                               long durationMs, String reason, String artifact) {
        String fingerprint = null;
        String dataDir = config.dataDir().toAbsolutePath().normalize().toString();
        Map<String, Long> timings = new LinkedHashMap<>();
        List<RunRecord.Metric> metrics = new ArrayList<>();
        if (result != null) {
            Object data = result.manifest().get("data");
            if (data instanceof Map<?, ?> d && d.get("fingerprint") != null) fingerprint = String.valueOf(d.get("fingerprint"));
            if (result.manifest().get("timingsMs") instanceof Map<?, ?> t) {
                t.forEach((stage, ms) -> timings.put(String.valueOf(stage), ((Number) ms).longValue()));
            }
            metrics.addAll(metrics("", result.evaluations(), result.ratingErrors()));
        }
        String slice = config.finalEvaluation() && config.splitMode() == io.reelstream.trainer.split.SplitMode.TEMPORAL
                ? "test" : "validation";
        return new RunRecord(0, kind, null, null, reason == null ? "finished" : "failed", reason, started.toString(), durationMs,
                config.tuneModel(), dataDir, fingerprint, config.splitMode().name().toLowerCase(Locale.ROOT), slice,
                config.als().seed(), CodeVersion.current(), artifact, params(config), metrics, timings);
    }
}
