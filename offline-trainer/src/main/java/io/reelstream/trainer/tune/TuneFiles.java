package io.reelstream.trainer.tune;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.reelstream.trainer.TrainingPipeline;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.eval.EvaluationReport;
import io.reelstream.trainer.io.BadInputException;
import io.reelstream.trainer.tune.search.SearchSpace;
import io.reelstream.trainer.tune.search.TrialRecord;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The files of a tune run's output directory:
 * <ul>
 *   <li>{@value #TRIALS} — one JSON object per trial, appended as each finishes;</li>
 *   <li>{@value #BEST} — the chosen config as trainer config keys ({@code train --config} and
 *       {@code evaluate --config} read it unchanged), with the figures in comments;</li>
 *   <li>{@value #SUMMARY} — settings, space, chosen trial, validation and test figures;</li>
 *   <li>{@value #REPORT} — the self-contained HTML report ({@link TuneReport});</li>
 *   <li>validation/, test/, base-validation/, base-test/ — the refits' evaluation reports.</li>
 * </ul>
 */
final class TuneFiles {
    static final String TRIALS = "trials.jsonl";
    static final String BEST = "best.properties";
    static final String SUMMARY = "tune.json";
    static final String REPORT = "report.html";

    /** Keys best.properties leaves out: where things go and how fast, not what is fitted. */
    private static final Set<String> NOT_IN_BEST = Set.of(TrainerConfig.MODELS_DIR_CONFIG, TrainerConfig.RUNS_STORE_CONFIG,
            TrainerConfig.THREADS_CONFIG, TrainerConfig.SPLIT_FINAL_CONFIG, TrainerConfig.EVAL_ENABLED_CONFIG,
            TrainerConfig.ALS_COMPUTE_LOSS_CONFIG);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    private TuneFiles(Path dir) {
        this.dir = dir;
    }

    /** The output directory, created; one that already holds a tune run is refused (no mixing of two runs' trials). */
    static TuneFiles create(Path dir) {
        if (Files.exists(dir.resolve(TRIALS))) {
            throw new BadInputException("--out " + dir + " already holds a tune run (" + TRIALS + "); choose another directory");
        }
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve(TRIALS), "", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new BadInputException("cannot create the tune output directory " + dir + ": " + e.getMessage(), e);
        }
        return new TuneFiles(dir);
    }

    /** One line of trials.jsonl (called as each trial finishes, one at a time). */
    void appendTrial(TrialRecord t, SearchSpace space, Long runId) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("trial", t.number());
        row.put("state", t.state().label());
        row.put("value", Double.isNaN(t.value()) ? null : t.value());
        row.put("params", space.assignment(t.params()));
        Map<String, Double> steps = new LinkedHashMap<>();
        t.intermediate().forEach((s, v) -> steps.put(String.valueOf(s), v));
        row.put("intermediate", steps);
        row.put("attributes", t.attributes());
        row.put("reason", t.reason());
        row.put("seconds", t.durationNanos() / 1e9);
        row.put("runId", runId);
        Path file = dir.resolve(TRIALS);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
            w.write(JSON.writeValueAsString(row));
            w.write('\n');
        } catch (IOException e) {
            throw Tuner.writeFailure(file, e);
        }
    }

    /** The chosen config's keys: every key not at its default, the searched keys and the seed, in config order. */
    static Map<String, String> bestKeys(TuneResult r) {
        TrainerConfig c = r.bestConfig();
        Set<String> searched = r.space().assignment(r.best().params()).keySet();
        Map<String, String> out = new LinkedHashMap<>();
        for (TrainerConfig.Key key : TrainerConfig.KEYS) {
            String name = key.name();
            if (NOT_IN_BEST.contains(name)) continue;
            boolean keep = searched.contains(name) || !"default".equals(r.base().origins().get(name))
                    || name.equals(TrainerConfig.ALS_SEED_CONFIG) || name.equals(TrainerConfig.DATA_DIR_CONFIG);
            if (!keep) continue;
            out.put(name, name.equals(TrainerConfig.DATA_DIR_CONFIG) ? c.dataDir().toAbsolutePath().normalize().toString()
                    : c.values().get(name));
        }
        // the chosen kind is what a run trained from this file serves (train announces serving.kind)
        String kind = c.tuneModel();
        if (kind.equals("als") || kind.equals("itemitem") || kind.equals("blend")) out.put(TrainerConfig.SERVING_KIND_CONFIG, kind);
        return out;
    }

    void writeBest(TuneResult r) {
        StringBuilder sb = new StringBuilder();
        String model = r.bestConfig().tuneModel();
        int k = r.base().evalK();
        sb.append(String.format(Locale.ROOT, "# reelstream tune: trial %d of %d (%s search, seed %d), %s, data fingerprint %s%n",
                r.best().number(), r.study().trials().size(), r.settings().search().label(), r.settings().seed(), r.dataDir(),
                r.dataFingerprint().substring(0, 12)));
        sb.append(String.format(Locale.ROOT, "# %s NDCG@%d: validation %.4f (fit on train), test %.4f (refit on train+validation)%n",
                model, k, r.best().value(), r.ndcg(r.test(), model)));
        if (r.baseValidation() != null) {
            sb.append(String.format(Locale.ROOT, "# base config before tuning: validation %.4f, test %.4f%n",
                    r.ndcg(r.baseValidation(), model), r.ndcg(r.baseTest(), model)));
        }
        sb.append("# use: train --config best.properties   |   evaluate --config best.properties [--final]\n");
        bestKeys(r).forEach((key, value) -> sb.append(key).append('=').append(escape(value)).append('\n'));
        write(BEST, sb.toString());
    }

    void writeSummary(TuneResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("data", Map.of("dir", r.dataDir(), "fingerprint", r.dataFingerprint(), "ratings", r.ratings()));
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("search", r.settings().search().label());
        s.put("trials", r.settings().trials());
        s.put("budgetSeconds", r.settings().budget() == null ? null : r.settings().budget().toMillis() / 1000.0);
        s.put("seed", r.settings().seed());
        s.put("threads", r.settings().threads());
        s.put("batch", r.settings().batch());
        s.put("parallelTrials", r.settings().parallelTrials());
        s.put("pruneEvery", r.settings().pruneEvery());
        m.put("settings", s);
        m.put("space", Map.of("source", r.spaceSource(), "text", r.space().describe()));
        m.put("stopReason", r.study().stopReason().name().toLowerCase(Locale.ROOT));
        m.put("trials", Tuner.counts(r.study().trials()));
        m.put("seconds", Map.of("load", r.loadTime().toMillis() / 1000.0, "search", r.study().elapsedNanos() / 1e9,
                "total", r.elapsed().toMillis() / 1000.0));
        Map<String, Object> best = new LinkedHashMap<>();
        best.put("trial", r.best().number());
        best.put("value", r.best().value());
        best.put("params", r.space().assignment(r.best().params()));
        best.put("runId", r.trialRunIds().get(r.best().number()));
        m.put("best", best);
        m.put("properties", bestKeys(r));
        m.put("validation", results(r.validation()));
        m.put("test", results(r.test()));
        m.put("baseValidation", results(r.baseValidation()));
        m.put("baseTest", results(r.baseTest()));
        m.put("tuneRunId", r.tuneRunId() == 0 ? null : r.tuneRunId());
        try {
            JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(dir.resolve(SUMMARY).toFile(), m);
        } catch (IOException e) {
            throw Tuner.writeFailure(dir.resolve(SUMMARY), e);
        }
    }

    private static Map<String, Object> results(TrainingPipeline.Result result) {
        if (result == null) return null;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("models", EvaluationReport.summary(result.evaluations()));
        m.put("rating", EvaluationReport.ratingSummary(result.ratingErrors()));
        return m;
    }

    void writeReport(TuneResult r) {
        write(REPORT, TuneReport.html(r));
    }

    private void write(String name, String text) {
        Path file = dir.resolve(name);
        try {
            Files.writeString(file, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw Tuner.writeFailure(file, e);
        }
    }

    /** A .properties value: backslashes doubled, leading spaces kept. */
    static String escape(String value) {
        String v = value.replace("\\", "\\\\");
        return v.startsWith(" ") ? "\\" + v : v;
    }

    static List<String> files() {
        return List.of(TRIALS, BEST, SUMMARY, REPORT);
    }
}
