package io.reelstream.lifecycle.stats;

import io.reelstream.core.experiment.DecisionRule;
import io.reelstream.core.experiment.ExperimentAnalysis;
import io.reelstream.core.experiment.ExperimentStats;
import io.reelstream.core.experiment.Metric;
import io.reelstream.schemas.ArmCounts;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentDecision;
import io.reelstream.schemas.ExperimentOutcome;

/**
 * The A/B statistics (core {@link ExperimentStats}, shared with the topology's REST) read from and
 * written to the wire records: arms' {@link ArmCounts} from online-metrics in, the
 * {@link ExperimentDecision} of an {@link Experiment} out.
 */
public final class ExperimentRecords {
    private ExperimentRecords() {}

    /** {@link ExperimentStats#analyze} on two arms' cumulative counts. */
    public static ExperimentAnalysis analyze(ArmCounts control, ArmCounts treatment, String metric, long minSamples,
                                             double minLift, double alpha, double previousSequentialP) {
        if (control == null) throw new IllegalArgumentException("control arm counts are missing");
        if (treatment == null) throw new IllegalArgumentException("treatment arm counts are missing");
        return ExperimentStats.analyze(control.getPositives(), control.getShownSwipes(), control.getHits(),
                treatment.getPositives(), treatment.getShownSwipes(), treatment.getHits(), metric, minSamples, minLift,
                alpha, previousSequentialP);
    }

    /**
     * Analyses an experiment record's arms with its own metric and rule. The previous always-valid
     * p-value is the one in its decision when it has one, else 1.0 (a fresh sequence: still valid).
     */
    public static ExperimentAnalysis analyze(Experiment experiment, ArmCounts control, ArmCounts treatment) {
        ExperimentDecision last = experiment.getDecision();
        double previous = last == null ? 1.0 : last.getSequentialPValue();
        return analyze(control, treatment, experiment.getMetric(), experiment.getMinSamples(), experiment.getMinLift(),
                experiment.getAlpha(), previous);
    }

    /** The rule an experiment record carries (minSamples, minLift, alpha), with the default τ_rel. */
    public static DecisionRule rule(Experiment experiment) {
        return DecisionRule.of(experiment.getMinSamples(), experiment.getMinLift(), experiment.getAlpha());
    }

    /** The metric an experiment is decided on. */
    public static Metric metric(Experiment experiment) {
        return Metric.parse(experiment.getMetric());
    }

    /** The Avro decision for Experiment.decision, stamped with the caller's clock; note = metric and reason. */
    public static ExperimentDecision toDecision(ExperimentAnalysis a, long decidedAt) {
        return ExperimentDecision.newBuilder()
                .setOutcome(ExperimentOutcome.valueOf(a.outcome().name()))
                .setControlTrials(a.controlTrials())
                .setControlSuccesses(a.controlSuccesses())
                .setTreatmentTrials(a.treatmentTrials())
                .setTreatmentSuccesses(a.treatmentSuccesses())
                .setLift(a.lift())
                .setLiftLow(a.liftLow())
                .setLiftHigh(a.liftHigh())
                .setPValue(a.pValue())
                .setSequentialPValue(a.sequentialPValue())
                .setDecidedAt(decidedAt)
                .setNote(a.metric() + ": " + a.explain())
                .build();
    }

    /** The wire enum of a core outcome (same names). */
    public static ExperimentOutcome outcome(ExperimentAnalysis a) {
        return ExperimentOutcome.valueOf(a.outcome().name());
    }
}
