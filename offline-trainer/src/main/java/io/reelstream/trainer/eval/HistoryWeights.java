package io.reelstream.trainer.eval;

import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.core.recency.RecencyWeights;
import io.reelstream.trainer.split.ChronologicalHistory;

/**
 * A user's history as the item-to-item scorer reads it, oldest first:
 * <pre>
 *   r_j = recency(age_j, Δt_j) · x(preference_j)       core RecencyWeights × core PreferenceWeights
 * </pre>
 * One instance per thread (it keeps the buffers). O(|history|).
 */
final class HistoryWeights {
    private final ChronologicalHistory history;
    private final PreferenceWeights x;
    private final RecencyWeights recency;
    int[] rows = new int[0];
    float[] value = new float[0];
    long[] times = new long[0];
    byte[] preference = new byte[0];
    float[] decay = new float[0];

    HistoryWeights(ChronologicalHistory history, PreferenceWeights x, RecencyWeights recency) {
        this.history = history;
        this.x = x;
        this.recency = recency;
    }

    /** Fills rows/value/decay/preference for the user; returns the history length (0 for user −1). */
    int fill(int user) {
        if (user < 0) return 0;
        int from = history.start(user), count = history.size(user);
        if (rows.length < count) {
            rows = new int[count];
            value = new float[count];
            times = new long[count];
            preference = new byte[count];
            decay = new float[count];
        }
        for (int h = 0; h < count; h++) {
            rows[h] = history.item(from + h);
            times[h] = history.timeMs(from + h);
            preference[h] = history.preference(from + h);
        }
        recency.weigh(times, count, decay);
        if (x != null) for (int h = 0; h < count; h++) value[h] = decay[h] * x.of(preference[h]);
        return count;
    }
}
