package io.reelstream.core.experiment;


/**
 * The product's auto-promotion rule for one experiment (issue 13: "at least 5 % better at
 * p &lt; 0.05 with enough samples"), evaluated by {@link ExperimentStats#analyze}:
 * <pre>
 *   n_A ≥ minSamples and n_B ≥ minSamples, and then
 *   PROMOTE_TREATMENT  if  always-valid p &lt; α  and  lift ≥ minLift       (point estimate)
 *   KEEP_CONTROL       if  always-valid p &lt; α  and  lift &lt; 0
 *   INCONCLUSIVE       otherwise (too few trials, not significant, or significant but below the bar)
 * </pre>
 * "≥ 5 % better" is the point estimate of the relative lift against the bar, with significance
 * (of any difference) from the always-valid p-value — not the lower end of the lift's confidence
 * interval. Why: the always-valid p is what bounds the false-positive rate under continuous looks
 * (an A/A experiment promotes in at most α of runs, the bar only removes promotions); every
 * promoted treatment is significantly better than control, and the bar keeps the ones whose best
 * estimate is too small to be worth a switch. Requiring the CI's lower end ≥ 5 % instead tests "more
 * than 5 % better", which turns the bar into a null hypothesis and misses most treatments just above
 * it: in {@code ExperimentSimulationTest} (10 % base rate, a look every 100 trials per arm, 40 000 per
 * arm at most) a truly +8 % treatment is promoted in 80 % of runs by this rule and in 50 % by the
 * lower-bound rule, +10 % in 95 % against 77 %; at +15 % and more both promote in ≥ 99.8 % of runs
 * at the same looks, because the always-valid p, not the interval, is what takes longest. The price
 * of the point-estimate rule: a treatment truly only 2 % better is promoted in 4.8 % of runs (1.4 %
 * with the lower bound) — still a significant improvement, not a regression.
 * The lower-bound rule would also lean on the fixed-horizon interval, which is not valid under
 * peeking. The fixed-horizon p-value and interval are reported beside the decision, not used by it.
 *
 * <p>minSamples gates both decisions (Experiment.avsc: "trials per arm before any decision"): the
 * normal approximations behind both tests need a few hundred trials, and an early stop on a handful
 * of swipes would be unconvincing to anyone reading the registry.
 *
 * @param minSamples  trials per arm (the metric's denominator) before any decision, ≥ 0
 * @param minLift     relative lift the treatment must show to be promoted, ≥ 0 (0.05 = 5 % better)
 * @param alpha       significance level of both tests, in (0, 1)
 * @param tauRelative the mSPRT's mixing spread relative to the pooled rate ({@link Msprt})
 */
public record DecisionRule(long minSamples, double minLift, double alpha, double tauRelative) {
    public static final long DEFAULT_MIN_SAMPLES = 1000;
    public static final double DEFAULT_MIN_LIFT = 0.05;
    public static final double DEFAULT_ALPHA = 0.05;
    /** Experiment.avsc's defaults: 1000 trials per arm, 5 % lift, α = 0.05, τ_rel = 0.10. */
    public static final DecisionRule DEFAULT = of(DEFAULT_MIN_SAMPLES, DEFAULT_MIN_LIFT, DEFAULT_ALPHA);

    public DecisionRule {
        if (minSamples < 0) throw new IllegalArgumentException("minSamples must be >= 0 trials per arm, got " + minSamples);
        if (!(minLift >= 0) || Double.isInfinite(minLift)) {
            throw new IllegalArgumentException("minLift must be a finite relative lift >= 0 (0.05 = 5% better), got " + minLift);
        }
        TwoProportionZTest.checkAlpha(alpha);
        Msprt.checkTau(tauRelative);
    }

    /** The rule with the default τ_rel. */
    public static DecisionRule of(long minSamples, double minLift, double alpha) {
        return new DecisionRule(minSamples, minLift, alpha, Msprt.DEFAULT_TAU_RELATIVE);
    }

    @Override
    public String toString() {
        return "rule(minSamples=" + minSamples + ", minLift=" + ArmStats.Format.signedPercent(minLift, 1)
                + ", alpha=" + alpha + ", tau=" + tauRelative + "*p)";
    }
}
