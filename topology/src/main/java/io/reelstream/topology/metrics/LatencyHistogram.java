package io.reelstream.topology.metrics;

import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus-style cumulative histogram of durations with fixed bucket bounds (seconds), safe
 * for concurrent recording without locks. Quantiles are estimated from the buckets (upper bound of
 * the bucket holding the rank), enough for a /metrics page; load measurements keep exact samples.
 */
public final class LatencyHistogram {
    /** Upper bounds in seconds: 50 µs … 1 s. */
    static final double[] BOUNDS = {0.00005, 0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
            0.1, 0.25, 0.5, 1.0};

    private final LongAdder[] buckets = new LongAdder[BOUNDS.length + 1];
    private final LongAdder count = new LongAdder();
    private final LongAdder sumNanos = new LongAdder();

    public LatencyHistogram() {
        for (int i = 0; i < buckets.length; i++) buckets[i] = new LongAdder();
    }

    public void recordNanos(long nanos) {
        double seconds = nanos / 1e9;
        int i = 0;
        while (i < BOUNDS.length && seconds > BOUNDS[i]) i++;
        buckets[i].increment();
        count.increment();
        sumNanos.add(nanos);
    }

    public long count() {
        return count.sum();
    }

    /** Total of the recorded durations, nanoseconds. */
    public long sumNanos() {
        return sumNanos.sum();
    }

    /** Upper bound (seconds) of the bucket holding quantile q; +Inf past the last bound; NaN if empty. */
    public double quantileUpperBound(double q) {
        long total = count.sum();
        if (total == 0) return Double.NaN;
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i].sum();
            if (seen >= rank) return i < BOUNDS.length ? BOUNDS[i] : Double.POSITIVE_INFINITY;
        }
        return Double.POSITIVE_INFINITY;
    }

    /** Appends the _bucket, _sum and _count lines of a Prometheus histogram. */
    void render(StringBuilder out, String name, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(" histogram\n");
        long cumulative = 0;
        for (int i = 0; i < buckets.length; i++) {
            cumulative += buckets[i].sum();
            String le = i < BOUNDS.length ? Double.toString(BOUNDS[i]) : "+Inf";
            out.append(name).append("_bucket{le=\"").append(le).append("\"} ").append(cumulative).append('\n');
        }
        out.append(name).append("_sum ").append(sumNanos.sum() / 1e9).append('\n');
        out.append(name).append("_count ").append(count.sum()).append('\n');
    }
}
