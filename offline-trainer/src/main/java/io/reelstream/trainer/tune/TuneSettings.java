package io.reelstream.trainer.tune;

import io.reelstream.trainer.io.BadInputException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How a tune run searches: the strategy, how many trials, the wall-time budget, the sampler's seed,
 * threads, trials per batch (sampled from the same history; results depend on it, not on the
 * threads) and the pruner's step.
 *
 * @param budget     null: no time cap
 * @param pruneEvery score intermediate models every this many iterations for the median pruner; 0 = no pruning
 */
public record TuneSettings(Search search, int trials, Duration budget, long seed, int threads, int batch, int pruneEvery) {
    public static final Search DEFAULT_SEARCH = Search.BAYESIAN;
    public static final int DEFAULT_TRIALS = 60;
    public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(10);
    public static final long DEFAULT_SEED = 42L;
    public static final int DEFAULT_BATCH = 4;
    public static final int DEFAULT_PRUNE_EVERY = 5;

    /** The search strategies. */
    public enum Search {
        GRID, RANDOM, BAYESIAN;

        public static Search parse(String s) {
            String v = s.trim().toLowerCase(Locale.ROOT);
            return switch (v) {
                case "grid" -> GRID;
                case "random" -> RANDOM;
                case "bayesian", "tpe" -> BAYESIAN;
                default -> throw new BadInputException("unknown search kind '" + s + "': use grid, random or bayesian (TPE)");
            };
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public TuneSettings {
        if (trials < 1) throw new BadInputException("--trials must be >= 1, got " + trials);
        if (threads < 1) throw new BadInputException("--threads must be >= 1, got " + threads);
        if (batch < 1) throw new BadInputException("--batch must be >= 1, got " + batch);
        if (pruneEvery < 0) throw new BadInputException("--prune-every must be >= 0 (0 = no pruning), got " + pruneEvery);
        if (budget != null && (budget.isZero() || budget.isNegative())) {
            throw new BadInputException("--budget must be positive, got " + format(budget));
        }
    }

    /** Trials run side by side: as many as threads allow within a batch. */
    public int parallelTrials() {
        return Math.max(1, Math.min(threads, batch));
    }

    /** Threads of each trial's fit. */
    public int threadsPerTrial() {
        return Math.max(1, threads / parallelTrials());
    }

    private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

    /**
     * A duration as 90s, 5m, 1h30m, 250ms, 1.5h, a number of seconds, or ISO-8601 (PT5M); one-line
     * error otherwise.
     */
    public static Duration parseDuration(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("pt") || s.startsWith("p")) return Duration.parse(s.toUpperCase(Locale.ROOT));
            if (s.matches("\\d+(\\.\\d+)?")) return Duration.ofMillis(Math.round(Double.parseDouble(s) * 1000));
            Matcher m = PART.matcher(s);
            int at = 0;
            long millis = 0;
            while (m.find() && m.start() == at) {
                double v = Double.parseDouble(m.group(1));
                millis += Math.round(v * switch (m.group(2)) {
                    case "h" -> 3_600_000;
                    case "m" -> 60_000;
                    case "s" -> 1_000;
                    default -> 1;
                });
                at = m.end();
            }
            if (at == s.length() && at > 0) return Duration.ofMillis(millis);
        } catch (RuntimeException e) {
            // fall through to the one-line error
        }
        throw new BadInputException("--budget '" + text + "' is not a duration: use e.g. 90s, 5m, 1h30m or PT5M");
    }

    /** 1:05:09, 4:09, 12.3 s or 250 ms. */
    public static String format(Duration d) {
        long s = d.toSeconds();
        if (d.toMillis() < 1000) return d.toMillis() + " ms";
        if (s < 60) return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
