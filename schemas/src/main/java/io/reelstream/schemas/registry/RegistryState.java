package io.reelstream.schemas.registry;

import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelStage;

import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The registry as read to the end of its topics: the latest entry per model version, the latest
 * record per experiment, and the records that could not be read (skipped, with where they are).
 *
 * @param entries     version → entry, sorted by version
 * @param experiments experimentId → experiment, sorted by id
 * @param skipped     malformed records, in the order read
 */
public record RegistryState(Map<String, ModelRegistryEntry> entries, Map<String, Experiment> experiments,
                            List<SkippedRecord> skipped) {
    public RegistryState {
        entries = Collections.unmodifiableMap(new TreeMap<>(entries));
        experiments = Collections.unmodifiableMap(new TreeMap<>(experiments));
        skipped = List.copyOf(skipped);
    }

    public static RegistryState empty() {
        return new RegistryState(Map.of(), Map.of(), List.of());
    }

    /**
     * The PRODUCTION entry, if any. The rules keep at most one; should a hand-written record break
     * that, the one that reached PRODUCTION last wins.
     */
    public Optional<ModelRegistryEntry> production() {
        return entries.values().stream().filter(e -> e.getStage() == ModelStage.PRODUCTION)
                .max(Comparator.comparingLong(RegistryEntries::lastTransitionAt));
    }
}
