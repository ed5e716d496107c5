package io.reelstream.core.experiment;

/**
 * What an experiment's {@link DecisionRule} concludes at one look; the names equal the wire enum
 * ExperimentOutcome (Experiment.avsc), which the lifecycle maps one to one.
 */
public enum Outcome {
    /** The treatment is significantly better by at least the bar: promote it. */
    PROMOTE_TREATMENT,
    /** The treatment is significantly worse: stop it and keep the control. */
    KEEP_CONTROL,
    /** Not enough trials, not significant, or significant but below the bar: keep running. */
    INCONCLUSIVE
}
