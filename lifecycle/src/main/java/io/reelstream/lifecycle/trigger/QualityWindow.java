package io.reelstream.lifecycle.trigger;

import io.reelstream.core.experiment.Metric;
import io.reelstream.schemas.OnlineMetrics;

/**
 * One closed window of production's online quality: trials and successes of the metric (positives
 * and hits for hit_rate) in the tumbling window starting at {@code windowStart} (epoch ms).
 */
public record QualityWindow(long windowStart, long trials, long successes) {
    public QualityWindow {
        if (trials < 0 || successes < 0 || successes > trials) {
            throw new IllegalArgumentException("window at " + windowStart + " needs 0 <= successes <= trials, got "
                    + successes + " of " + trials);
        }
    }

    /** successes / trials, NaN without trials. */
    public double rate() {
        return trials == 0 ? Double.NaN : successes / (double) trials;
    }

    /** The current window of an OnlineMetrics record, read as the given metric. */
    public static QualityWindow of(OnlineMetrics metrics, Metric metric) {
        var w = metrics.getWindow();
        return new QualityWindow(metrics.getWindowStart(), metric.trials(w.getPositives(), w.getShownSwipes()), w.getHits());
    }
}
