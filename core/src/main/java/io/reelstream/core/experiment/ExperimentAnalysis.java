package io.reelstream.core.experiment;

import static io.reelstream.core.experiment.ArmStats.Format.p;
import static io.reelstream.core.experiment.ArmStats.Format.signedPercent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Everything {@code experiments status} and {@code GET /experiments/{id}} show about one experiment at
 * one look: per-arm counts and rates, the difference and relative lift with their (1 − α) intervals,
 * the fixed-horizon z-test, the always-valid (mSPRT) p-value, and the outcome of the
 * {@link DecisionRule} with the {@link Reason} for it. Flat numeric components so the record serializes
 * as a JSON bean as is; NaN where a number is undefined (an arm without trials).
 *
 * <p>Building one is cheap (no text): {@link #summary()} and {@link #explain()} format on demand.
 * {@link #sequentialPValue} is the running value the caller keeps and passes back as
 * {@code previousSequentialP} at the next look. {@link #toDecision} gives the Avro record for the
 * experiment, {@link #details} the numbers for a registry {@code StageTransition}.
 */
public record ExperimentAnalysis(
        String metric,
        long controlTrials, long controlSuccesses, double controlRate,
        long treatmentTrials, long treatmentSuccesses, double treatmentRate,
        double difference, double differenceLow, double differenceHigh,
        double lift, double liftLow, double liftHigh,
        double z, double pValue,
        double sequentialPValue,
        long minSamples, double minLift, double alpha,
        Outcome outcome,
        Reason reason) {

    /** Which branch of the {@link DecisionRule} gave the outcome; {@link #explain()} renders it with the numbers. */
    public enum Reason {
        /** INCONCLUSIVE: an arm has fewer than minSamples trials. */
        WAITING_FOR_SAMPLES,
        /** INCONCLUSIVE: the always-valid p-value is not below α. */
        NOT_SIGNIFICANT,
        /** INCONCLUSIVE: significant, and the lift is in [0, minLift). */
        BELOW_MIN_LIFT,
        /** PROMOTE_TREATMENT: significant and lift ≥ minLift. */
        TREATMENT_BETTER,
        /** KEEP_CONTROL: significant and lift &lt; 0. */
        TREATMENT_WORSE
    }

    /** The control arm's counts. */
    public ArmStats control() {
        return new ArmStats(controlTrials, controlSuccesses);
    }

    /** The treatment arm's counts. */
    public ArmStats treatment() {
        return new ArmStats(treatmentTrials, treatmentSuccesses);
    }

    /** True for PROMOTE_TREATMENT or KEEP_CONTROL: the experiment can end. */
    public boolean decided() {
        return outcome != Outcome.INCONCLUSIVE;
    }

    /**
     * One line, e.g. {@code hit_rate control 1200/10000 = 12.00% | treatment 1420/10000 = 14.20% |
     * lift +18.33% [95% CI +9.10%, +28.41%] | p 4.0e-06 | always-valid p 0.0021 | PROMOTE_TREATMENT:
     * lift +18.33% >= +5.0% and always-valid p 0.0021 < 0.05}.
     */
    public String summary() {
        return metric + " control " + control() + " | treatment " + treatment()
                + " | lift " + signedPercent(lift, 2) + " [" + TwoProportionZTest.level(alpha) + " CI "
                + signedPercent(liftLow, 2) + ", " + signedPercent(liftHigh, 2) + "]"
                + " | p " + p(pValue) + " | always-valid p " + p(sequentialPValue)
                + " | " + outcome + ": " + explain();
    }

    /**
     * Why the outcome, with its numbers: {@code treatment better: lift +18.33% >= +5.0% and always-valid
     * p 0.0021 < 0.05}, {@code waiting for 1000 trials per arm (control 800, treatment 790)}, ...
     */
    public String explain() {
        String a = plain(alpha);
        return switch (reason) {
            case WAITING_FOR_SAMPLES -> "waiting for " + minSamples + " trials per arm (control " + controlTrials
                    + ", treatment " + treatmentTrials + ")";
            case NOT_SIGNIFICANT -> "not significant: always-valid p " + p(sequentialPValue) + " >= " + a;
            case BELOW_MIN_LIFT -> "significant but below the bar: lift " + signedPercent(lift, 2) + " < "
                    + signedPercent(minLift, 1);
            case TREATMENT_BETTER -> "treatment better: lift " + signedPercent(lift, 2) + " >= " + signedPercent(minLift, 1)
                    + " and always-valid p " + p(sequentialPValue) + " < " + a;
            case TREATMENT_WORSE -> "treatment worse: lift " + signedPercent(lift, 2) + " and always-valid p "
                    + p(sequentialPValue) + " < " + a;
        };
    }

    /** 0.05 → "0.05" (shortest round-trip form). */
    private static String plain(double x) {
        return java.math.BigDecimal.valueOf(x).stripTrailingZeros().toPlainString();
    }

    @Override
    public String toString() {
        return summary();
    }

    /**
     * The numbers behind the decision for a registry StageTransition's {@code details} (map of
     * double), in a fixed order: control.trials, control.successes, control.rate, treatment.*,
     * lift, lift.low, lift.high, difference, difference.low, difference.high, z, p.value,
     * p.sequential, min.samples, min.lift, alpha.
     */
    public Map<String, Double> details() {
        Map<String, Double> d = new LinkedHashMap<>();
        d.put("control.trials", (double) controlTrials);
        d.put("control.successes", (double) controlSuccesses);
        d.put("control.rate", controlRate);
        d.put("treatment.trials", (double) treatmentTrials);
        d.put("treatment.successes", (double) treatmentSuccesses);
        d.put("treatment.rate", treatmentRate);
        d.put("lift", lift);
        d.put("lift.low", liftLow);
        d.put("lift.high", liftHigh);
        d.put("difference", difference);
        d.put("difference.low", differenceLow);
        d.put("difference.high", differenceHigh);
        d.put("z", z);
        d.put("p.value", pValue);
        d.put("p.sequential", sequentialPValue);
        d.put("min.samples", (double) minSamples);
        d.put("min.lift", minLift);
        d.put("alpha", alpha);
        return d;
    }
}
