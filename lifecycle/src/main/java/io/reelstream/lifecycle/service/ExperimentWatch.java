package io.reelstream.lifecycle.service;

import io.reelstream.core.experiment.ExperimentAnalysis;
import io.reelstream.lifecycle.stats.ExperimentRecords;
import io.reelstream.schemas.ArmCounts;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentDecision;

import java.util.Optional;

/**
 * The auto-decision of one RUNNING experiment, as a pure step over its arms' cumulative counts.
 * It carries the running always-valid p-value between looks (resumed from the record's stored
 * decision, so a restarted service continues the sequence instead of starting again at 1).
 *
 * <pre>
 *   look(counts) =  nothing                 when neither arm's counts changed since the last look
 *                   analysis a = ExperimentRecords.analyze(control, treatment, rule, p)
 *                   p ← a.sequentialPValue()                      (p_n = min(p_{n−1}, 1/Λ_n))
 *                   CONCLUDE  when a is PROMOTE_TREATMENT or KEEP_CONTROL
 *                   PERSIST   when INCONCLUSIVE, p fell since the last stored value, and the last
 *                             store is at least persistEveryMs old (the record keeps p for a restart)
 *                   WAIT      otherwise
 * </pre>
 * O(1) per look. Not thread-safe: one per experiment, driven by the service's loop.
 */
public final class ExperimentWatch {
    /** What the service does after a look. */
    public enum Action {
        /** INCONCLUSIVE; nothing to write. */
        WAIT,
        /** INCONCLUSIVE; store the running p as the record's INCONCLUSIVE decision. */
        PERSIST,
        /** PROMOTE_TREATMENT or KEEP_CONTROL: conclude the experiment with this analysis. */
        CONCLUDE
    }

    /** One look: the analysis and what to do with it. */
    public record Look(ExperimentAnalysis analysis, Action action) {}

    private final String experimentId;
    private final long persistEveryMs;
    private double p;
    private double storedP;
    private long storedAt;
    private long[] lastCounts;
    private int looks;

    private ExperimentWatch(String experimentId, double resumeP, long persistEveryMs, long now) {
        this.experimentId = experimentId;
        this.persistEveryMs = persistEveryMs;
        this.p = resumeP;
        this.storedP = resumeP;
        this.storedAt = now;
    }

    /**
     * A watch of {@code x} resuming its sequence at the always-valid p stored in its decision (1.0
     * when it has none: a fresh sequence, still valid, only slower to decide).
     *
     * @param persistEveryMs at least this long between two stores of the running p
     * @param now            the caller's clock, epoch ms
     */
    public static ExperimentWatch resume(Experiment x, long persistEveryMs, long now) {
        ExperimentDecision d = x.getDecision();
        double p = d == null ? 1.0 : d.getSequentialPValue();
        if (!(p >= 0 && p <= 1)) p = 1.0;
        return new ExperimentWatch(x.getExperimentId(), p, persistEveryMs, now);
    }

    public String experimentId() {
        return experimentId;
    }

    /** The running always-valid p-value after the last look (the resumed one before any). */
    public double p() {
        return p;
    }

    /** Looks made since this watch was created. */
    public int looks() {
        return looks;
    }

    /**
     * One look at the arms' cumulative counts; empty when neither arm changed since the last look.
     *
     * @throws IllegalArgumentException when the counts are inconsistent (hits above the metric's
     *                                  denominator); the running p is then unchanged
     */
    public Optional<Look> look(Experiment x, ArmCounts control, ArmCounts treatment, long now) {
        long[] counts = {control.getPositives(), control.getShownSwipes(), control.getHits(),
                treatment.getPositives(), treatment.getShownSwipes(), treatment.getHits()};
        if (lastCounts != null && java.util.Arrays.equals(lastCounts, counts)) return Optional.empty();
        ExperimentAnalysis a = ExperimentRecords.analyze(control, treatment, x.getMetric(), x.getMinSamples(),
                x.getMinLift(), x.getAlpha(), p);
        lastCounts = counts;
        looks++;
        p = a.sequentialPValue();
        if (a.decided()) return Optional.of(new Look(a, Action.CONCLUDE));
        boolean due = now - storedAt >= persistEveryMs && p < storedP;
        return Optional.of(new Look(a, due ? Action.PERSIST : Action.WAIT));
    }

    /** The service stored the running p at {@code now}. */
    public void stored(long now) {
        storedP = p;
        storedAt = now;
    }

    /** True when the running p fell below the last stored value (worth storing on a clean stop). */
    public boolean unstored() {
        return p < storedP;
    }
}
