package io.reelstream.core.experiment;

import static io.reelstream.core.experiment.ArmStats.Format.p;
import static io.reelstream.core.experiment.ArmStats.Format.signedPercent;

/**
 * The fixed-horizon two-proportion z-test of control A against treatment B, with confidence
 * intervals of the absolute difference and of the relative lift. Valid when the sample size was
 * fixed in advance and the result is looked at once; {@link Msprt} is the test that survives
 * peeking. O(1).
 *
 * <pre>
 *   p̂_A = x_A / n_A,  p̂_B = x_B / n_B,  d = p̂_B − p̂_A,  lift = p̂_B / p̂_A − 1
 *   test:  p̄ = (x_A + x_B) / (n_A + n_B)                         pooled under H0: p_A = p_B
 *          z = d / √(p̄(1 − p̄)(1/n_A + 1/n_B)),   p = P(|Z| ≥ |z|) = erfc(|z|/√2)
 *   CI of d (Wald, unpooled):  d ± z_{1−α/2} · √(p̂_A(1 − p̂_A)/n_A + p̂_B(1 − p̂_B)/n_B)
 *   CI of lift (delta method on the log ratio, "Katz"):
 *          ln r = ln(p̂_B / p̂_A),   SE(ln r)² ≈ (1 − p̂_B)/(n_B p̂_B) + (1 − p̂_A)/(n_A p̂_A)
 *                                            = 1/x_B − 1/n_B + 1/x_A − 1/n_A
 *          lift ∈ [exp(ln r − z_{1−α/2}·SE) − 1,  exp(ln r + z_{1−α/2}·SE) − 1]
 * </pre>
 * Why the log ratio and not Fieller: a ratio of two proportions is skewed (bounded below by −100 %,
 * unbounded above), its logarithm is close to normal, so the interval is asymmetric the right way
 * round, never goes below −100 %, has a closed form and is the textbook interval for a risk ratio.
 * Fieller's interval is exact-er for small denominators but turns unbounded or disjoint when the
 * control rate is itself not significantly above zero — which cannot happen at the sample sizes an
 * experiment decides at (thousands of trials per arm), where the two agree to the third digit.
 *
 * <p>Zero cells: when any of the four cells (successes or failures of either arm) is 0 the plug-in
 * variances collapse, so both intervals use the Haldane–Anscombe correction (½ added to every cell:
 * x̃ = x + ½, ñ = n + 1). A bound the data cannot give is open: control without success → the
 * lift's upper end is +∞ (and the point lift is +∞, or 0 when neither arm has a success);
 * treatment without success → the lift's lower end is −100 %. An arm without trials gives NaN
 * estimates, z = NaN and p = 1 (no evidence against H0).
 */
public final class TwoProportionZTest {
    private TwoProportionZTest() {}

    /**
     * The test's numbers. {@code difference} = p̂_B − p̂_A and {@code lift} = p̂_B/p̂_A − 1 with their
     * (1 − α) intervals; {@code z} with pooled SE; {@code pValue} two-sided.
     */
    public record Result(double difference, double differenceLow, double differenceHigh,
                         double lift, double liftLow, double liftHigh, double z, double pValue, double alpha) {
        /** {@code lift +18.33% [95% CI +9.10%, +28.41%], diff +2.20% [..], z 4.61, p 4.0e-06}. */
        @Override
        public String toString() {
            return "lift " + signedPercent(lift, 2) + " [" + level(alpha) + " CI " + signedPercent(liftLow, 2) + ", "
                    + signedPercent(liftHigh, 2) + "], diff " + signedPercent(difference, 2) + " ["
                    + signedPercent(differenceLow, 2) + ", " + signedPercent(differenceHigh, 2) + "], z "
                    + String.format(java.util.Locale.ROOT, "%.2f", z) + ", p " + p(pValue);
        }
    }

    /** {@code 95%} for α = 0.05. */
    static String level(double alpha) {
        double pct = 100 * (1 - alpha);
        // "55%", not "55.0%": integral up to the rounding of 100·(1 − α) (α = 0.45 gives 55.00000000000001)
        return (Math.abs(pct - Math.rint(pct)) < 1e-9 ? String.valueOf(Math.round(pct)) : String.format(java.util.Locale.ROOT, "%.1f", pct)) + "%";
    }

    /** The test of control (x_A of n_A) against treatment (x_B of n_B) at level α ∈ (0, 1). */
    public static Result test(ArmStats control, ArmStats treatment, double alpha) {
        checkAlpha(alpha);
        long nA = control.trials(), xA = control.successes(), nB = treatment.trials(), xB = treatment.successes();
        if (nA == 0 || nB == 0) {
            double nan = Double.NaN;
            return new Result(nan, nan, nan, nan, nan, nan, nan, 1.0, alpha);
        }
        double pA = xA / (double) nA, pB = xB / (double) nB;
        double d = pB - pA;

        // z with the pooled SE: under H0 both arms share p̄.
        double pooled = (xA + xB) / (double) (nA + nB);
        double se0 = Math.sqrt(pooled * (1 - pooled) * (1.0 / nA + 1.0 / nB));
        double z = se0 > 0 ? d / se0 : 0.0; // se0 = 0: every trial of both arms alike, d = 0
        double pValue = Normal.twoSidedP(z);

        double zq = Normal.quantile(1 - alpha / 2);
        boolean zeroCell = xA == 0 || xB == 0 || xA == nA || xB == nB;
        // Haldane–Anscombe: ½ to every cell when one is empty, so no variance collapses to 0.
        double cxA = zeroCell ? xA + 0.5 : xA, cnA = zeroCell ? nA + 1.0 : nA;
        double cxB = zeroCell ? xB + 0.5 : xB, cnB = zeroCell ? nB + 1.0 : nB;
        double qA = cxA / cnA, qB = cxB / cnB;

        // Wald interval of d (unpooled: the interval is not computed under H0).
        double seD = Math.sqrt(qA * (1 - qA) / cnA + qB * (1 - qB) / cnB);
        double dCenter = zeroCell ? qB - qA : d;
        double dLow = Math.max(-1, dCenter - zq * seD), dHigh = Math.min(1, dCenter + zq * seD);

        // Delta method on ln r: SE² = 1/x_B − 1/n_B + 1/x_A − 1/n_A.
        double seLog = Math.sqrt(1 / cxB - 1 / cnB + 1 / cxA - 1 / cnA);
        double logR = Math.log(qB / qA);
        double liftLow = Math.expm1(logR - zq * seLog), liftHigh = Math.expm1(logR + zq * seLog);
        double lift;
        if (xA == 0) {
            lift = xB == 0 ? 0.0 : Double.POSITIVE_INFINITY;
            liftHigh = Double.POSITIVE_INFINITY;
            if (xB == 0) liftLow = -1;
        } else {
            lift = pB / pA - 1;
            if (xB == 0) liftLow = -1;
        }
        return new Result(d, dLow, dHigh, lift, liftLow, liftHigh, z, pValue, alpha);
    }

    static void checkAlpha(double alpha) {
        if (!(alpha > 0 && alpha < 1)) throw new IllegalArgumentException("alpha must be in (0, 1), got " + alpha);
    }
}
