package io.reelstream.core.experiment;

/**
 * The mixture sequential probability ratio test (mSPRT) of Johari, Koomen, Pekelis and Walsh
 * ("Peeking at A/B tests", KDD 2017), the test behind Optimizely's Stats Engine: an always-valid
 * p-value for H0: p_A = p_B that may be looked at after every swipe without inflating the false
 * positive rate. O(1) per look.
 *
 * <pre>
 *   θ̂ = p̂_B − p̂_A                                   the difference of the two rates
 *   V  = p̄(1 − p̄)(1/n_A + 1/n_B),  p̄ pooled        estimated variance of θ̂ under H0
 *   θ ~ N(0, τ²)                                     the mixing distribution over the difference
 *   Λ_n = √(V / (V + τ²)) · exp(τ² θ̂² / (2V(V + τ²)))   mixture likelihood ratio, normal approximation
 *   p_n = min(p_{n−1}, 1/Λ_n),  p_0 = 1               always-valid p-value
 * </pre>
 * Under H0, Λ_n is (asymptotically) a non-negative martingale with mean 1, so by Ville's inequality
 * P(∃n: Λ_n ≥ 1/α) ≤ α: rejecting when p_n < α holds the false-positive rate at α however often,
 * and whenever, the result is looked at. The price is sample size: at the same α a fixed-horizon
 * test that is looked at once needs fewer samples (see lifecycle/README.md, "Statistics").
 *
 * <p>V is pooled because it is the variance under the null being tested (the unpooled plug-in
 * collapses to 0 when an arm has a rate of 0 or 1 after a few trials and then makes Λ explode);
 * under an alternative the pooled V is slightly larger, which only makes the test conservative.
 *
 * <p>τ (the spread of the effects the test is tuned to find) is relative to the pooled rate:
 * τ = τ_rel · p̄. Λ, for a given θ̂ and V, is largest at τ² = θ̂² − V, and V ≪ θ̂² by the time an
 * effect is detected, so the test is fastest on effects of about ±τ; effects much smaller than τ
 * are found late, much larger ones a little later than the optimum. {@link #DEFAULT_TAU_RELATIVE}
 * = 0.10 sits between the product's 5 % promotion bar and the 10–20 % lifts a retrained model
 * typically shows; {@code ExperimentSimulationTest} sweeps 0.05–0.20 (all hold A/A below α; 0.15–0.20
 * decide a +15 % lift about 7 % sooner, 0.05 is 40 % slower). Deriving τ from
 * p̄ (a plug-in, like V) keeps the test free of a per-metric setting; p̄ settles within the first
 * few hundred trials.
 */
public final class Msprt {
    /** Default τ_rel: the mixing standard deviation over the difference is 10 % of the pooled rate. */
    public static final double DEFAULT_TAU_RELATIVE = 0.10;

    private Msprt() {}

    /**
     * ln Λ = ½ ln(V/(V + τ²)) + τ²θ̂² / (2V(V + τ²)), in logs so a large Λ cannot overflow.
     * 0 (Λ = 1, no evidence) when V or τ² is not positive.
     */
    public static double logLikelihoodRatio(double thetaHat, double variance, double tau2) {
        if (!(variance > 0) || !(tau2 > 0)) return 0.0;
        double sum = variance + tau2;
        return 0.5 * Math.log(variance / sum) + tau2 * thetaHat * thetaHat / (2 * variance * sum);
    }

    /** τ² = (τ_rel · p̄)². */
    public static double tauSquared(double pooledRate, double tauRelative) {
        double tau = tauRelative * pooledRate;
        return tau * tau;
    }

    /**
     * min(1, 1/Λ_n) at these counts alone, before taking the running minimum; 1 without trials. May
     * underflow to 0 for an overwhelming effect (ln Λ &gt; 745), which is still a valid previous p.
     */
    public static double instantP(ArmStats control, ArmStats treatment, double tauRelative) {
        checkTau(tauRelative);
        long nA = control.trials(), nB = treatment.trials();
        if (nA == 0 || nB == 0) return 1.0;
        double thetaHat = treatment.rate() - control.rate();
        double pooled = (control.successes() + treatment.successes()) / (double) (nA + nB);
        double v = pooled * (1 - pooled) * (1.0 / nA + 1.0 / nB);
        double logLambda = logLikelihoodRatio(thetaHat, v, tauSquared(pooled, tauRelative));
        return Math.min(1.0, Math.exp(-logLambda));
    }

    /**
     * The stateless step p_n = min(p_{n−1}, 1/Λ_n). The caller keeps p between looks (1.0 before the
     * first); a lost previous p may be restarted at 1.0, which is still valid, only slower to reject.
     */
    public static double alwaysValidP(ArmStats control, ArmStats treatment, double previousP, double tauRelative) {
        checkPrevious(previousP);
        return Math.min(previousP, instantP(control, treatment, tauRelative));
    }

    static void checkPrevious(double previousP) {
        if (!(previousP >= 0 && previousP <= 1)) {
            throw new IllegalArgumentException("previous always-valid p-value must be in [0, 1] (1.0 before the first look), got "
                    + previousP);
        }
    }

    static void checkTau(double tauRelative) {
        if (!(tauRelative > 0) || Double.isInfinite(tauRelative)) {
            throw new IllegalArgumentException("mSPRT tau (relative to the pooled rate) must be a finite number > 0, got "
                    + tauRelative);
        }
    }

    /**
     * The small state holder: the running always-valid p-value of one experiment. Not thread-safe;
     * one per experiment, fed the cumulative counts at every look.
     */
    public static final class Running {
        private final double tauRelative;
        private double p;

        /** A fresh sequence at p = 1 with τ_rel = {@link #DEFAULT_TAU_RELATIVE}. */
        public Running() {
            this(DEFAULT_TAU_RELATIVE, 1.0);
        }

        /** A sequence resumed at a stored p (e.g. the last ExperimentDecision.sequentialPValue). */
        public Running(double tauRelative, double resumeP) {
            checkTau(tauRelative);
            checkPrevious(resumeP);
            this.tauRelative = tauRelative;
            this.p = resumeP;
        }

        /** One look at the cumulative counts; returns the updated always-valid p-value. */
        public double update(ArmStats control, ArmStats treatment) {
            p = alwaysValidP(control, treatment, p, tauRelative);
            return p;
        }

        /** The always-valid p-value after the last look. */
        public double p() {
            return p;
        }

        @Override
        public String toString() {
            return "mSPRT(tau=" + tauRelative + "*p, p=" + ArmStats.Format.p(p) + ")";
        }
    }
}
