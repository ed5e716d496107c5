package io.reelstream.trainer.runs;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/** The runs commands' tables: a list of runs, one run in full, several runs side by side. */
public final class RunsReport {
    private RunsReport() {}

    /** One line per run, newest first: what it was, on what, and its headline NDCG. */
    public static String list(List<RunRecord> runs) {
        if (runs.isEmpty()) return "no runs recorded" + System.lineSeparator();
        TextTable t = new TextTable("ID", "KIND", "STATUS", "STARTED (UTC)", "SECONDS", "DATA", "SPLIT", "SLICE", "SEED", "MODEL",
                "NDCG", "NOTE");
        for (RunRecord r : runs) {
            t.row(r.id(), r.kind(), r.status(), started(r.startedAt()), String.format(Locale.ROOT, "%.1f", r.durationMs() / 1000.0),
                    data(r), r.split(), r.scoredSlice(), r.seed(), r.model(), format(headline(r)), note(r));
        }
        return t.toString();
    }

    /** Every field, the params (non-default ones unless all), final metrics, intermediate values by step, timings. */
    public static String show(RunRecord r, boolean allParams) {
        StringBuilder sb = new StringBuilder();
        String nl = System.lineSeparator();
        sb.append("run ").append(r.id()).append(" (").append(r.kind()).append(", ").append(r.status()).append(")").append(nl);
        TextTable fields = new TextTable("FIELD", "VALUE");
        fields.row("started (UTC)", r.startedAt());
        fields.row("duration", String.format(Locale.ROOT, "%.1f s", r.durationMs() / 1000.0));
        if (r.reason() != null) fields.row("reason", r.reason());
        if (r.parentId() != null) fields.row("tune run", r.parentId() + (r.trialNumber() == null ? "" : ", trial " + r.trialNumber()));
        fields.row("model", r.model());
        fields.row("data", r.dataDir());
        fields.row("data fingerprint", r.dataFingerprint());
        fields.row("split / scored slice", r.split() + " / " + r.scoredSlice());
        fields.row("seed (als.seed)", r.seed());
        fields.row("code version", r.codeVersion());
        if (r.artifact() != null) fields.row("output", r.artifact());
        sb.append(fields);

        TextTable params = new TextTable("PARAM", "VALUE", "FROM");
        int hidden = 0;
        for (Map.Entry<String, RunRecord.Param> e : r.params().entrySet()) {
            if (!allParams && "default".equals(e.getValue().origin())) {
                hidden++;
                continue;
            }
            params.row(e.getKey(), e.getValue().value(), e.getValue().origin());
        }
        sb.append(nl);
        if (!params.isEmpty()) sb.append(params);
        if (hidden > 0) sb.append(hidden).append(" more params at their defaults (--all shows them)").append(nl);

        Map<String, Double> finals = r.finalMetrics();
        if (!finals.isEmpty()) {
            TextTable metrics = new TextTable("METRIC", "VALUE");
            finals.forEach((k, v) -> metrics.row(k, format(v)));
            sb.append(nl).append(metrics);
        }
        Map<String, TreeMap<Integer, Double>> byStep = new LinkedHashMap<>();
        for (RunRecord.Metric m : r.metrics()) {
            if (m.step() != null) byStep.computeIfAbsent(m.key(), k -> new TreeMap<>()).put(m.step(), m.value());
        }
        byStep.forEach((key, steps) -> {
            sb.append(nl).append(key).append(" by step:");
            steps.forEach((step, v) -> sb.append(' ').append(step).append(": ").append(format(v)));
            sb.append(nl);
        });
        if (!r.timingsMs().isEmpty()) {
            TextTable timings = new TextTable("STAGE", "MS");
            r.timingsMs().forEach(timings::row);
            sb.append(nl).append(timings);
        }
        return sb.toString();
    }

