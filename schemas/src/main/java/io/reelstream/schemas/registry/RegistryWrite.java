package io.reelstream.schemas.registry;

import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ModelRegistryEntry;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one registry change writes, in one transaction: new values of registry entries (each one
 * the previous value plus appended transitions, revision + 1), experiment records, and the model
 * versions whose rows are to be removed from item-embeddings and item-neighbours (tombstones).
 * The writer derives the audit records from the entries: every transition not in the previous
 * value goes to the audit topic as well.
 */
public record RegistryWrite(List<ModelRegistryEntry> entries, List<Experiment> experiments, Set<String> removeRowsOf) {
    public RegistryWrite {
        entries = List.copyOf(entries);
        experiments = List.copyOf(experiments);
        removeRowsOf = Set.copyOf(new TreeSet<>(removeRowsOf));
    }

    public static RegistryWrite empty() {
        return new RegistryWrite(List.of(), List.of(), Set.of());
    }

    public static RegistryWrite of(ModelRegistryEntry entry) {
        return new RegistryWrite(List.of(entry), List.of(), Set.of());
    }

    public boolean isEmpty() {
        return entries.isEmpty() && experiments.isEmpty() && removeRowsOf.isEmpty();
    }
}
