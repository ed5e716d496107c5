package io.reelstream.lifecycle.experiment;

import java.util.List;

/**
 * What an experiment is asked to be: its arms, the treatment's share of users and the decision
 * rule's parameters (the Experiment record's fields). Checked by {@link ExperimentRules#start}.
 *
 * @param id          experiment id, or null for {@code exp-<yyyyMMdd-HHmmss>} (UTC) of the start time
 * @param metric      hit_rate | like_rate
 * @param minSamples  trials per arm before any decision
 * @param minLift     relative lift needed to promote (0.05 = 5 % better)
 * @param alpha       significance level
 * @param autoPromote let the lifecycle service promote or stop on a significant result
 */
public record ExperimentSpec(String id, String control, String treatment, double share, String metric, long minSamples,
                             double minLift, double alpha, boolean autoPromote) {
    public static final String HIT_RATE = "hit_rate";
    public static final String LIKE_RATE = "like_rate";
    public static final List<String> METRICS = List.of(HIT_RATE, LIKE_RATE);
    public static final String DEFAULT_METRIC = HIT_RATE;
    public static final long DEFAULT_MIN_SAMPLES = 1000;
    public static final double DEFAULT_MIN_LIFT = 0.05;
    public static final double DEFAULT_ALPHA = 0.05;

    /** An experiment with the record's defaults (hit_rate, 1000 samples, 5 % lift, alpha 0.05, auto-promote). */
    public static ExperimentSpec of(String control, String treatment, double share) {
        return new ExperimentSpec(null, control, treatment, share, DEFAULT_METRIC, DEFAULT_MIN_SAMPLES, DEFAULT_MIN_LIFT,
                DEFAULT_ALPHA, true);
    }

    public ExperimentSpec withId(String newId) {
        return new ExperimentSpec(newId, control, treatment, share, metric, minSamples, minLift, alpha, autoPromote);
    }

    public ExperimentSpec withMetric(String m) {
        return new ExperimentSpec(id, control, treatment, share, m, minSamples, minLift, alpha, autoPromote);
    }

    public ExperimentSpec withDecisionRule(long samples, double lift, double a, boolean auto) {
        return new ExperimentSpec(id, control, treatment, share, metric, samples, lift, a, auto);
    }
}
