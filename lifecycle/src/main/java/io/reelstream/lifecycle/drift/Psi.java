package io.reelstream.lifecycle.drift;

import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Population Stability Index between a reference distribution (the training data, "expected") and
 * a recent one (the swipe stream, "actual") over the same bins. O(bins).
 *
 * <pre>
 *   e_i = max(E_i / ΣE, ε),  a_i = max(A_i / ΣA, ε)          shares, ε = 1e-4 for an empty bin
 *   PSI = Σ_i (a_i − e_i) · ln(a_i / e_i)                     ≥ 0, 0 iff the shares agree
 * </pre>
 * Every term is ≥ 0 (a − e and ln(a/e) share their sign), so PSI is the symmetric Kullback–Leibler
 * divergence KL(a‖e) + KL(e‖a). The usual reading: &lt; 0.1 no shift, 0.1–0.2 moderate, &gt; 0.2
 * significant. ε keeps an empty bin finite: a bin that held nothing in training and 1 % of recent
 * swipes adds (0.01 − 0.0001)·ln(100) ≈ 0.046; 5 % adds ≈ 0.31.
 *
 * <p>Sampling noise: to second order PSI ≈ Σ (a − e)²/e, a chi-square statistic divided by the
 * sample size, so two samples of one distribution show on average
 * {@code noise = (bins − 1)·(1/ΣE + 1/ΣA)} — 0.01 for 11 bins and 1000 recent swipes. Compare PSI
 * with a threshold only once the recent sample is large enough for the noise to be well below it.
 */
public final class Psi {
    /** Share given to an empty bin. */
    public static final double EPSILON = 1e-4;
    /** Below this: no shift. */
    public static final double STABLE_BELOW = 0.1;
    /** Above this: a significant shift (the usual retraining threshold). */
    public static final double SIGNIFICANT_ABOVE = 0.2;

    private Psi() {}

    /** The usual reading of a PSI value. */
    public enum Level {
        STABLE, MODERATE, SIGNIFICANT;

        public static Level of(double psi) {
            return psi < STABLE_BELOW ? STABLE : psi <= SIGNIFICANT_ABOVE ? MODERATE : SIGNIFICANT;
        }
    }

    /**
     * One comparison: the bins' labels, counts and shares on both sides, each bin's term of the sum,
     * the PSI and the expected sampling noise at these sample sizes.
     */
    public record Result(String name, String[] labels, long[] expectedCounts, long[] actualCounts,
                         double[] expectedShares, double[] actualShares, double[] contributions, double psi,
                         double noise) {
        public Level level() {
            return Level.of(psi);
        }

        public long expectedTotal() {
            return Arrays.stream(expectedCounts).sum();
        }

        public long actualTotal() {
            return Arrays.stream(actualCounts).sum();
        }

        /**
         * {@code preference-mix PSI 0.2312 SIGNIFICANT (10000 recent vs 100000 reference, noise 0.0003;
         * top: -2 10.0%->20.0% +0.0693, +2 40.0%->25.0% +0.0705)}: the two bins that moved it most.
         */
        @Override
        public String toString() {
            String top = IntStream.range(0, labels.length).boxed()
                    .sorted(Comparator.comparingDouble((Integer i) -> -contributions[i])).limit(2)
                    .map(i -> String.format(Locale.ROOT, "%s %.1f%%->%.1f%% %+.4f", labels[i], 100 * expectedShares[i],
                            100 * actualShares[i], contributions[i]))
                    .collect(Collectors.joining(", "));
            return String.format(Locale.ROOT, "%s PSI %.4f %s (%d recent vs %d reference, noise %.4f; top: %s)", name, psi,
                    level(), actualTotal(), expectedTotal(), noise, top);
        }
    }

    /** PSI of two share vectors (each summing to 1; entries below ε are raised to ε). */
    public static double psi(double[] expectedShares, double[] actualShares) {
        if (expectedShares.length != actualShares.length || expectedShares.length == 0) {
            throw new IllegalArgumentException("PSI needs the same non-zero number of bins on both sides, got "
                    + expectedShares.length + " and " + actualShares.length);
        }
        double sum = 0;
        for (int i = 0; i < expectedShares.length; i++) sum += term(expectedShares[i], actualShares[i]);
        return sum;
    }

    /** (a − e)·ln(a/e) with both shares floored at ε. */
    static double term(double expectedShare, double actualShare) {
        double e = Math.max(expectedShare, EPSILON), a = Math.max(actualShare, EPSILON);
        return (a - e) * Math.log(a / e);
    }

    /** Counts to shares, empty bins at ε; rejects negative counts and an empty side (naming it). */
    public static double[] shares(long[] counts, String side) {
        long total = 0;
        for (long c : counts) {
            if (c < 0) throw new IllegalArgumentException(side + " counts must be >= 0, got " + Arrays.toString(counts));
            total += c;
        }
        if (total == 0) throw new IllegalArgumentException(side + " counts are all zero: nothing to compare");
        double[] s = new double[counts.length];
        for (int i = 0; i < counts.length; i++) s[i] = Math.max(counts[i] / (double) total, EPSILON);
        return s;
    }

    /** The full comparison of reference counts against recent counts, bin by bin. */
    public static Result compare(String name, String[] labels, long[] expectedCounts, long[] actualCounts) {
        if (labels.length != expectedCounts.length || labels.length != actualCounts.length || labels.length == 0) {
            throw new IllegalArgumentException(name + ": labels, reference and recent counts need the same non-zero length, got "
                    + labels.length + ", " + expectedCounts.length + ", " + actualCounts.length);
        }
        double[] e = shares(expectedCounts, name + " reference");
        double[] a = shares(actualCounts, name + " recent");
        double[] c = new double[labels.length];
        double psi = 0;
        for (int i = 0; i < c.length; i++) {
            c[i] = term(e[i], a[i]);
            psi += c[i];
        }
        long nE = Arrays.stream(expectedCounts).sum(), nA = Arrays.stream(actualCounts).sum();
        double noise = (labels.length - 1) * (1.0 / nE + 1.0 / nA);
        return new Result(name, labels.clone(), expectedCounts.clone(), actualCounts.clone(), e, a, c, psi, noise);
    }
}
