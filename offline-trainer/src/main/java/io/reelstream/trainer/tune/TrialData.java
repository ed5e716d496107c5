package io.reelstream.trainer.tune;

import io.reelstream.core.als.Interactions;
import io.reelstream.trainer.PreparedData;
import io.reelstream.trainer.split.FittedData;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The split every trial of a tune run fits on and is scored against, loaded and cut once, plus a
 * cache for what kinds derive from it (ALS's CSR of swipes): built by the first trial that asks,
 * shared read-only by the rest.
 */
public final class TrialData {
    private final PreparedData.Split split;
    private final Map<String, Object> shared = new ConcurrentHashMap<>();

    public TrialData(PreparedData.Split split) {
        this.split = split;
    }

    public PreparedData.Split split() {
        return split;
    }

    public FittedData fitted() {
        return split.fitted();
    }

    /** The fitted swipes as core's user × item CSR (implicit preferences). */
    public Interactions implicitInteractions() {
        return shared("implicit-interactions", () -> {
            FittedData f = split.fitted();
            return Interactions.fromTriples(f.userCount(), f.itemCount(), f.userOfEntries(), f.itemOfEntries(),
                    f.preferenceOfEntries());
        });
    }

    /** A value derived from the data, computed once per tune run under key. */
    @SuppressWarnings("unchecked")
    public <T> T shared(String key, Supplier<T> compute) {
        return (T) shared.computeIfAbsent(key, k -> compute.get());
    }
}
