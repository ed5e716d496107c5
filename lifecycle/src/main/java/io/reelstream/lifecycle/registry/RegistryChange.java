package io.reelstream.lifecycle.registry;

import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.registry.RegistryWrite;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a rule decided: the new values of the entries it changed (each the old value plus appended
 * transitions), the experiment records it wrote, and the versions whose rows on item-embeddings and
 * item-neighbours are to be tombstoned (retention). A rule never mutates the view it was given.
 */
public record RegistryChange(List<ModelRegistryEntry> entries, List<Experiment> experiments, Set<String> removeRowsOf) {
    public RegistryChange {
        entries = List.copyOf(entries);
        experiments = List.copyOf(experiments);
        removeRowsOf = Set.copyOf(new TreeSet<>(removeRowsOf));
    }

    public static RegistryChange of(List<ModelRegistryEntry> entries) {
        return new RegistryChange(entries, List.of(), Set.of());
    }

    /** The entry of {@code version} this change writes, or null. */
    public ModelRegistryEntry entry(String version) {
        for (ModelRegistryEntry e : entries) if (e.getModelVersion().equals(version)) return e;
        return null;
    }

    /**
     * This change followed by {@code later} (computed on the view with this change applied): for a
     * version both write, the later value wins, since it already repeats this one's transitions.
     * Its revision is then one more than before this change: one write, however many transitions.
     */
    RegistryChange then(RegistryChange later, RegistryView before) {
        Map<String, ModelRegistryEntry> byVersion = new LinkedHashMap<>();
        for (ModelRegistryEntry e : entries) byVersion.put(e.getModelVersion(), e);
        for (ModelRegistryEntry e : later.entries) {
            ModelRegistryEntry original = before.entry(e.getModelVersion());
            if (byVersion.containsKey(e.getModelVersion()) && original != null) {
                e = ModelRegistryEntry.newBuilder(e).setRevision(original.getRevision() + 1).build();
            } else if (byVersion.containsKey(e.getModelVersion())) {
                e = ModelRegistryEntry.newBuilder(e).setRevision(1L).build();
            }
            byVersion.put(e.getModelVersion(), e);
        }
        Map<String, Experiment> experimentsById = new LinkedHashMap<>();
        for (Experiment x : experiments) experimentsById.put(x.getExperimentId(), x);
        for (Experiment x : later.experiments) experimentsById.put(x.getExperimentId(), x);
        Set<String> remove = new TreeSet<>(removeRowsOf);
        remove.addAll(later.removeRowsOf);
        return new RegistryChange(new ArrayList<>(byVersion.values()), new ArrayList<>(experimentsById.values()), remove);
    }

    /** What the fenced writer commits for this change. */
    public RegistryWrite toWrite() {
        return new RegistryWrite(entries, experiments, removeRowsOf);
    }

    public boolean isEmpty() {
        return entries.isEmpty() && experiments.isEmpty() && removeRowsOf.isEmpty();
    }
}
