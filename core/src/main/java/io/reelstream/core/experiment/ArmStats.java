package io.reelstream.core.experiment;

import java.util.Locale;

/**
 * One arm's proportion: {@code successes} out of {@code trials} (hits out of positives for hit_rate).
 * The rate is NaN when there are no trials.
 */
public record ArmStats(long trials, long successes) {
    public ArmStats {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("arm counts must satisfy 0 <= successes <= trials, got "
                    + successes + " successes of " + trials + " trials");
        }
    }

    /** successes / trials, NaN without trials. */
    public double rate() {
        return trials == 0 ? Double.NaN : successes / (double) trials;
    }

    /** {@code 1420/10000 = 14.20%}. */
    @Override
    public String toString() {
        return successes + "/" + trials + " = " + Format.percent(rate(), 2);
    }

    /** Number formatting shared by the one-line summaries (ASCII, Locale.ROOT, NaN as n/a). */
    static final class Format {
        private Format() {}

        static String percent(double share, int decimals) {
            if (Double.isNaN(share)) return "n/a";
            if (Double.isInfinite(share)) return share > 0 ? "+inf" : "-inf";
            return String.format(Locale.ROOT, "%." + decimals + "f%%", 100 * share);
        }

        static String signedPercent(double share, int decimals) {
            if (Double.isNaN(share)) return "n/a";
            if (Double.isInfinite(share)) return share > 0 ? "+inf" : "-inf";
            return String.format(Locale.ROOT, "%+." + decimals + "f%%", 100 * share);
        }

        /** A p-value with 4 significant decimals, or {@code <1e-6}. */
        static String p(double p) {
            if (Double.isNaN(p)) return "n/a";
            if (p < 1e-6) return "<1e-6";
            return String.format(Locale.ROOT, p < 0.001 ? "%.1e" : "%.4f", p);
        }
    }
}
