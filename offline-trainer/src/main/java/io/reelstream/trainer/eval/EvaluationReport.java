package io.reelstream.trainer.eval;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.reelstream.trainer.rating.RatingErrors;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The evaluation's outputs: one table of every model (console), per-user rows (CSV) and the
 * summary (JSON, also embedded in the run's manifest).
 */
public final class EvaluationReport {
    public static final String PER_USER_CSV = "eval_per_user.csv";
    public static final String SUMMARY_JSON = "eval_summary.json";

    private EvaluationReport() {}

    /** A fixed-width table, one row per model. */
    public static String table(List<ModelEvaluation> results, String sliceDescription) {
        StringBuilder sb = new StringBuilder();
        int k = results.isEmpty() ? 0 : results.get(0).k();
        sb.append("evaluation (").append(sliceDescription).append(")").append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "%-12s %7s %10s %10s %10s %10s %10s%n", "model", "users",
                "Recall@" + k, "Prec@" + k, "NDCG@" + k, "Cov@" + k, "ILD@" + k));
        for (ModelEvaluation e : results) {
            sb.append(String.format(Locale.ROOT, "%-12s %7d %10.4f %10.4f %10.4f %10.4f %10.4f%n", e.model(), e.users(),
                    e.recall(), e.precision(), e.ndcg(), e.coverage(), e.diversity()));
        }
        return sb.toString();
    }

    /** model → {k, users, recall, precision, ndcg, coverage, diversity}. */
    public static Map<String, Object> summary(List<ModelEvaluation> results) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (ModelEvaluation e : results) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("k", e.k());
            m.put("users", e.users());
            m.put("recall", e.recall());
            m.put("precision", e.precision());
            m.put("ndcg", e.ndcg());
            m.put("coverage", e.coverage());
            m.put("genreDiversity", e.diversity());
            out.put(e.model(), m);
        }
        return out;
    }

    /** model → {ratings, rmse, mae}, for the rating predictors. */
    public static Map<String, Object> ratingSummary(List<RatingErrors> errors) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (RatingErrors e : errors) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("ratings", e.ratings());
            m.put("rmse", e.rmse());
            m.put("mae", e.mae());
            out.put(e.model(), m);
        }
        return out;
    }

    /** Writes PER_USER_CSV and SUMMARY_JSON (with the given context, e.g. split and slice) into dir. */
    public static void write(Path dir, List<ModelEvaluation> results, Map<String, Object> context) throws IOException {
        write(dir, results, List.of(), context);
    }

    /** {@link #write(Path, List, Map)} with the rating predictors' RMSE/MAE in the summary ("rating"). */
    public static void write(Path dir, List<ModelEvaluation> results, List<RatingErrors> ratingErrors,
                             Map<String, Object> context) throws IOException {
        Files.createDirectories(dir);
        try (BufferedWriter out = Files.newBufferedWriter(dir.resolve(PER_USER_CSV), StandardCharsets.UTF_8)) {
            out.write("model,userId,relevant,hits,recall,precision,ndcg,genreDiversity\n");
            for (ModelEvaluation e : results) {
                ModelEvaluation.PerUser p = e.perUser();
                for (int i = 0; i < p.userId().length; i++) {
                    out.write(String.format(Locale.ROOT, "%s,%d,%d,%d,%.6f,%.6f,%.6f,%.6f%n", e.model(), p.userId()[i],
                            p.relevant()[i], p.hits()[i], p.recall()[i], p.precision()[i], p.ndcg()[i], p.diversity()[i]));
                }
            }
        }
        Map<String, Object> json = new LinkedHashMap<>(context);
        json.put("models", summary(results));
        if (!ratingErrors.isEmpty()) json.put("rating", ratingSummary(ratingErrors));
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(SUMMARY_JSON).toFile(), json);
    }
}
