package io.reelstream.core.experiment;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The proportion an experiment is decided on, from an arm's online counts (OnlineMetrics.avsc ArmCounts):
 * <pre>
 *   hit_rate  = hits / positives     share of positive swipes that hit the list shown just before
 *   like_rate = hits / shownSwipes   share of swipes on a shown movie that were positive
 * </pre>
 * The wire name ({@code Experiment.metric}, {@code --metric}) is {@link #wireName()}.
 */
public enum Metric {
    HIT_RATE("hit_rate") {
        @Override public long trials(long positives, long shownSwipes) { return positives; }
    },
    LIKE_RATE("like_rate") {
        @Override public long trials(long positives, long shownSwipes) { return shownSwipes; }
    };

    private final String wireName;

    Metric(String wireName) {
        this.wireName = wireName;
    }

    /** The metric's name in Experiment.metric and on the command line. */
    public String wireName() {
        return wireName;
    }

    /** The denominator: positives for hit_rate, shown swipes for like_rate (the numerator is hits for both). */
    public abstract long trials(long positives, long shownSwipes);

    /**
     * An arm's trials and successes under this metric.
     *
     * @throws IllegalArgumentException naming the arm when the counts are inconsistent (hits above the denominator)
     */
    public ArmStats arm(long positives, long shownSwipes, long hits, String name) {
        long trials = trials(positives, shownSwipes);
        if (trials < 0 || hits < 0 || hits > trials) {
            throw new IllegalArgumentException(name + " arm: " + this + " needs 0 <= hits <= "
                    + (this == HIT_RATE ? "positives" : "shownSwipes") + ", got " + hits + " of " + trials);
        }
        return new ArmStats(trials, hits);
    }

    /** The metric of a wire name, case-insensitive; an unknown name is rejected with the choices. */
    public static Metric parse(String name) {
        if (name != null) {
            String n = name.trim().toLowerCase(Locale.ROOT);
            for (Metric m : values()) if (m.wireName.equals(n)) return m;
        }
        throw new IllegalArgumentException("unknown experiment metric '" + name + "': choose one of "
                + Arrays.stream(values()).map(Metric::wireName).collect(Collectors.joining(", ")));
    }

    @Override
    public String toString() {
        return wireName;
    }
}
