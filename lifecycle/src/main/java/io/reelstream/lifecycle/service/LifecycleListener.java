package io.reelstream.lifecycle.service;

import io.reelstream.core.experiment.ExperimentAnalysis;
import io.reelstream.lifecycle.trigger.RetrainTriggers;
import io.reelstream.schemas.Experiment;

/**
 * What the service tells its caller besides the log (the demo prints it; tests wait on it). Every
 * method runs on the service's thread and must return quickly.
 */
public interface LifecycleListener {
    /** Every one-line step the service logs: a decision, a fired trigger, a retrain step, a candidate's fate. */
    default void line(String line) {}

    /** An experiment was concluded with this analysis (PROMOTE_TREATMENT or KEEP_CONTROL). */
    default void concluded(Experiment experiment, ExperimentAnalysis analysis) {}

    /** A trigger evaluation in which at least one rule fired. */
    default void fired(RetrainTriggers.Step step) {}

    /** A retrain published {@code version}; what happened to it next is in {@code plan} and {@code outcome}. */
    default void retrained(String version, String trigger, CandidatePlan plan, String outcome) {}

    /** A retrain failed. */
    default void retrainFailed(String trigger, String error) {}
}
