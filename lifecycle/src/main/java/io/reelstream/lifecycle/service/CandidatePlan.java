package io.reelstream.lifecycle.service;

import io.reelstream.lifecycle.registry.RegistryView;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ModelRegistryEntry;

import java.util.Locale;
import java.util.Optional;

/**
 * What the service does with a version a retrain registered as CANDIDATE ({@code lifecycle.on.candidate}),
 * decided on the registry as read after the publish. Pure.
 *
 * <pre>
 *   promote     → PROMOTE through the gate (no production yet: the gate is vacuous)
 *   experiment  → EXPERIMENT against production; PROMOTE when there is no production to test against
 *   none        → LEAVE it a CANDIDATE
 *   any         → LEAVE when an experiment is running (production cannot change and one runs at a time)
 * </pre>
 */
public record CandidatePlan(Kind kind, String version, String control, String reason) {
    public enum Kind { PROMOTE, EXPERIMENT, LEAVE }

    /** {@code lifecycle.on.candidate}. */
    public enum OnCandidate {
        PROMOTE, EXPERIMENT, NONE;

        public static OnCandidate parse(String s) {
            try {
                return valueOf(s.trim().toUpperCase(Locale.ROOT));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("'" + s + "' is not one of promote, experiment, none");
            }
        }

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static CandidatePlan plan(OnCandidate on, RegistryView view, String version) {
        if (on == OnCandidate.NONE) {
            return new CandidatePlan(Kind.LEAVE, version, null, "lifecycle.on.candidate = none: left a CANDIDATE");
        }
        Optional<Experiment> running = view.runningExperiment();
        if (running.isPresent()) {
            return new CandidatePlan(Kind.LEAVE, version, null, "experiment " + running.get().getExperimentId()
                    + " is running: " + version + " stays a CANDIDATE (one experiment at a time, production frozen)");
        }
        Optional<ModelRegistryEntry> production = view.production();
        if (on == OnCandidate.PROMOTE || production.isEmpty()) {
            return new CandidatePlan(Kind.PROMOTE, version, null, production.isEmpty() && on == OnCandidate.EXPERIMENT
                    ? "no production version to experiment against: promoting" : "lifecycle.on.candidate = promote");
        }
        return new CandidatePlan(Kind.EXPERIMENT, version, production.get().getModelVersion(),
                "lifecycle.on.candidate = experiment: " + version + " against production " + production.get().getModelVersion());
    }
}
