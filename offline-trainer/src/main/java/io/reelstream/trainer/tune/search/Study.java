package io.reelstream.trainer.tune.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongSupplier;

/**
 * A search: a {@link Sampler} proposes trials, an {@link Objective} scores them (maximised), an
 * optional {@link MedianPruner} stops trials that trail, and a deadline caps the wall time.
 *
 * <p>Trials run in batches of {@code batchSize}: every trial of batch b is sampled from, and pruned
 * against, the trials of batches before b only; a batch's trials run on {@code parallel} threads.
 * So trial n's parameters and fate depend on (seed, batch size, the objective), never on the thread
 * count or on which trial happened to finish first — a study is reproducible on any machine. The
 * cost is that TPE's view lags by up to batchSize − 1 trials.
 *
 * <p>The deadline: the caller keeps a reserve before it for its work after the search (a refit),
 * estimated from the trials finished so far. A batch starts only if the mean batch time so far
 * plus the reserve still fits; running trials are told to stop ({@link Trial#report} returns false,
 * {@link Trial#outOfTime} true) once the deadline minus the reserve — re-estimated as trials
 * finish — has passed, and end CANCELLED.
 */
public final class Study {
    /** Scores one trial; reports intermediate values through the trial and stops when told to. */
    @FunctionalInterface
    public interface Objective {
        /** @return the objective value (larger is better); ignored when the trial was told to stop */
        double run(Trial trial) throws Exception;
    }

    /** What the study reports as it goes (called from worker threads, one call at a time). */
    public interface Listener {
        Listener NONE = new Listener() { };

        default void onTrialStarted(int number, Map<String, Object> params) { }

        default void onTrialFinished(TrialRecord trial, Progress progress) { }
    }

    /**
     * @param trials        at most this many trials (a grid may have fewer points)
     * @param batchSize     trials sampled together from the same history
     * @param parallel      threads running a batch's trials
     * @param deadlineNanos clock value at which the search must end (Long.MAX_VALUE: none)
     * @param reserve       nanoseconds to keep free before the deadline, given the trials finished so far
     */
    public record Settings(int trials, int batchSize, int parallel, long deadlineNanos, Reserve reserve) {
        /** No deadline, no reserve. */
        public Settings(int trials, int batchSize, int parallel) {
            this(trials, batchSize, parallel, Long.MAX_VALUE, Reserve.NONE);
        }

        public Settings {
            if (trials < 1) throw new IllegalArgumentException("trials must be >= 1, got " + trials);
            if (batchSize < 1) throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
            if (parallel < 1) throw new IllegalArgumentException("parallel trials must be >= 1, got " + parallel);
            if (reserve == null) throw new IllegalArgumentException("reserve must not be null (use Reserve.NONE)");
        }
    }

    /** Time the caller needs after the search, estimated from the trials finished so far (any order). */
    @FunctionalInterface
    public interface Reserve {
        Reserve NONE = finished -> 0L;

        long nanos(List<TrialRecord> finished);
    }

    /** Where the search stands after a trial: counts, the best so far, time spent and an estimate of what is left. */
    public record Progress(int finished, int planned, Optional<TrialRecord> best, long elapsedNanos, long etaNanos) {}

    /** Why the search ended. */
    public enum StopReason { TRIALS_DONE, GRID_EXHAUSTED, BUDGET }

    /** Every trial in number order, the best complete one (if any) and why the search ended. */
    public record Result(List<TrialRecord> trials, Optional<TrialRecord> best, StopReason stopReason, long elapsedNanos) {}

    private final SearchSpace space;
    private final Sampler sampler;
    private final MedianPruner pruner;
    private final LongSupplier clock;

    /**
     * @param pruner null: no pruning
     * @param clock  nanoseconds, e.g. System::nanoTime (tests pass a fake)
     */
    public Study(SearchSpace space, Sampler sampler, MedianPruner pruner, LongSupplier clock) {
        this.space = space;
        this.sampler = sampler;
        this.pruner = pruner;
        this.clock = clock;
    }

