package io.reelstream.schemas.registry;

import io.reelstream.schemas.ModelKeys;
import io.reelstream.schemas.ModelLineage;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelStage;
import io.reelstream.schemas.StageTransition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * How registry entries are built and extended, shared by {@link ModelRegistryClient#register} and
 * the lifecycle's stage rules. An entry is never edited: a change writes a new value that repeats
 * every earlier transition and appends new ones, with {@code revision + 1} (the registration is
 * revision 1). {@link #checkAppendOnly} is what the writer enforces before it commits.
 */
public final class RegistryEntries {
    /** Model kinds a version may be served as (ModelRegistryEntry.kind, ModelVersion.kind). */
    public static final Set<String> KINDS = Set.of("als", "itemitem", "blend");

    private RegistryEntries() {}

    /**
     * The CANDIDATE entry of a newly registered version: one transition (none → CANDIDATE).
     *
     * @throws RegistryRefusedException for a version that is not a valid model key prefix or an unknown kind
     */
    public static ModelRegistryEntry candidate(String version, String kind, ModelLineage lineage,
                                               Map<String, Double> offlineMetrics, long at, String by, String reason) {
        try {
            ModelKeys.prefix(version);
        } catch (IllegalArgumentException e) {
            throw new RegistryRefusedException(e.getMessage());
        }
        if (!KINDS.contains(kind)) {
            throw new RegistryRefusedException("model kind '" + kind + "' of " + version + " is not one of " + new java.util.TreeSet<>(KINDS));
        }
        Objects.requireNonNull(lineage, "lineage");
        StageTransition registered = transition(version, null, ModelStage.CANDIDATE, at, by,
                reason == null || reason.isBlank() ? "registered" : reason, false, Map.of());
        return ModelRegistryEntry.newBuilder()
                .setModelVersion(version)
                .setKind(kind)
                .setStage(ModelStage.CANDIDATE)
                .setRegisteredAt(at)
                .setLineage(lineage)
                .setOfflineMetrics(new TreeMap<>(offlineMetrics == null ? Map.of() : offlineMetrics))
                .setTransitions(List.of(registered))
                .setRevision(1L)
                .build();
    }

    public static StageTransition transition(String version, ModelStage from, ModelStage to, long at, String by,
                                             String reason, boolean forced, Map<String, Double> details) {
        return StageTransition.newBuilder()
                .setModelVersion(version)
                .setFrom(from)
                .setTo(to)
                .setAt(at)
                .setBy(by == null || by.isBlank() ? "unknown" : by)
                .setReason(reason == null ? "" : reason)
                .setForced(forced)
                .setDetails(new TreeMap<>(details))
                .build();
    }

    /** {@code entry} with {@code transitions} appended, the stage of the last one, revision + 1. */
    public static ModelRegistryEntry append(ModelRegistryEntry entry, List<StageTransition> transitions) {
        if (transitions.isEmpty()) return entry;
        List<StageTransition> all = new ArrayList<>(entry.getTransitions());
        all.addAll(transitions);
        return ModelRegistryEntry.newBuilder(entry)
                .setStage(transitions.get(transitions.size() - 1).getTo())
                .setTransitions(all)
                .setRevision(entry.getRevision() + 1)
                .build();
    }

    /** When the entry's last transition happened (its registration if it has none). */
    public static long lastTransitionAt(ModelRegistryEntry entry) {
        List<StageTransition> t = entry.getTransitions();
        return t.isEmpty() ? entry.getRegisteredAt() : t.get(t.size() - 1).getAt();
    }

    /**
     * The time to stamp the next change with: {@code now}, or one ms after the latest transition
     * in the registry if the clock is behind it. Transitions are then strictly ordered by time
     * across all entries even when writers' clocks disagree, which is what "the version that was
     * PRODUCTION before" is computed from.
     */
    public static long nextAt(Collection<ModelRegistryEntry> entries, long now) {
        long latest = Long.MIN_VALUE;
        for (ModelRegistryEntry e : entries) {
            latest = Math.max(latest, e.getRegisteredAt());
            for (StageTransition t : e.getTransitions()) latest = Math.max(latest, t.getAt());
        }
        return latest == Long.MIN_VALUE ? now : Math.max(now, latest + 1);
    }

    /**
     * Checks that {@code next} may replace {@code previous} (null for a new version): same version,
     * kind, registration time, lineage and offline metrics; the previous transitions repeated
     * unchanged and at least one appended; revision + 1; stage = the last transition's target.
     *
     * @throws IllegalStateException naming what was edited (a bug in the caller's rules)
     */
    public static void checkAppendOnly(ModelRegistryEntry previous, ModelRegistryEntry next) {
        String v = next.getModelVersion();
        List<StageTransition> nt = next.getTransitions();
        if (nt.isEmpty()) throw new IllegalStateException("entry " + v + " has no transitions");
        if (next.getStage() != nt.get(nt.size() - 1).getTo()) {
            throw new IllegalStateException("entry " + v + " has stage " + next.getStage() + " but its last transition goes to "
                    + nt.get(nt.size() - 1).getTo());
        }
        for (StageTransition t : nt) {
            if (!v.equals(t.getModelVersion())) {
                throw new IllegalStateException("entry " + v + " holds a transition of " + t.getModelVersion());
            }
        }
        if (previous == null) {
            if (nt.get(0).getFrom() != null) throw new IllegalStateException("new entry " + v + " must start with a registration");
            return;
        }
        List<StageTransition> pt = previous.getTransitions();
        if (!previous.getKind().equals(next.getKind()) || previous.getRegisteredAt() != next.getRegisteredAt()
                || !previous.getLineage().equals(next.getLineage())
                || !previous.getOfflineMetrics().equals(next.getOfflineMetrics())) {
            throw new IllegalStateException("entry " + v + ": kind, registration, lineage and offline metrics never change");
        }
        if (nt.size() <= pt.size() || !nt.subList(0, pt.size()).equals(pt)) {
            throw new IllegalStateException("entry " + v + ": transitions are append-only (had " + pt.size()
                    + ", the new value must repeat them and add at least one)");
        }
        if (next.getRevision() != previous.getRevision() + 1) {
            throw new IllegalStateException("entry " + v + ": revision must go from " + previous.getRevision() + " to "
                    + (previous.getRevision() + 1) + ", not " + next.getRevision());
        }
    }
}
