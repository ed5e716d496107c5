package io.reelstream.trainer.tune.search;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A finished trial: its number (0-based, the order it was sampled in), the values it drew
 * (parameter id → value), how it ended, its objective value (NaN unless COMPLETE), the
 * intermediate values it reported (step → value), why it failed or was stopped, its wall time, and
 * what the objective chose to note beside the value (Optuna's user attributes, e.g. other metrics).
 */
public record TrialRecord(int number, Map<String, Object> params, TrialState state, double value,
                          SortedMap<Integer, Double> intermediate, String reason, long durationNanos,
                          Map<String, Object> attributes) {
    public TrialRecord {
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
        intermediate = Collections.unmodifiableSortedMap(new TreeMap<>(intermediate));
        attributes = Collections.unmodifiableMap(new LinkedHashMap<>(attributes));
    }

    public TrialRecord(int number, Map<String, Object> params, TrialState state, double value,
                       SortedMap<Integer, Double> intermediate, String reason, long durationNanos) {
        this(number, params, state, value, intermediate, reason, durationNanos, Map.of());
    }

    public boolean complete() {
        return state == TrialState.COMPLETE;
    }

    /** The last reported step, or -1. */
    public int lastStep() {
        return intermediate.isEmpty() ? -1 : intermediate.lastKey();
    }
}
