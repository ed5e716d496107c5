package io.reelstream.core.experiment;


/**
 * The one entry point of the experiment statistics: counts in, {@link ExperimentAnalysis} out.
 * Runs the fixed-horizon {@link TwoProportionZTest}, advances the always-valid {@link Msprt} p-value
 * and applies the {@link DecisionRule}. Pure and O(1): cheap enough to call on every change of an
 * arm's counts.
 */
public final class ExperimentStats {
    private ExperimentStats() {}

    /**
     * Analyses the cumulative counts of both arms (OnlineMetrics' positives, shownSwipes, hits).
     *
     * @param metric              "hit_rate" (hits / positives) or "like_rate" (hits / shownSwipes)
     * @param minSamples          trials per arm before any decision
     * @param minLift             relative lift needed to promote (0.05 = 5 % better)
     * @param alpha               significance level of both tests
     * @param previousSequentialP the always-valid p-value returned by the previous look (1.0 at the first)
     * @throws IllegalArgumentException for an unknown metric (naming the choices), inconsistent
     *                                  counts or a parameter out of range
     */
    public static ExperimentAnalysis analyze(long controlPositives, long controlShownSwipes, long controlHits,
                                             long treatmentPositives, long treatmentShownSwipes, long treatmentHits,
                                             String metric, long minSamples, double minLift, double alpha,
                                             double previousSequentialP) {
        Metric m = Metric.parse(metric);
        return analyze(m.arm(controlPositives, controlShownSwipes, controlHits, "control"),
                m.arm(treatmentPositives, treatmentShownSwipes, treatmentHits, "treatment"), m,
                DecisionRule.of(minSamples, minLift, alpha), previousSequentialP);
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
        Outcome outcome = switch (reason) {
            case TREATMENT_BETTER -> Outcome.PROMOTE_TREATMENT;
            case TREATMENT_WORSE -> Outcome.KEEP_CONTROL;
            default -> Outcome.INCONCLUSIVE;
        };
        return new ExperimentAnalysis(metric.wireName(),
                control.trials(), control.successes(), control.rate(),
                treatment.trials(), treatment.successes(), treatment.rate(),
                fixed.difference(), fixed.differenceLow(), fixed.differenceHigh(),
                fixed.lift(), fixed.liftLow(), fixed.liftHigh(),
                fixed.z(), fixed.pValue(), seqP,
                rule.minSamples(), rule.minLift(), rule.alpha(), outcome, reason);
    }
}
