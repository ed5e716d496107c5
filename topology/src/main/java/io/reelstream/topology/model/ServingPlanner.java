package io.reelstream.topology.model;

import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentStatus;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelStage;
import io.reelstream.schemas.StageTransition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides which model versions serve, from what the global stores hold: the complete versions on
 * item-embeddings (marker present, every row there), the model-registry entries and the experiments.
 * Pure: the loader calls it whenever one of those changes.
 *
 * <ul>
 *   <li><b>production</b> = the registry's PRODUCTION version (the one whose newest transition is
 *       latest, should a race ever leave two). With no registry entry at all — a deployment without
 *       the lifecycle — the newest complete version serves. With entries but none in PRODUCTION,
 *       nothing serves until one is promoted. A PRODUCTION version whose rows are still arriving is
 *       not switched to until it is complete: the previous production keeps serving meanwhile.</li>
 *   <li><b>experiment</b> = the RUNNING experiment (the earliest started should a race leave two),
 *       active only while both arms are complete versions.</li>
 * </ul>
 */
public final class ServingPlanner {
    /** A complete version on item-embeddings: name and training time (for the newest-version fallback). */
    public record CompleteVersion(String version, long trainedAt) {}

    /** The versions to serve, and why (one line per notable decision, for logs and REST). */
    public record Plan(String production, String experimentId, String control, String treatment, double treatmentShare,
                       List<String> notes) {
        public boolean hasExperiment() {
            return experimentId != null;
        }
    }

    private ServingPlanner() {}

    /**
     * @param complete        complete versions, any order
     * @param registry        model-registry entries by version (decoded ones only)
     * @param experiments     experiments by id (decoded ones only)
     * @param servingNow      the production version served now (kept while a new one is incomplete), or null
     */
    public static Plan plan(Collection<CompleteVersion> complete, Map<String, ModelRegistryEntry> registry,
                            Map<String, Experiment> experiments, String servingNow) {
        List<String> notes = new ArrayList<>();
        java.util.Set<String> ready = new java.util.HashSet<>();
        for (CompleteVersion v : complete) ready.add(v.version());

        String production;
        if (registry.isEmpty()) {
            production = complete.stream()
                    .max(Comparator.comparingLong(CompleteVersion::trainedAt).thenComparing(CompleteVersion::version))
                    .map(CompleteVersion::version).orElse(null);
            if (production != null) notes.add("no model-registry entries: serving the newest published version " + production);
        } else {
            Optional<ModelRegistryEntry> inProduction = registry.values().stream()
                    .filter(e -> e.getStage() == ModelStage.PRODUCTION)
                    .max(Comparator.comparingLong(ServingPlanner::lastTransitionAt)
                            .thenComparing(ModelRegistryEntry::getModelVersion));
            if (inProduction.isEmpty()) {
                production = null;
                notes.add("no PRODUCTION version in the model registry: promote one (reelstream models promote VERSION)");
            } else if (ready.contains(inProduction.get().getModelVersion())) {
                production = inProduction.get().getModelVersion();
            } else {
                production = servingNow != null && ready.contains(servingNow) ? servingNow : null;
                notes.add("PRODUCTION version " + inProduction.get().getModelVersion()
                        + " is not complete on item-embeddings yet; serving " + (production == null ? "nothing" : production)
                        + " until it is");
            }
        }

        Experiment running = experiments.values().stream()
                .filter(e -> e.getStatus() == ExperimentStatus.RUNNING)
                .min(Comparator.comparingLong(Experiment::getStartedAt).thenComparing(Experiment::getExperimentId))
                .orElse(null);
        if (running != null) {
            boolean armsReady = ready.contains(running.getControlVersion()) && ready.contains(running.getTreatmentVersion());
            boolean shareOk = running.getTreatmentShare() > 0 && running.getTreatmentShare() < 1;
            if (armsReady && shareOk) {
                return new Plan(production, running.getExperimentId(), running.getControlVersion(),
                        running.getTreatmentVersion(), running.getTreatmentShare(), List.copyOf(notes));
            }
            notes.add("experiment " + running.getExperimentId() + " is RUNNING but "
                    + (shareOk ? "its arms " + running.getControlVersion() + " / " + running.getTreatmentVersion()
                    + " are not both complete on item-embeddings" : "its treatment share " + running.getTreatmentShare()
                    + " is outside (0, 1)") + "; users get production meanwhile");
        }
        return new Plan(production, null, null, null, 0, List.copyOf(notes));
    }

    private static long lastTransitionAt(ModelRegistryEntry e) {
        long at = e.getRegisteredAt();
        for (StageTransition t : e.getTransitions()) at = Math.max(at, t.getAt());
        return at;
    }
}
