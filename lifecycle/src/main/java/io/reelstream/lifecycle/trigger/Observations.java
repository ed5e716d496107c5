package io.reelstream.lifecycle.trigger;

import io.reelstream.lifecycle.drift.Psi;
import java.util.List;

/**
 * What the tracker saw, handed to {@link RetrainTriggers#evaluate} — the rules read nothing else, no
 * clock, no topic.
 *
 * @param now                    the caller's clock, epoch ms
 * @param lastRunId              the version trained last (e.g. run_20261207T101500Z), for explanations
 * @param lastTrainingAt         when that training finished (registered), epoch ms; the schedule
 *                               counts from it, a cooldown ends at it, and quality windows before it
 *                               no longer count towards a drop
 * @param newSwipesSinceTraining swipes on the {@code swipes} topic after the last training's data
 * @param productionWindows      production's closed windows, oldest first, since it became production
 * @param referenceRate          production's reference rate (e.g. its rate at promotion), or NaN to
 *                               take the pooled rate of its first {@code trigger.quality.reference.windows}
 * @param drift                  PSI readings of the recent swipes since the last training (preference mix,
 *                               item popularity); empty when none was computed
 */
public record Observations(long now, String lastRunId, long lastTrainingAt, long newSwipesSinceTraining,
                           List<QualityWindow> productionWindows, double referenceRate, List<Psi.Result> drift) {
    public Observations {
        if (lastRunId == null || lastRunId.isBlank()) throw new IllegalArgumentException("observations need the last run id");
        if (newSwipesSinceTraining < 0) {
            throw new IllegalArgumentException("new swipes since training must be >= 0, got " + newSwipesSinceTraining);
        }
        productionWindows = productionWindows == null ? List.of() : List.copyOf(productionWindows);
        drift = drift == null ? List.of() : List.copyOf(drift);
        if (!Double.isNaN(referenceRate) && !(referenceRate > 0 && referenceRate <= 1)) {
            throw new IllegalArgumentException("reference rate must be in (0, 1] or NaN (take it from the first windows), got "
                    + referenceRate);
        }
    }
}
