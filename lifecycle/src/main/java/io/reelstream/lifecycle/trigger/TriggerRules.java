package io.reelstream.lifecycle.trigger;

import io.reelstream.lifecycle.drift.Psi;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The four retraining rules, each a pure function of its config and the {@link Observations}; no
 * cooldown here ({@link RetrainTriggers} adds it). O(windows + readings).
 *
 * <pre>
 *   quality-drop    counted  = windows with trials ≥ minWindowTrials
 *                   ref      = the given reference rate, else Σ successes / Σ trials of the first
 *                              referenceWindows counted windows (which then are not candidates)
 *                   fires when the last K counted windows that start at or after the last training
 *                   all have rate &lt; fraction · ref
 *   drift           fires when max PSI over the readings with ≥ minSwipes recent swipes &gt; threshold
 *   feedback-count  fires when new swipes since the last training ≥ minNewSwipes
 *   schedule        fires when now − lastTrainingAt ≥ interval
 * </pre>
 */
public final class TriggerRules {
    private TriggerRules() {}

    /** Production's windowed quality below a fraction of its reference for K consecutive windows. */
    public static TriggerEvaluation qualityDrop(TriggerConfig.QualityDrop c, Observations o) {
        String head = "quality-drop: " + c.metric();
        List<QualityWindow> counted = new ArrayList<>();
        for (QualityWindow w : o.productionWindows()) if (w.trials() >= c.minWindowTrials()) counted.add(w);

        double reference;
        String referenceText;
        List<QualityWindow> candidates;
        if (!Double.isNaN(o.referenceRate())) {
            reference = o.referenceRate();
            referenceText = "reference " + rate(reference);
            candidates = counted;
        } else {
            int n = c.referenceWindows();
            if (counted.size() < n) {
                return quiet(TriggerKind.QUALITY_DROP, Double.NaN, Double.NaN, head + " reference needs " + n + " windows of >= "
                        + c.minWindowTrials() + " trials, have " + counted.size());
            }
            long t = 0, s = 0;
            for (QualityWindow w : counted.subList(0, n)) {
                t += w.trials();
                s += w.successes();
            }
            reference = s / (double) t;
            referenceText = "reference " + rate(reference) + " = first " + n + " windows";
            candidates = counted.subList(n, counted.size());
        }
        double threshold = c.fraction() * reference;
        String bar = rate(threshold) + " (" + percent(c.fraction()) + " of " + referenceText + ")";

        List<QualityWindow> sinceTraining = new ArrayList<>();
        for (QualityWindow w : candidates) if (w.windowStart() >= o.lastTrainingAt()) sinceTraining.add(w);
        if (sinceTraining.isEmpty()) {
            return quiet(TriggerKind.QUALITY_DROP, Double.NaN, threshold, head + ": no window of >= " + c.minWindowTrials()
                    + " trials since " + o.lastRunId() + " to compare with " + bar);
        }
        int low = 0; // trailing run of low windows, newest backwards
        for (int i = sinceTraining.size() - 1; i >= 0 && sinceTraining.get(i).rate() < threshold; i--) low++;
        int k = c.consecutiveWindows();
        QualityWindow latest = sinceTraining.get(sinceTraining.size() - 1);
        if (low >= k) {
            String rates = sinceTraining.subList(sinceTraining.size() - k, sinceTraining.size()).stream()
                    .map(w -> rate(w.rate())).collect(Collectors.joining(", "));
            return new TriggerEvaluation(TriggerKind.QUALITY_DROP, true, true, latest.rate(), threshold,
                    head + " below " + bar + " in the last " + k + " windows since " + o.lastRunId() + ": " + rates);
        }
        return quiet(TriggerKind.QUALITY_DROP, latest.rate(), threshold, head + " " + low + " of " + k
                + " consecutive windows below " + bar + "; latest " + rate(latest.rate()) + " over " + latest.trials()
                + " trials");
    }

    /** The recent swipes' PSI against the training data above a threshold. */
    public static TriggerEvaluation drift(TriggerConfig.Drift c, Observations o) {
        if (o.drift().isEmpty()) return quiet(TriggerKind.DRIFT, Double.NaN, c.psiThreshold(), "drift: no PSI reading yet");
        Psi.Result max = null;
        long most = 0;
        for (Psi.Result r : o.drift()) {
            most = Math.max(most, r.actualTotal());
            if (r.actualTotal() >= c.minSwipes() && (max == null || r.psi() > max.psi())) max = r;
        }
        if (max == null) {
            return quiet(TriggerKind.DRIFT, Double.NaN, c.psiThreshold(), "drift: waiting for " + c.minSwipes()
                    + " recent swipes since " + o.lastRunId() + " (have " + most + ")");
        }
        String all = o.drift().stream().map(r -> r.name() + " " + psi(r.psi())).collect(Collectors.joining(", "));
        boolean met = max.psi() > c.psiThreshold();
        String text = "drift: " + max.name() + " PSI " + psi(max.psi()) + (met ? " > " : " <= ") + plain(c.psiThreshold())
                + " over " + max.actualTotal() + " swipes since " + o.lastRunId() + " (" + all + ")";
        return new TriggerEvaluation(TriggerKind.DRIFT, met, met, max.psi(), c.psiThreshold(), text);
    }

    /** New swipes since the last training at least a threshold. */
    public static TriggerEvaluation feedbackCount(TriggerConfig.FeedbackCount c, Observations o) {
        boolean met = o.newSwipesSinceTraining() >= c.minNewSwipes();
        return new TriggerEvaluation(TriggerKind.FEEDBACK_COUNT, met, met, o.newSwipesSinceTraining(), c.minNewSwipes(),
                "feedback-count: " + o.newSwipesSinceTraining() + " new swipes since " + o.lastRunId() + " (threshold "
                        + c.minNewSwipes() + ")");
    }

    /** At least an interval since the last training. */
    public static TriggerEvaluation schedule(TriggerConfig.Schedule c, Observations o) {
        long elapsed = o.now() - o.lastTrainingAt();
        boolean met = elapsed >= c.intervalMs();
        return new TriggerEvaluation(TriggerKind.SCHEDULE, met, met, elapsed, c.intervalMs(), "schedule: "
                + Durations.format(elapsed) + " since " + o.lastRunId() + " (interval " + Durations.format(c.intervalMs()) + ")");
    }

    private static TriggerEvaluation quiet(TriggerKind kind, double value, double threshold, String text) {
        return new TriggerEvaluation(kind, false, false, value, threshold, text);
    }

    static String rate(double r) {
        return String.format(Locale.ROOT, "%.4f", r);
    }

    static String psi(double p) {
        return String.format(Locale.ROOT, "%.4f", p);
    }

    static String percent(double f) {
        return java.math.BigDecimal.valueOf(100 * f).stripTrailingZeros().toPlainString() + "%";
    }

    static String plain(double x) {
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }
}
