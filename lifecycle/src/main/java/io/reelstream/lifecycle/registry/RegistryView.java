package io.reelstream.lifecycle.registry;

import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentStatus;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelStage;
import io.reelstream.schemas.StageTransition;
import io.reelstream.schemas.registry.RegistryEntries;
import io.reelstream.schemas.registry.RegistryState;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An immutable, in-memory view of the registry (version → entry) and the experiments (id →
 * record), with what the rules derive from it: the production version, the running experiment,
 * the production history (the rollback stack) and which versions' rows were removed.
 */
public final class RegistryView {
    /**
     * Key in a transition's details marking that the version's rows were tombstoned on
     * item-embeddings and item-neighbours. The registry entry has no field for it, so the removal is
     * recorded as a transition ARCHIVED → ARCHIVED carrying this key, committed in the same
     * transaction as the tombstones: the registry says exactly which versions are still loadable.
     */
    public static final String ROWS_REMOVED = "rows.removed";

    private final Map<String, ModelRegistryEntry> entries;
    private final Map<String, Experiment> experiments;

    private RegistryView(Map<String, ModelRegistryEntry> entries, Map<String, Experiment> experiments) {
        this.entries = Collections.unmodifiableMap(new TreeMap<>(entries));
        this.experiments = Collections.unmodifiableMap(new TreeMap<>(experiments));
    }

    public static RegistryView empty() {
        return new RegistryView(Map.of(), Map.of());
    }

    public static RegistryView of(RegistryState state) {
        return new RegistryView(state.entries(), state.experiments());
    }

    public static RegistryView of(Collection<ModelRegistryEntry> entries, Collection<Experiment> experiments) {
        Map<String, ModelRegistryEntry> e = new TreeMap<>();
        for (ModelRegistryEntry x : entries) e.put(x.getModelVersion(), x);
        Map<String, Experiment> x = new TreeMap<>();
        for (Experiment y : experiments) x.put(y.getExperimentId(), y);
        return new RegistryView(e, x);
    }

    /** version → entry, sorted by version. */
    public Map<String, ModelRegistryEntry> entries() {
        return entries;
    }

    /** experimentId → record, sorted by id. */
    public Map<String, Experiment> experiments() {
        return experiments;
    }

    /** The entry of {@code version}, or null. */
    public ModelRegistryEntry entry(String version) {
        return entries.get(version);
    }

    public Experiment experiment(String id) {
        return experiments.get(id);
    }

    /** The PRODUCTION version (the rules keep at most one; otherwise the one promoted last). */
    public Optional<ModelRegistryEntry> production() {
        return entries.values().stream().filter(e -> e.getStage() == ModelStage.PRODUCTION)
                .max(Comparator.comparingLong(RegistryEntries::lastTransitionAt));
    }

    /** The RUNNING experiment (the rules allow one at a time: every experiment splits all users). */
    public Optional<Experiment> runningExperiment() {
        return experiments.values().stream().filter(x -> x.getStatus() == ExperimentStatus.RUNNING)
                .min(Comparator.comparingLong(Experiment::getStartedAt));
    }

    /**
     * The production history as a stack, oldest first, the current production last: every arrival
     * at PRODUCTION in time order pushes its version, except that a version already on the stack
     * (which can only come back by a rollback, as promote refuses ARCHIVED versions) truncates the
     * stack to it. So promotions A, B, C give [A, B, C]; a rollback then gives [A, B]; another [A].
     */
    public List<String> productionHistory() {
        record Arrival(long at, int order, String version) {}
        List<Arrival> arrivals = new ArrayList<>();
        int order = 0;
        for (ModelRegistryEntry e : entries.values()) {
            for (StageTransition t : e.getTransitions()) {
                if (t.getTo() == ModelStage.PRODUCTION && t.getFrom() != ModelStage.PRODUCTION) {
                    arrivals.add(new Arrival(t.getAt(), order++, e.getModelVersion()));
                }
            }
        }
        arrivals.sort(Comparator.comparingLong(Arrival::at).thenComparingInt(Arrival::order));
        List<String> stack = new ArrayList<>();
        for (Arrival a : arrivals) {
            int at = stack.indexOf(a.version());
            if (at >= 0) stack.subList(at + 1, stack.size()).clear();
            else stack.add(a.version());
        }
        return stack;
    }

    /** The version a rollback restores: the one that was PRODUCTION before the current one. */
    public Optional<String> rollbackTarget() {
        return rollbackChain().stream().findFirst();
    }

    /**
     * The versions successive rollbacks would restore, next first: the production history below the
     * current production, newest first. Empty without a production.
     */
    public List<String> rollbackChain() {
        Optional<ModelRegistryEntry> production = production();
        List<String> stack = productionHistory();
        if (production.isEmpty() || stack.isEmpty() || !stack.get(stack.size() - 1).equals(production.get().getModelVersion())) {
            return List.of();
        }
        List<String> chain = new ArrayList<>(stack.subList(0, stack.size() - 1));
        Collections.reverse(chain);
        return chain;
    }

    /** True when the version's rows were tombstoned (see {@link #ROWS_REMOVED}). */
    public static boolean rowsRemoved(ModelRegistryEntry entry) {
        for (StageTransition t : entry.getTransitions()) if (t.getDetails().containsKey(ROWS_REMOVED)) return true;
        return false;
    }

    /** The time to stamp the next change with ({@link RegistryEntries#nextAt}). */
    public long nextAt(long now) {
        return RegistryEntries.nextAt(entries.values(), now);
    }

    /** This view with {@code change} applied. */
    public RegistryView apply(RegistryChange change) {
        Map<String, ModelRegistryEntry> e = new TreeMap<>(entries);
        for (ModelRegistryEntry x : change.entries()) e.put(x.getModelVersion(), x);
        Map<String, Experiment> x = new TreeMap<>(experiments);
        for (Experiment y : change.experiments()) x.put(y.getExperimentId(), y);
        return new RegistryView(e, x);
    }
}