    /** Runs side by side: their fields, the params that differ (all with allParams), every final metric; a delta for two runs. */
    public static String compare(List<RunRecord> runs, boolean allParams) {
        String nl = System.lineSeparator();
        boolean two = runs.size() == 2;
        List<String> header = new ArrayList<>(List.of(""));
        for (RunRecord r : runs) header.add("run " + r.id());
        if (two) header.add("DELTA (2 - 1)");
        StringBuilder sb = new StringBuilder();

        TextTable fields = new TextTable(header.toArray(String[]::new));
        fields.row(cells("kind", runs, RunRecord::kind, two));
        fields.row(cells("status", runs, RunRecord::status, two));
        fields.row(cells("model", runs, RunRecord::model, two));
        fields.row(cells("data fingerprint", runs, r -> shortHash(r.dataFingerprint()), two));
        fields.row(cells("split / slice", runs, r -> r.split() + " / " + r.scoredSlice(), two));
        fields.row(cells("seed", runs, r -> String.valueOf(r.seed()), two));
        fields.row(cells("code version", runs, RunRecord::codeVersion, two));
        fields.row(cells("seconds", runs, r -> String.format(Locale.ROOT, "%.1f", r.durationMs() / 1000.0), two));
        sb.append(fields);
        Set<String> dataPrints = new LinkedHashSet<>();
        for (RunRecord r : runs) dataPrints.add(String.valueOf(r.dataFingerprint()));
        if (dataPrints.size() > 1) sb.append("note: the runs read different data (fingerprints differ)").append(nl);

        Set<String> keys = new LinkedHashSet<>();
        for (RunRecord r : runs) keys.addAll(r.params().keySet());
        TextTable params = new TextTable(header.toArray(String[]::new));
        int same = 0;
        for (String key : keys) {
            List<String> values = new ArrayList<>();
            for (RunRecord r : runs) values.add(r.params().containsKey(key) ? r.params().get(key).value() : "-");
            if (!allParams && new LinkedHashSet<>(values).size() == 1) {
                same++;
                continue;
            }
            List<Object> row = new ArrayList<>();
            row.add(key);
            row.addAll(values);
            if (two) row.add(numericDelta(values.get(0), values.get(1)));
            params.row(row.toArray());
        }
        sb.append(nl);
        if (!params.isEmpty()) sb.append(params);
        if (same > 0) sb.append(same).append(" params equal in every run (--all shows them)").append(nl);

        Set<String> metricKeys = new LinkedHashSet<>();
        for (RunRecord r : runs) metricKeys.addAll(r.finalMetrics().keySet());
        if (!metricKeys.isEmpty()) {
            TextTable metrics = new TextTable(header.toArray(String[]::new));
            for (String key : metricKeys) {
                List<Object> row = new ArrayList<>();
                row.add(key);
                for (RunRecord r : runs) row.add(format(r.metric(key)));
                if (two) {
                    double d = runs.get(1).metric(key) - runs.get(0).metric(key);
                    row.add(Double.isNaN(d) ? "" : String.format(Locale.ROOT, "%+.4f", d));
                }
                metrics.row(row.toArray());
            }
            sb.append(nl).append(metrics);
        }
        return sb.toString();
    }

    /** The run's main figure: NDCG@K of its model on its slice (for a tune run: the chosen config's validation figure). */
    static double headline(RunRecord r) {
        String prefix = RunRecord.TUNE.equals(r.kind()) ? "validation." : "";
        for (Map.Entry<String, Double> e : r.finalMetrics().entrySet()) {
            if (e.getKey().startsWith(prefix + r.model() + ".ndcg@")) return e.getValue();
        }
        return Double.NaN;
    }

    private static String note(RunRecord r) {
        if (RunRecord.TRIAL.equals(r.kind())) {
            String n = "trial " + r.trialNumber() + " of run " + r.parentId();
            return r.reason() == null ? n : n + ": " + truncate(r.reason(), 60);
        }
        if (RunRecord.TUNE.equals(r.kind())) {
            for (Map.Entry<String, Double> e : r.finalMetrics().entrySet()) {
                if (e.getKey().startsWith("test." + r.model() + ".ndcg@")) return "test " + format(e.getValue());
            }
        }
        return r.reason() == null ? "" : truncate(r.reason(), 60);
    }

    private static Object[] cells(String label, List<RunRecord> runs, java.util.function.Function<RunRecord, String> f, boolean two) {
        List<Object> row = new ArrayList<>();
        row.add(label);
        for (RunRecord r : runs) row.add(f.apply(r));
        if (two) row.add(Objects.equals(f.apply(runs.get(0)), f.apply(runs.get(1))) ? "" : "differs");
        return row.toArray();
    }

    private static String numericDelta(String a, String b) {
        try {
            double d = Double.parseDouble(b) - Double.parseDouble(a);
            return d == 0 ? "" : String.format(Locale.ROOT, "%+.4g", d);
        } catch (NumberFormatException e) {
            return a.equals(b) ? "" : "differs";
        }
    }

    private static String data(RunRecord r) {
        String dir = r.dataDir() == null ? "?" : String.valueOf(Path.of(r.dataDir()).getFileName());
        return r.dataFingerprint() == null ? dir : dir + " " + shortHash(r.dataFingerprint());
    }

    private static String shortHash(String h) {
        return h == null ? "-" : h.substring(0, Math.min(8, h.length()));
    }

    private static String started(String iso) {
        if (iso == null) return "";
        String s = iso.replace('T', ' ');
        int dot = s.indexOf('.');
        return (dot > 0 ? s.substring(0, dot) : s).replace("Z", "");
    }

    static String format(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max - 1) + "…";
    }
}
