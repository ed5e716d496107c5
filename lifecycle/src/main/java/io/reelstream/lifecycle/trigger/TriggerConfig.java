package io.reelstream.lifecycle.trigger;

import io.reelstream.core.experiment.Metric;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The retraining triggers' typed configuration. Every key is a {@code *_CONFIG} constant with a
 * {@code DEFAULT_*} beside it; {@link #fromMap} reads the {@code trigger.*} keys of a map (the
 * service resolves file, environment and flags into it) and ignores the others. A config that can
 * never fire, or would fire on nothing, fails at once with an IllegalArgumentException naming the
 * key; a disabled trigger's other keys are not checked.
 *
 * @param qualityDrop   production's windowed quality below a fraction of its reference for K windows
 * @param drift         PSI of the recent swipes against the training data above a threshold
 * @param feedbackCount new swipes since the last training at least N
 * @param schedule      at least an interval since the last training
 * @param cooldownMs    how long a fired trigger stays quiet while its retrain has not finished
 */
public record TriggerConfig(QualityDrop qualityDrop, Drift drift, FeedbackCount feedbackCount, Schedule schedule,
                            long cooldownMs) {

    public static final String QUALITY_ENABLED_CONFIG = "trigger.quality.enabled";
    public static final boolean DEFAULT_QUALITY_ENABLED = true;
    public static final String QUALITY_METRIC_CONFIG = "trigger.quality.metric";
    public static final String DEFAULT_QUALITY_METRIC = "hit_rate";
    public static final String QUALITY_FRACTION_CONFIG = "trigger.quality.fraction";
    public static final double DEFAULT_QUALITY_FRACTION = 0.8;
    public static final String QUALITY_WINDOWS_CONFIG = "trigger.quality.windows";
    public static final int DEFAULT_QUALITY_WINDOWS = 3;
    public static final String QUALITY_REFERENCE_WINDOWS_CONFIG = "trigger.quality.reference.windows";
    public static final int DEFAULT_QUALITY_REFERENCE_WINDOWS = 3;
    public static final String QUALITY_MIN_WINDOW_TRIALS_CONFIG = "trigger.quality.min.window.trials";
    public static final long DEFAULT_QUALITY_MIN_WINDOW_TRIALS = 200;

    public static final String DRIFT_ENABLED_CONFIG = "trigger.drift.enabled";
    public static final boolean DEFAULT_DRIFT_ENABLED = true;
    public static final String DRIFT_PSI_THRESHOLD_CONFIG = "trigger.drift.psi.threshold";
    public static final double DEFAULT_DRIFT_PSI_THRESHOLD = 0.2;
    public static final String DRIFT_MIN_SWIPES_CONFIG = "trigger.drift.min.swipes";
    public static final long DEFAULT_DRIFT_MIN_SWIPES = 1000;

    public static final String FEEDBACK_ENABLED_CONFIG = "trigger.feedback.enabled";
    public static final boolean DEFAULT_FEEDBACK_ENABLED = true;
    public static final String FEEDBACK_MIN_NEW_SWIPES_CONFIG = "trigger.feedback.min.new.swipes";
    public static final long DEFAULT_FEEDBACK_MIN_NEW_SWIPES = 5000;

    public static final String SCHEDULE_ENABLED_CONFIG = "trigger.schedule.enabled";
    public static final boolean DEFAULT_SCHEDULE_ENABLED = true;
    public static final String SCHEDULE_INTERVAL_MS_CONFIG = "trigger.schedule.interval.ms";
    public static final long DEFAULT_SCHEDULE_INTERVAL_MS = Duration.ofDays(7).toMillis();

    public static final String COOLDOWN_MS_CONFIG = "trigger.cooldown.ms";
    public static final long DEFAULT_COOLDOWN_MS = Duration.ofHours(6).toMillis();

    /** Every key {@link #fromMap} reads. */
    public static final List<String> KEYS = List.of(QUALITY_ENABLED_CONFIG, QUALITY_METRIC_CONFIG, QUALITY_FRACTION_CONFIG,
            QUALITY_WINDOWS_CONFIG, QUALITY_REFERENCE_WINDOWS_CONFIG, QUALITY_MIN_WINDOW_TRIALS_CONFIG, DRIFT_ENABLED_CONFIG,
            DRIFT_PSI_THRESHOLD_CONFIG, DRIFT_MIN_SWIPES_CONFIG, FEEDBACK_ENABLED_CONFIG, FEEDBACK_MIN_NEW_SWIPES_CONFIG,
            SCHEDULE_ENABLED_CONFIG, SCHEDULE_INTERVAL_MS_CONFIG, COOLDOWN_MS_CONFIG);

    /** The defaults: quality-drop, drift, feedback-count (5000) and a weekly schedule, 6 h cooldown. */
    public static final TriggerConfig DEFAULT = fromMap(Map.of());

    /**
     * Quality drop: a window counts as low when its rate &lt; fraction × reference; the trigger fires
     * on K consecutive low windows (windows with fewer than minWindowTrials trials are skipped as
     * too noisy). The reference is the rate the caller supplies (e.g. at promotion) or else the
     * pooled rate of the first referenceWindows counted windows.
     */
    public record QualityDrop(boolean enabled, Metric metric, double fraction, int consecutiveWindows,
                              int referenceWindows, long minWindowTrials) {
        public QualityDrop {
            if (enabled) {
                if (metric == null) throw new IllegalArgumentException(QUALITY_METRIC_CONFIG + " is missing");
                if (!(fraction > 0 && fraction < 1)) {
                    throw new IllegalArgumentException(QUALITY_FRACTION_CONFIG + " must be in (0, 1) — a window fires below "
                            + "fraction x reference, so <= 0 can never fire and >= 1 fires on noise, not on a drop — got "
                            + fraction);
                }
                if (consecutiveWindows < 1) {
                    throw new IllegalArgumentException(QUALITY_WINDOWS_CONFIG + " must be >= 1 consecutive low windows, got "
                            + consecutiveWindows);
                }
                if (referenceWindows < 1) {
                    throw new IllegalArgumentException(QUALITY_REFERENCE_WINDOWS_CONFIG
                            + " must be >= 1 window to average into the reference, got " + referenceWindows);
                }
                if (minWindowTrials < 1) {
                    throw new IllegalArgumentException(QUALITY_MIN_WINDOW_TRIALS_CONFIG
                            + " must be >= 1 (a window without trials has no rate), got " + minWindowTrials);
                }
            }
        }
    }

    /** Drift: fires when a PSI reading over at least minSwipes recent swipes exceeds psiThreshold. */
    public record Drift(boolean enabled, double psiThreshold, long minSwipes) {
        public Drift {
            if (enabled) {
                if (!(psiThreshold > 0) || Double.isInfinite(psiThreshold)) {
                    throw new IllegalArgumentException(DRIFT_PSI_THRESHOLD_CONFIG + " must be a finite PSI > 0 (PSI is >= 0,"
                            + " so <= 0 fires on every reading; 0.2 is the usual 'significant shift'), got " + psiThreshold);
                }
                if (minSwipes < 1) {
                    throw new IllegalArgumentException(DRIFT_MIN_SWIPES_CONFIG + " must be >= 1 recent swipes, got " + minSwipes);
                }
            }
        }
    }

    /** Feedback count: fires when at least minNewSwipes swipes arrived since the last training. */
    public record FeedbackCount(boolean enabled, long minNewSwipes) {
        public FeedbackCount {
            if (enabled && minNewSwipes < 1) {
                throw new IllegalArgumentException(FEEDBACK_MIN_NEW_SWIPES_CONFIG
                        + " must be >= 1 new swipes (<= 0 would retrain without new data), got " + minNewSwipes);
            }
        }
    }

    /** Schedule: fires when at least intervalMs passed since the last training. */
    public record Schedule(boolean enabled, long intervalMs) {
        public Schedule {
            if (enabled && intervalMs <= 0) {
                throw new IllegalArgumentException(SCHEDULE_INTERVAL_MS_CONFIG + " must be > 0 ms, got " + intervalMs);
            }
        }
    }

    public TriggerConfig {
        if (qualityDrop == null || drift == null || feedbackCount == null || schedule == null) {
            throw new IllegalArgumentException("trigger config needs all four rules (disable one with its *.enabled key)");
        }
        if (!qualityDrop.enabled() && !drift.enabled() && !feedbackCount.enabled() && !schedule.enabled()) {
            throw new IllegalArgumentException("no retraining trigger is enabled: set one of " + QUALITY_ENABLED_CONFIG + ", "
                    + DRIFT_ENABLED_CONFIG + ", " + FEEDBACK_ENABLED_CONFIG + ", " + SCHEDULE_ENABLED_CONFIG + " to true");
        }
        if (cooldownMs <= 0) throw new IllegalArgumentException(COOLDOWN_MS_CONFIG + " must be > 0 ms, got " + cooldownMs);
    }

    /** Whether the rule of this kind is enabled. */
    public boolean enabled(TriggerKind kind) {
        return switch (kind) {
            case QUALITY_DROP -> qualityDrop.enabled();
            case DRIFT -> drift.enabled();
            case FEEDBACK_COUNT -> feedbackCount.enabled();
            case SCHEDULE -> schedule.enabled();
        };
    }

    /**
     * Reads the {@code trigger.*} keys (defaults for the missing ones); other keys are ignored, an
     * unknown {@code trigger.*} key is an error (a typo would otherwise silently keep a default).
     * Durations ({@code *.ms}) take milliseconds or an ISO-8601 duration such as {@code PT6H}.
     */
    public static TriggerConfig fromMap(Map<String, String> values) {
        for (String key : values.keySet()) {
            if (key.startsWith("trigger.") && !KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown config key '" + key + "'; trigger keys are " + String.join(", ", KEYS));
            }
        }
        Reader r = new Reader(values);
        String metricName = r.string(QUALITY_METRIC_CONFIG, DEFAULT_QUALITY_METRIC);
        Metric metric;
        try {
            metric = Metric.parse(metricName);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(QUALITY_METRIC_CONFIG + ": " + e.getMessage());
        }
        return new TriggerConfig(
                new QualityDrop(r.bool(QUALITY_ENABLED_CONFIG, DEFAULT_QUALITY_ENABLED), metric,
                        r.dbl(QUALITY_FRACTION_CONFIG, DEFAULT_QUALITY_FRACTION),
                        r.integer(QUALITY_WINDOWS_CONFIG, DEFAULT_QUALITY_WINDOWS),
                        r.integer(QUALITY_REFERENCE_WINDOWS_CONFIG, DEFAULT_QUALITY_REFERENCE_WINDOWS),
                        r.lng(QUALITY_MIN_WINDOW_TRIALS_CONFIG, DEFAULT_QUALITY_MIN_WINDOW_TRIALS)),
                new Drift(r.bool(DRIFT_ENABLED_CONFIG, DEFAULT_DRIFT_ENABLED),
                        r.dbl(DRIFT_PSI_THRESHOLD_CONFIG, DEFAULT_DRIFT_PSI_THRESHOLD),
                        r.lng(DRIFT_MIN_SWIPES_CONFIG, DEFAULT_DRIFT_MIN_SWIPES)),
                new FeedbackCount(r.bool(FEEDBACK_ENABLED_CONFIG, DEFAULT_FEEDBACK_ENABLED),
                        r.lng(FEEDBACK_MIN_NEW_SWIPES_CONFIG, DEFAULT_FEEDBACK_MIN_NEW_SWIPES)),
                new Schedule(r.bool(SCHEDULE_ENABLED_CONFIG, DEFAULT_SCHEDULE_ENABLED),
                        r.millis(SCHEDULE_INTERVAL_MS_CONFIG, DEFAULT_SCHEDULE_INTERVAL_MS)),
                r.millis(COOLDOWN_MS_CONFIG, DEFAULT_COOLDOWN_MS));
    }

    @Override
    public String toString() {
        return "triggers(" + (qualityDrop.enabled() ? "quality-drop " + qualityDrop.metric() + " < " + qualityDrop.fraction()
                + "x ref for " + qualityDrop.consecutiveWindows() + " windows; " : "")
                + (drift.enabled() ? "drift PSI > " + drift.psiThreshold() + "; " : "")
                + (feedbackCount.enabled() ? "feedback-count >= " + feedbackCount.minNewSwipes() + " swipes; " : "")
                + (schedule.enabled() ? "schedule every " + Durations.format(schedule.intervalMs()) + "; " : "")
                + "cooldown " + Durations.format(cooldownMs) + ")";
    }

    /** Typed reads of one key with a default; a malformed value names its key. */
    private record Reader(Map<String, String> values) {
        String string(String key, String def) {
            String v = values.get(key);
            return v == null ? def : v.trim();
        }

        boolean bool(String key, boolean def) {
            String v = values.get(key);
            if (v == null) return def;
            switch (v.trim().toLowerCase(Locale.ROOT)) {
                case "true": return true;
                case "false": return false;
                default: throw new IllegalArgumentException(key + " = '" + v + "' is invalid: expected true or false");
            }
        }

        double dbl(String key, double def) {
            String v = values.get(key);
            if (v == null) return def;
            try {
                return Double.parseDouble(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " = '" + v + "' is invalid: expected a number");
            }
        }

        long lng(String key, long def) {
            String v = values.get(key);
            if (v == null) return def;
            try {
                return Long.parseLong(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " = '" + v + "' is invalid: expected a whole number");
            }
        }

        int integer(String key, int def) {
            String v = values.get(key);
            if (v == null) return def;
            try {
                return Integer.parseInt(v.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " = '" + v + "' is invalid: expected a whole number up to "
                        + Integer.MAX_VALUE);
            }
        }

        long millis(String key, long def) {
            String v = values.get(key);
            if (v == null) return def;
            String s = v.trim();
            if (s.startsWith("P") || s.startsWith("p")) {
                try {
                    return Duration.parse(s).toMillis();
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException(key + " = '" + v + "' is invalid: expected milliseconds or an ISO-8601"
                            + " duration such as PT6H");
                }
            }
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + " = '" + v + "' is invalid: expected milliseconds or an ISO-8601"
                        + " duration such as PT6H");
            }
        }
    }
}
