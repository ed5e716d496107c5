package io.reelstream.trainer.tune.search;

/** How a trial ended (Optuna's states, minus RUNNING and WAITING, which a finished record never has). */
public enum TrialState {
    /** Ran to the end; its value counts. */
    COMPLETE,
    /** Stopped by the pruner: an intermediate value trailed the median of earlier trials at that step. */
    PRUNED,
    /** Threw: recorded with its reason, the search went on. */
    FAILED,
    /** Stopped because the time budget ran out; it says nothing about its parameters. */
    CANCELLED;

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
