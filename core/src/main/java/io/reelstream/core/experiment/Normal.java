package io.reelstream.core.experiment;

/**
 * The standard normal distribution: the tail probabilities behind the z-test's p-value and the
 * quantile behind its confidence intervals. Pure, no allocation; at most ~45 terms per call.
 *
 * <pre>
 *   Φ(z)       = ½ · erfc(−z / √2)
 *   P(|Z| ≥ z) = erfc(|z| / √2)                     two-sided p-value of a z statistic
 *   erfc(x)    = 1 − erf(x),  erf(x) = (2/√π) e^(−x²) Σ_{n≥0} 2ⁿ x^(2n+1) / (1·3·…·(2n+1))   for 0 ≤ x &lt; 2.5
 *                (all terms positive: no cancellation inside the sum)
 *   erfc(x)    = (e^(−x²)/√π) · 1/(x + ½/(x + 1/(x + (3/2)/(x + 2/(x + …)))))   for x ≥ 2.5
 *                (continued fraction, modified Lentz; ≤ 40 terms at 2.5, fewer further out)
 *   Φ⁻¹(p)     = Acklam's rational approximation (relative error 1.2e-9), then one Halley step
 *                x ← x − u/(1 + x·u/2),  u = (Φ(x) − p)·√(2π)·e^(x²/2)
 * </pre>
 * erfc is accurate to about 1e-12 relative for every x, so a p-value of 1e-12 keeps its digits
 * instead of rounding to 0. {@code NormalTest} checks it against a slow Simpson integral of the density.
 */
public final class Normal {
    private static final double SQRT2 = Math.sqrt(2.0);
    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);
    private static final double TWO_OVER_SQRT_PI = 2.0 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_PI = 1.0 / Math.sqrt(Math.PI);
    /** erfc by the series below this x, by the continued fraction from it on. */
    private static final double SERIES_LIMIT = 2.5;

    // Acklam's coefficients for Φ⁻¹: central region |p − ½| ≤ ½ − P_LOW (A, B), and the lower tail (C, D).
    private static final double[] A = {-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02,
            1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00};
    private static final double[] B = {-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02,
            6.680131188771972e+01, -1.328068155288572e+01};
    private static final double[] C = {-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00,
            -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00};
    private static final double[] D = {7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00,
            3.754408661907416e+00};
    private static final double P_LOW = 0.02425;

    private Normal() {}

    /** Complementary error function erfc(x) = 2/√π ∫ₓ^∞ e^(−t²) dt, any real x (NaN for NaN). */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return Double.NaN;
        double ax = Math.abs(x);
        double r = ax < SERIES_LIMIT ? 1.0 - erfSeries(ax) : erfcContinuedFraction(ax);
        return x >= 0 ? r : 2.0 - r; // erfc(−x) = 2 − erfc(x)
    }

    /** erf(x), 0 ≤ x &lt; 2.5: term_n = term_{n−1} · 2x²/(2n + 1), term_0 = x. At most ~40 terms. */
    private static double erfSeries(double x) {
        double term = x, sum = x, twoX2 = 2 * x * x;
        for (int n = 1; term > 1e-17 * sum; n++) {
            term *= twoX2 / (2 * n + 1);
            sum += term;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x * x) * sum;
    }

    /** erfc(x), x ≥ 2.5: f = x + a₁/(x + a₂/(x + …)), a_k = k/2, by the modified Lentz method. */
    private static double erfcContinuedFraction(double x) {
        final double tiny = 1e-300;
        double f = x, c = x, d = 0;
        for (int k = 1; k < 200; k++) {
            double a = 0.5 * k;
            d = x + a * d;
            if (d == 0) d = tiny;
            c = x + a / c;
            if (c == 0) c = tiny;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return ONE_OVER_SQRT_PI * Math.exp(-x * x) / f;
    }

    /** Φ(z) = P(Z ≤ z). */
    public static double cdf(double z) {
        return 0.5 * erfc(-z / SQRT2);
    }

    /** P(Z ≥ z) = 1 − Φ(z), accurate in the upper tail (no cancellation). */
    public static double upperTail(double z) {
        return 0.5 * erfc(z / SQRT2);
    }

    /** Two-sided p-value of a z statistic: P(|Z| ≥ |z|) = erfc(|z|/√2); 1 for z = 0, NaN for NaN. */
    public static double twoSidedP(double z) {
        return Math.min(1.0, erfc(Math.abs(z) / SQRT2));
    }

    /**
     * Φ⁻¹(p): the z with P(Z ≤ z) = p, for p in (0, 1). {@code quantile(1 − α/2)} is the multiplier of
     * a two-sided (1 − α) interval (1.959964 at α = 0.05).
     */
    public static double quantile(double p) {
        if (!(p > 0 && p < 1)) throw new IllegalArgumentException("normal quantile needs p in (0, 1), got " + p);
        if (p > 0.5) return -quantile(1 - p); // 1 − p is exact for p ≥ ½; refine in the lower half only
        double x = acklam(p);
        // One Halley step on Φ(x) − p: Φ in the lower half is ½·erfc(−x/√2), accurate to the last digits.
        double u = (cdf(x) - p) * SQRT_2PI * Math.exp(0.5 * x * x);
        return x - u / (1 + 0.5 * x * u);
    }

    /** Acklam's approximation of Φ⁻¹(p) for p ≤ ½, relative error &lt; 1.2e-9. */
    private static double acklam(double p) {
        if (p < P_LOW) { // lower tail: q = √(−2 ln p)
            double q = Math.sqrt(-2 * Math.log(p));
            return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
                    / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
        }
        double q = p - 0.5; // central region: rational function of r = q²
        double r = q * q;
        return (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
                / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
    }
}