    public Result optimize(Objective objective, Settings settings, Listener listener) {
        long start = clock.getAsLong();
        int planned = Math.min(settings.trials(), sampler.maxTrials(space));
        List<TrialRecord> history = new ArrayList<>();
        ProgressTracker tracker = new ProgressTracker(start, planned, settings.deadlineNanos(), settings.reserve());
        StopReason reason = planned < settings.trials() ? StopReason.GRID_EXHAUSTED : StopReason.TRIALS_DONE;
        ExecutorService pool = settings.parallel() > 1 ? Executors.newFixedThreadPool(settings.parallel(), r -> {
            Thread t = new Thread(r, "tune-trial");
            t.setDaemon(true);
            return t;
        }) : null;
        long batchNanos = 0;
        int batches = 0;
        try {
            for (int next = 0; next < planned; ) {
                long now = clock.getAsLong();
                if (batches > 0 && saturatedAdd(now, batchNanos / batches + tracker.reserve()) > settings.deadlineNanos()) {
                    reason = StopReason.BUDGET;
                    break;
                }
                int size = Math.min(settings.batchSize(), planned - next);
                List<TrialRecord> earlier = Collections.unmodifiableList(new ArrayList<>(history));
                List<Trial> batch = new ArrayList<>(size);
                for (int n = next; n < next + size; n++) {
                    Map<String, Object> params = sampler.sample(space, earlier, n);
                    batch.add(new Trial(n, params, space.assignment(params), earlier, tracker));
                }
                List<TrialRecord> done = run(batch, objective, pool, listener, tracker);
                history.addAll(done);
                batchNanos += clock.getAsLong() - now;
                batches++;
                next += size;
                if (done.stream().anyMatch(t -> t.state() == TrialState.CANCELLED)) {
                    reason = StopReason.BUDGET;
                    break;
                }
            }
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        return new Result(List.copyOf(history), best(history), reason, clock.getAsLong() - start);
    }

    /** The best complete trial: highest value, lowest number on ties. */
    public static Optional<TrialRecord> best(List<TrialRecord> trials) {
        return trials.stream().filter(TrialRecord::complete)
                .min(Comparator.comparingDouble((TrialRecord t) -> -t.value()).thenComparingInt(TrialRecord::number));
    }

    private List<TrialRecord> run(List<Trial> batch, Objective objective, ExecutorService pool, Listener listener,
                                  ProgressTracker tracker) {
        List<TrialRecord> out = new ArrayList<>(batch.size());
        if (pool == null) {
            for (Trial t : batch) out.add(runOne(t, objective, listener, tracker));
            return out;
        }
        List<Future<TrialRecord>> futures = new ArrayList<>();
        for (Trial t : batch) futures.add(pool.submit(() -> runOne(t, objective, listener, tracker)));
        for (Future<TrialRecord> f : futures) {
            try {
                out.add(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("the search was interrupted", e);
            } catch (ExecutionException e) {
                throw new IllegalStateException("a trial's bookkeeping failed: " + e.getCause(), e.getCause());
            }
        }
        return out;
    }

    private TrialRecord runOne(Trial trial, Objective objective, Listener listener, ProgressTracker tracker) {
        synchronized (listener) {
            listener.onTrialStarted(trial.number, trial.params);
        }
        long t0 = clock.getAsLong();
        TrialState state;
        double value = Double.NaN;
        String reason = null;
        try {
            double v = objective.run(trial);
            if (trial.stopReason != null) {
                state = trial.pruned ? TrialState.PRUNED : TrialState.CANCELLED;
                reason = trial.stopReason;
            } else if (Double.isNaN(v)) {
                state = TrialState.FAILED;
                reason = "the objective returned NaN";
            } else {
                state = TrialState.COMPLETE;
                value = v;
            }
        } catch (Exception | AssertionError | OutOfMemoryError e) {
            state = TrialState.FAILED;
            reason = oneLine(e);
        }
        TrialRecord record = new TrialRecord(trial.number, trial.params, state, value, trial.intermediate, reason,
                clock.getAsLong() - t0, trial.attributes);
        synchronized (listener) {
            listener.onTrialFinished(record, tracker.add(record, clock.getAsLong()));
        }
        return record;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    private static long saturatedAdd(long a, long b) {
        long r = a + b;
        return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
    }

    /** One running trial: its values, and the channel back to the study (intermediate values, stop requests). */
    public final class Trial {
        private final int number;
        private final Map<String, Object> params;
        private final Map<String, String> assignment;
        private final List<TrialRecord> earlier;
        private final ProgressTracker tracker;
        private final SortedMap<Integer, Double> intermediate = new TreeMap<>();
        private final Map<String, Object> attributes = new java.util.LinkedHashMap<>();
        private volatile String stopReason;
        private volatile boolean pruned;

        private Trial(int number, Map<String, Object> params, Map<String, String> assignment, List<TrialRecord> earlier,
                      ProgressTracker tracker) {
            this.number = number;
            this.params = params;
            this.assignment = assignment;
            this.earlier = earlier;
            this.tracker = tracker;
        }

        public int number() {
            return number;
        }

        /** Parameter id → value. */
        public Map<String, Object> params() {
            return params;
        }

        /** Config key → value text: what the trial sets. */
        public Map<String, String> assignment() {
            return assignment;
        }

        /** Notes a value beside the objective (kept in the trial's record), e.g. another metric. */
        public void setAttribute(String key, Object value) {
            attributes.put(key, value);
        }

        /**
         * Records an intermediate value at a step and asks the pruner and the clock whether to go on.
         *
         * @return true to continue, false to stop now (pruned, or out of time)
         */
        public boolean report(int step, double value) {
            intermediate.put(step, value);
            if (outOfTime()) return false;
            if (pruner != null && pruner.shouldPrune(step, value, earlier)) {
                pruned = true;
                stopReason = String.format(java.util.Locale.ROOT, "pruned at step %d: %.4f < median %.4f",
                        step, value, pruner.medianAt(step, earlier));
                return false;
            }
            return true;
        }

        /** Whether the time budget has run out; also marks the trial to end CANCELLED. */
        public boolean outOfTime() {
            if (stopReason != null) return true;
            if (clock.getAsLong() >= tracker.stopAt()) {
                stopReason = "time budget ran out" + (intermediate.isEmpty() ? "" : " after step " + intermediate.lastKey());
                return true;
            }
            return false;
        }
    }

    /**
     * Counts and the best so far for the progress line (ETA from the mean time per finished trial),
     * and the reserve re-estimated as each trial finishes. Shared by the worker threads.
     */
    private static final class ProgressTracker {
        private final long start;
        private final int planned;
        private final long deadline;
        private final Reserve reserveOf;
        private final List<TrialRecord> finished = new ArrayList<>();
        private volatile long reserve;

        ProgressTracker(long start, int planned, long deadline, Reserve reserveOf) {
            this.start = start;
            this.planned = planned;
            this.deadline = deadline;
            this.reserveOf = reserveOf;
        }

        long reserve() {
            return reserve;
        }

        /** When running trials must stop: the deadline minus the current reserve. */
        long stopAt() {
            return deadline == Long.MAX_VALUE ? Long.MAX_VALUE : deadline - reserve;
        }

        synchronized Progress add(TrialRecord record, long now) {
            finished.add(record);
            reserve = reserveOf.nanos(List.copyOf(finished));
            long elapsed = now - start;
            int n = finished.size();
            long eta = n == 0 ? 0 : elapsed / n * (planned - n);
            if (deadline != Long.MAX_VALUE) eta = Math.max(0, Math.min(eta, deadline - now));
            return new Progress(n, planned, best(finished), elapsed, eta);
        }
    }
}
