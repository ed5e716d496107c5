package io.reelstream.lifecycle.stats;

import io.reelstream.schemas.ArmCounts;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The proportion an experiment is decided on, read from an arm's {@link ArmCounts} (OnlineMetrics.avsc):
 * <pre>
 *   hit_rate  = hits / positives     share of positive swipes that hit the list shown just before
 *   like_rate = hits / shownSwipes   share of swipes on a shown movie that were positive
 * </pre>
 * The wire name ({@code Experiment.metric}, {@code --metric}) is {@link #wireName()}.
 */
public enum Metric {
    HIT_RATE("hit_rate") {
        @Override public long trials(ArmCounts c) { return c.getPositives(); }
    },
    LIKE_RATE("like_rate") {
        @Override public long trials(ArmCounts c) { return c.getShownSwipes(); }
    };

    private final String wireName;

    Metric(String wireName) {
        this.wireName = wireName;
    }

    /** The metric's name in Experiment.metric and on the command line. */
    public String wireName() {
        return wireName;
    }

    /** The denominator: positives for hit_rate, shown swipes for like_rate. */
    public abstract long trials(ArmCounts counts);

    /** The numerator: hits, for both metrics. */
    public long successes(ArmCounts counts) {
        return counts.getHits();
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
