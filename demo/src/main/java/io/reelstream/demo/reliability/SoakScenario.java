package io.reelstream.demo.reliability;

import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.schemas.RecommendationList;
import io.reelstream.schemas.Topics;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A long run at a steady rate: the slice looped (each round re-swipes the same users' movies, so the
 * state a healthy system keeps is as big after ten rounds as after one), sampled every interval: heap
 * after a full GC and state directory (RocksDB) size summed over the instances, the group's input lag,
 * and the p99 of the swipe → committed list time of the lists that arrived in the interval. The clock
 * starts once the instances have caught up with the load (a cold start queues swipes while the JIT and
 * the caches warm up: that is start-up, not a trend); then each series' least-squares line over the run
 * must rise by less than its tolerance ({@link Rule}): flat, not growing.
 */
final class SoakScenario extends Scenario {
    static final String NAME = "soak";
    private static final Duration SETTLE_TIMEOUT = Duration.ofSeconds(180);
    private static final double MB = 1024.0 * 1024.0;

    /** How the scenario runs; see Reliability's flags. */
    record Settings(int instances, int partitions, double ratePerSecond, Duration duration, Duration every,
                    Map<String, String> topologyOverrides) {}

    /** One sample: minutes since the start and the four series. */
    record Sample(double minutes, double heapMb, double stateMb, long lag, double p99Ms, long lists) {}

    /**
     * A series passes when its fitted rise over the measured window is at most
     * max(relative × mean, absolute).
     */
    record Rule(String series, String unit, double relative, double absolute) {
        String check(double[] minutes, double[] values, List<String> failures) {
            double slope = slope(minutes, values);
            double window = minutes[minutes.length - 1] - minutes[0];
            double mean = Arrays.stream(values).average().orElse(0);
            double rise = slope * window;
            double allowed = Math.max(relative * Math.abs(mean), absolute);
            String line = String.format(Locale.ROOT, "%s %s %+.2f %s/min (rise %+.1f over %.1f min, allowed %.1f)", series,
                    format(values), slope, unit, rise, window, allowed);
            if (rise > allowed) failures.add(series + " grows: " + line);
            return line;
        }
    }

    private final Settings settings;

    SoakScenario(Settings settings, Path workDir, Path runDir, ReplaySlice slice, PrintStream out) {
        super(workDir, runDir, slice, out);
        this.settings = settings;
    }

    /** End-to-end latencies (ms) of the lists that arrived since the last drain. */
    private static final class Latencies implements ListWatcher.ListListener {
        private final Map<String, SwipeLoad.Sent> sent;
        private double[] buf = new double[1 << 16];
        private int n;

        Latencies(Map<String, SwipeLoad.Sent> sent) {
            this.sent = sent;
        }

        @Override
        public synchronized void onList(int partition, RecommendationList list, long arrivalNanos) {
            SwipeLoad.Sent s = sent.get(list.getCauseEventId());
            if (s == null) return;
            if (n == buf.length) buf = Arrays.copyOf(buf, n * 2);
            buf[n++] = (arrivalNanos - s.sentAtNanos()) / 1e6;
        }

        /** p99 of the interval and the count; resets. */
        synchronized double[] drain() {
            double[] v = Arrays.copyOf(buf, n);
            n = 0;
            if (v.length == 0) return new double[] {0, 0};
            Arrays.sort(v);
            return new double[] {v[Math.min(v.length - 1, (int) Math.ceil(0.99 * v.length) - 1)], v.length};
        }
    }

