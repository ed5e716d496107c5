package io.reelstream.lifecycle.stats;

import io.reelstream.schemas.ArmCounts;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentDecision;
import io.reelstream.schemas.ExperimentOutcome;

/**
 * The one entry point of the experiment statistics: counts in, {@link ExperimentAnalysis} out.
 * Runs the fixed-horizon {@link TwoProportionZTest}, advances the always-valid {@link Msprt} p-value
 * and applies the {@link DecisionRule}. Pure and O(1): cheap enough to call on every change of an
 * arm's counts.
 */
public final class ExperimentStats {
    private ExperimentStats() {}

    /**
     * Analyses the cumulative counts of both arms.
     *
     * @param control             the control arm's cumulative counts (OnlineMetrics.cumulative)
     * @param treatment           the treatment arm's cumulative counts
     * @param metric              "hit_rate" (hits / positives) or "like_rate" (hits / shownSwipes)
     * @param minSamples          trials per arm before any decision
     * @param minLift             relative lift needed to promote (0.05 = 5 % better)
     * @param alpha               significance level of both tests
     * @param previousSequentialP the always-valid p-value returned by the previous look (1.0 at the first)
     * @throws IllegalArgumentException for an unknown metric (naming the choices), inconsistent
     *                                  counts or a parameter out of range
     */
    public static ExperimentAnalysis analyze(ArmCounts control, ArmCounts treatment, String metric, long minSamples,
                                             double minLift, double alpha, double previousSequentialP) {
        Metric m = Metric.parse(metric);
        return analyze(arm(m, control, "control"), arm(m, treatment, "treatment"), m,
                DecisionRule.of(minSamples, minLift, alpha), previousSequentialP);
    }

    /**
     * Analyses an experiment record's arms with its own metric and rule. The previous always-valid
     * p-value is the one in its decision when it has one, else 1.0 (a fresh sequence: still valid).
     */
    public static ExperimentAnalysis analyze(Experiment experiment, ArmCounts control, ArmCounts treatment) {
        Metric m = Metric.parse(experiment.getMetric());
        ExperimentDecision last = experiment.getDecision();
        double previous = last == null ? 1.0 : last.getSequentialPValue();
        return analyze(arm(m, control, "control"), arm(m, treatment, "treatment"), m, DecisionRule.of(experiment),
                previous);
    }

    /** The core: two arms' trials and successes, a metric name for the report, a rule, the previous p. */
    public static ExperimentAnalysis analyze(ArmStats control, ArmStats treatment, Metric metric, DecisionRule rule,
                                             double previousSequentialP) {
        TwoProportionZTest.Result fixed = TwoProportionZTest.test(control, treatment, rule.alpha());
        double seqP = Msprt.alwaysValidP(control, treatment, previousSequentialP, rule.tauRelative());

        // DecisionRule: minSamples on both arms, then the always-valid p, then the lift's point estimate.
        ExperimentAnalysis.Reason reason;
        if (control.trials() < rule.minSamples() || treatment.trials() < rule.minSamples()) {
            reason = ExperimentAnalysis.Reason.WAITING_FOR_SAMPLES;
        } else if (!(seqP < rule.alpha())) {
            reason = ExperimentAnalysis.Reason.NOT_SIGNIFICANT;
        } else if (fixed.lift() >= rule.minLift()) {
            reason = ExperimentAnalysis.Reason.TREATMENT_BETTER;
        } else if (fixed.lift() < 0) {
            reason = ExperimentAnalysis.Reason.TREATMENT_WORSE;
        } else {
            reason = ExperimentAnalysis.Reason.BELOW_MIN_LIFT;
        }
        ExperimentOutcome outcome = switch (reason) {
            case TREATMENT_BETTER -> ExperimentOutcome.PROMOTE_TREATMENT;
            case TREATMENT_WORSE -> ExperimentOutcome.KEEP_CONTROL;
            default -> ExperimentOutcome.INCONCLUSIVE;
        };
        return new ExperimentAnalysis(metric.wireName(),
                control.trials(), control.successes(), control.rate(),
                treatment.trials(), treatment.successes(), treatment.rate(),
                fixed.difference(), fixed.differenceLow(), fixed.differenceHigh(),
                fixed.lift(), fixed.liftLow(), fixed.liftHigh(),
                fixed.z(), fixed.pValue(), seqP,
                rule.minSamples(), rule.minLift(), rule.alpha(), outcome, reason);
    }

    private static ArmStats arm(Metric metric, ArmCounts counts, String name) {
        if (counts == null) throw new IllegalArgumentException(name + " arm counts are missing");
        long trials = metric.trials(counts), successes = metric.successes(counts);
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException(name + " arm: " + metric + " needs 0 <= hits <= "
                    + (metric == Metric.HIT_RATE ? "positives" : "shownSwipes") + ", got " + successes + " of " + trials);
        }
        return new ArmStats(trials, successes);
    }
}
