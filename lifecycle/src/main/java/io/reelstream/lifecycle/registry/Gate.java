package io.reelstream.lifecycle.registry;

import io.reelstream.schemas.ModelRegistryEntry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The promotion gate: a candidate may replace production when its offline metric is not worse
 * than production's by more than the relative margin, both measured on a comparable evaluation.
 *
 * <pre>
 *   c = candidate.offlineMetrics[metricKey(candidate.kind)],  p = production.offlineMetrics[metricKey(production.kind)]
 *   comparable  ⇔  both present, and every comparable key has the same value in both (absent in both counts as equal)
 *   passed      ⇔  comparable ∧ c ≥ p · (1 − margin)          (c ≥ p when p ≤ 0)
 *   relative change = (c − p) / p
 * </pre>
 * Each version is measured by its own serving kind's metric (an itemitem candidate's itemitem.ndcg
 * against an als production's als.ndcg): the gate compares what users would get.
 */
public final class Gate {
    private Gate() {}

    /**
     * The gate's verdict and its numbers.
     *
     * @param problems why the two are not comparable (empty when they are)
     * @param details  the numbers recorded in the transition's details
     */
    public record Result(boolean passed, boolean comparable, String candidate, String candidateKey, Double candidateValue,
                         String production, String productionKey, Double productionValue, double margin,
                         Double relativeChange, List<String> problems, Map<String, Double> details) {
        public Result {
            problems = List.copyOf(problems);
            details = Map.copyOf(details);
        }

        /** One line with the numbers, e.g. "run_b als.ndcg 0.0950 vs production run_a als.ndcg 0.0906: +4.9 % (margin 1.0 %)". */
        public String summary() {
            String numbers = candidate + " " + candidateKey + " " + number(candidateValue) + " vs production " + production
                    + " " + productionKey + " " + number(productionValue);
            if (!comparable) return numbers + ": not comparable (" + String.join("; ", problems) + ")";
            String change = relativeChange == null ? "" : String.format(Locale.ROOT, ": %+.1f %%", 100 * relativeChange);
            return numbers + change + String.format(Locale.ROOT, " (margin %.1f %%)", 100 * margin);
        }
    }

    public static Result evaluate(RegistryPolicy policy, ModelRegistryEntry candidate, ModelRegistryEntry production) {
        String cKey = policy.metricKey(candidate.getKind());
        String pKey = policy.metricKey(production.getKind());
        Double c = candidate.getOfflineMetrics().get(cKey);
        Double p = production.getOfflineMetrics().get(pKey);
        List<String> problems = new ArrayList<>();
        Map<String, Double> details = new TreeMap<>();
        if (c == null) problems.add(candidate.getModelVersion() + " has no offline metric " + cKey);
        else details.put("candidate." + cKey, c);
        if (p == null) problems.add("production " + production.getModelVersion() + " has no offline metric " + pKey);
        else details.put("production." + pKey, p);
        for (String key : policy.comparableKeys()) {
            String cv = context(candidate, key);
            String pv = context(production, key);
            putNumber(details, "candidate." + key, cv);
            putNumber(details, "production." + key, pv);
            if (cv == null && pv == null) continue;
            if (cv == null || !cv.equals(pv)) {
                problems.add(key + " " + (cv == null ? "absent" : cv) + " vs " + (pv == null ? "absent" : pv));
            }
        }
        boolean comparable = problems.isEmpty();
        Double relative = c != null && p != null && p > 0 ? (c - p) / p : null;
        boolean passed = comparable && (p > 0 ? c >= p * (1 - policy.gateMargin()) : c >= p);
        details.put("gate.margin", policy.gateMargin());
        details.put("gate.comparable", comparable ? 1.0 : 0.0);
        details.put("gate.passed", passed ? 1.0 : 0.0);
        if (relative != null) details.put("gate.relative.change", relative);
        return new Result(passed, comparable, candidate.getModelVersion(), cKey, c, production.getModelVersion(), pKey, p,
                policy.gateMargin(), relative, problems, details);
    }

    /** A context value, normalised so that 10, "10" and 10.0 (or true and 1) compare equal; null when absent. */
    static String context(ModelRegistryEntry e, String key) {
        Double metric = e.getOfflineMetrics().get(key);
        if (metric != null) return normalise(Double.toString(metric));
        String config = e.getLineage().getConfig().get(key);
        return config == null ? null : normalise(config);
    }

    private static String normalise(String value) {
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("true")) return "1";
        if (v.equals("false")) return "0";
        try {
            double d = Double.parseDouble(v);
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        } catch (NumberFormatException notANumber) {
            return v;
        }
    }

    private static void putNumber(Map<String, Double> details, String key, String value) {
        if (value == null) return;
        try {
            details.put(key, Double.parseDouble(value));
        } catch (NumberFormatException notANumber) {
            // a text context value (split.mode = temporal) is named in the problems, not in the numbers
        }
    }

    private static String number(Double v) {
        return v == null ? "(none)" : String.format(Locale.ROOT, "%.4f", v);
    }
}