    @Override
    ScenarioResult run() throws Exception {
        List<String> events = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        List<Sample> samples = new ArrayList<>();
        try (ScenarioStack stack = openStack(NAME, settings.partitions, settings.instances,
                settings.topologyOverrides);
             ListWatcher watcher = new ListWatcher(stack.bootstrapServers(), Topics.RECOMMENDATIONS_TOPIC,
                     Topics.SWIPES_DLQ_TOPIC, settings.partitions);
             SwipeLoad load = new SwipeLoad(stack.bootstrapServers(), Topics.SWIPES_TOPIC, settings.partitions, slice,
                     settings.ratePerSecond, 0, true).withEventIdPrefix(eventIdPrefix(NAME))) {
            Latencies latencies = new Latencies(load.sent());
            watcher.listener(latencies);
            List<HeapProbe> heaps = new ArrayList<>();
            long sentAtStart = 0;
            try {
                for (ChildInstance in : stack.instances()) heaps.add(HeapProbe.attach(in.pid()));
                watcher.start();
                long warmFrom = System.nanoTime();
                load.start();
                double warm = stack.awaitLagAtMost(Math.round(settings.ratePerSecond));
                String warmUp = warm < 0 ? String.format(Locale.ROOT, "the instances did not catch up with %.0f swipes/s within"
                        + " %d s; sampling anyway", settings.ratePerSecond, ScenarioStack.START_TIMEOUT.toSeconds())
                        : String.format(Locale.ROOT, "warm-up: caught up with the load %.0f s after it started",
                        (System.nanoTime() - warmFrom) / 1e9);
                events.add(warmUp);
                stack.say(warmUp);
                if (warm < 0) problems.add(warmUp);
                latencies.drain();
                sentAtStart = load.sent().size();
                long t0 = System.nanoTime();
                long next = t0 + settings.every.toNanos();
                long end = t0 + settings.duration.toNanos();
                while (System.nanoTime() < end) {
                    long sleep = (next - System.nanoTime()) / 1_000_000;
                    if (sleep > 0) Thread.sleep(sleep);
                    next += settings.every.toNanos();
                    if (load.failure() != null) throw new IllegalStateException("sending failed: " + load.failure());
                    double[] p99 = latencies.drain();
                    long heap = 0;
                    for (HeapProbe h : heaps) heap += h.heapAfterGcBytes();
                    Sample s = new Sample((System.nanoTime() - t0) / 6e10, heap / MB, stateBytes(stack) / MB,
                            stack.group().inputLag(settings.partitions), p99[0], (long) p99[1]);
                    samples.add(s);
                    stack.say(String.format(Locale.ROOT, "%.1f min: heap after GC %.0f MB, state %.1f MB, lag %d, p99 %.0f ms"
                            + " (%d lists), %d swipes sent", s.minutes(), s.heapMb(), s.stateMb(), s.lag(), s.p99Ms(), s.lists(),
                            load.sent().size()));
                }
            } finally {
                heaps.forEach(HeapProbe::close);
            }
            long sentInWindow = load.sent().size() - sentAtStart;
            load.stop();
            double seconds = settings.duration.toMillis() / 1000.0;
            stack.say(String.format(Locale.ROOT, "stopped after %d swipes, %d of them in the %.0f s measured (%.0f/s);"
                    + " waiting for every list", load.sent().size(), sentInWindow, seconds, sentInWindow / seconds));
            if (!watcher.awaitAll(load.sent().keySet(), SETTLE_TIMEOUT)) {
                problems.add("not every swipe had a list or a dead letter: none came for " + SETTLE_TIMEOUT.toSeconds() + " s");
            }
            samples.forEach(s -> events.add(String.format(Locale.ROOT, "sample %.1f min: heap after GC %.1f MB, state %.1f MB,"
                    + " lag %d, p99 %.0f ms over %d lists", s.minutes(), s.heapMb(), s.stateMb(), s.lag(), s.p99Ms(), s.lists())));
            List<String> failures = new ArrayList<>();
            String slopes = slopes(samples, failures);
            events.add(slopes);
            problems.addAll(failures);
            Verdict.Counts c = Verdict.exactlyOnce(load.sent(), watcher);
            long mismatches = stack.swipeCountMismatches(stack.instances().get(0), c.appliedPerUser(), problems);
            String figure = String.format(Locale.ROOT, "%.0f min at %.0f swipes/s, %s", seconds / 60, sentInWindow / seconds,
                    failures.isEmpty() ? "flat: " + slopes : "GROWING: " + slopes);
            return new ScenarioResult(NAME, c.sent(), c.applied(), c.lost(), c.twice(), c.deadLettered(), mismatches, figure,
                    failures.isEmpty() && samples.size() >= 4, events, problems);
        }
    }

    /** Slopes over the samples (all after the warm-up), each checked against its rule. */
    static String slopes(List<Sample> samples, List<String> failures) {
        if (samples.size() < 4) {
            failures.add("only " + samples.size() + " samples: run longer than four intervals");
            return "not enough samples";
        }
        List<Sample> measured = samples;
        double[] t = measured.stream().mapToDouble(Sample::minutes).toArray();
        List<String> lines = new ArrayList<>();
        lines.add(new Rule("heap after GC", "MB", 0.10, 16).check(t, measured.stream().mapToDouble(Sample::heapMb).toArray(), failures));
        lines.add(new Rule("state", "MB", 0.25, 16).check(t, measured.stream().mapToDouble(Sample::stateMb).toArray(), failures));
        lines.add(new Rule("lag", "swipes", 0.50, 1000).check(t, measured.stream().mapToDouble(Sample::lag).toArray(), failures));
        lines.add(new Rule("p99", "ms", 0.50, 50).check(t, measured.stream().mapToDouble(Sample::p99Ms).toArray(), failures));
        return String.join("; ", lines);
    }

    /** Least-squares slope of y over x. */
    static double slope(double[] x, double[] y) {
        double mx = Arrays.stream(x).average().orElse(0);
        double my = Arrays.stream(y).average().orElse(0);
        double num = 0, den = 0;
        for (int i = 0; i < x.length; i++) {
            num += (x[i] - mx) * (y[i] - my);
            den += (x[i] - mx) * (x[i] - mx);
        }
        return den == 0 ? 0 : num / den;
    }

    private static String format(double[] values) {
        return String.format(Locale.ROOT, "%.1f..%.1f", values[0], values[values.length - 1]);
    }

    /** Bytes under the instances' state directories (RocksDB's files and checkpoints). */
    private static long stateBytes(ScenarioStack stack) {
        long total = 0;
        for (ChildInstance in : stack.instances()) {
            if (!Files.exists(in.stateDir())) continue;
            try (Stream<Path> files = Files.walk(in.stateDir())) {
                total += files.filter(Files::isRegularFile).mapToLong(p -> {
                    try {
                        return Files.size(p);
                    } catch (IOException gone) {
                        return 0; // a file compacted away while walking
                    }
                }).sum();
            } catch (IOException | UncheckedIOException e) {
                // a directory removed while walking: this sample counts what it saw
            }
        }
        return total;
    }
}
