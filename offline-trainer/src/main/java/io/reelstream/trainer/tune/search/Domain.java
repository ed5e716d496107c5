package io.reelstream.trainer.tune.search;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The values one parameter may take: an integer or float range (linear or log-uniform) or a list
 * of categorical choices. Values are {@code Long} (int ranges), {@code Double} (float ranges,
 * rounded to {@link #SIGNIFICANT_DIGITS} significant digits so a trial's value reads back
 * unchanged from its text) or {@code String} (choices).
 *
 * <p>Numeric samplers work in the range's <em>internal</em> coordinate t: t = x on a linear range,
 * t = ln x on a log range, over [lo, hi] for floats and [lo − ½, hi + ½] for ints (then rounded), so
 * every integer gets the same share of a uniform draw (Optuna's convention).
 */
public sealed interface Domain {
    int SIGNIFICANT_DIGITS = 4;

    /** Up to {@code points} values spread over the domain (all choices of a categorical). */
    List<Object> grid(int points);

    /** A uniform draw (log-uniform on log ranges). */
    Object sampleUniform(SplittableRandom random);

    /** The value as a config value string. */
    default String format(Object value) {
        if (value instanceof Double d) return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
        return String.valueOf(value);
    }

    /** The text form used in the space file, e.g. {@code float 0.05..5 log}. */
    String describe();

    /** A numeric range: internal coordinate bounds and the map between values and t. */
    sealed interface Numeric extends Domain {
        boolean log();

        /** Lower bound of t. */
        double tLow();

        /** Upper bound of t. */
        double tHigh();

        /** The value for internal coordinate t (rounded, clamped into the range). */
        Object fromInternal(double t);

        /** t of a value. */
        double toInternal(Object value);

        @Override
        default Object sampleUniform(SplittableRandom random) {
            return fromInternal(tLow() + random.nextDouble() * (tHigh() - tLow()));
        }
    }

    /** Integers lo..hi inclusive. */
    record IntRange(long lo, long hi, boolean log) implements Numeric {
        public IntRange {
            if (lo > hi) throw new IllegalArgumentException("int range " + lo + ".." + hi + " is empty (lower bound above upper)");
            if (log && lo < 1) throw new IllegalArgumentException("log int range " + lo + ".." + hi + " needs a lower bound >= 1");
        }

        @Override
        public double tLow() {
            return log ? Math.log(lo - 0.5) : lo - 0.5;
        }

        @Override
        public double tHigh() {
            return log ? Math.log(hi + 0.5) : hi + 0.5;
        }

        @Override
        public Object fromInternal(double t) {
            double x = log ? Math.exp(t) : t;
            return Math.max(lo, Math.min(hi, Math.round(x)));
        }

        @Override
        public double toInternal(Object value) {
            double x = ((Number) value).doubleValue();
            return log ? Math.log(x) : x;
        }

        @Override
        public List<Object> grid(int points) {
            LinkedHashSet<Object> out = new LinkedHashSet<>();
            if (hi - lo + 1 <= points) {
                for (long v = lo; v <= hi; v++) out.add(v);
            } else {
                for (int p = 0; p < points; p++) out.add(spread(p, points));
            }
            return new ArrayList<>(out);
        }

        private long spread(int p, int points) {
            if (points == 1) return Math.round(log ? Math.sqrt((double) lo * hi) : (lo + hi) / 2.0);
            double f = p / (double) (points - 1);
            double x = log ? Math.exp(Math.log(lo) + f * (Math.log(hi) - Math.log(lo))) : lo + f * (hi - lo);
            return Math.max(lo, Math.min(hi, Math.round(x)));
        }

        @Override
        public String describe() {
            return "int " + lo + ".." + hi + (log ? " log" : "");
        }
    }

    /** Reals lo..hi. */
    record FloatRange(double lo, double hi, boolean log) implements Numeric {
        public FloatRange {
            if (!Double.isFinite(lo) || !Double.isFinite(hi)) throw new IllegalArgumentException("float range bounds must be finite");
            if (lo > hi) throw new IllegalArgumentException("float range " + lo + ".." + hi + " is empty (lower bound above upper)");
            if (log && lo <= 0) throw new IllegalArgumentException("log float range " + lo + ".." + hi + " needs a lower bound > 0");
        }

        @Override
        public double tLow() {
            return log ? Math.log(lo) : lo;
        }

        @Override
        public double tHigh() {
            return log ? Math.log(hi) : hi;
        }

        @Override
        public Object fromInternal(double t) {
            double x = log ? Math.exp(t) : t;
            return Math.max(lo, Math.min(hi, round(x)));
        }

        @Override
        public double toInternal(Object value) {
            double x = ((Number) value).doubleValue();
            return log ? Math.log(x) : x;
        }

        @Override
        public List<Object> grid(int points) {
            LinkedHashSet<Object> out = new LinkedHashSet<>();
            for (int p = 0; p < points; p++) {
                double f = points == 1 ? 0.5 : p / (double) (points - 1);
                out.add(fromInternal(tLow() + f * (tHigh() - tLow())));
            }
            return new ArrayList<>(out);
        }

        @Override
        public String describe() {
            return String.format(Locale.ROOT, "float %s..%s%s", format(lo), format(hi), log ? " log" : "");
        }

        /** x to SIGNIFICANT_DIGITS significant digits. */
        static double round(double x) {
            if (x == 0 || !Double.isFinite(x)) return x;
            return new BigDecimal(x).round(new MathContext(SIGNIFICANT_DIGITS)).doubleValue();
        }
    }

    /** One of a list of values (strings). */
    record Choice(List<String> values) implements Domain {
        public Choice {
            if (values.isEmpty()) throw new IllegalArgumentException("choice needs at least one value");
            if (new LinkedHashSet<>(values).size() != values.size()) {
                throw new IllegalArgumentException("choice lists a value twice: " + String.join(",", values));
            }
            values = List.copyOf(values);
        }

        public int indexOf(Object value) {
            return values.indexOf(String.valueOf(value));
        }

        @Override
        public List<Object> grid(int points) {
            return new ArrayList<>(values);
        }

        @Override
        public Object sampleUniform(SplittableRandom random) {
            return values.get(random.nextInt(values.size()));
        }

        @Override
        public String describe() {
            return "choice " + String.join(",", values);
        }
    }
}
