package io.reelstream.trainer.tune;

import io.reelstream.trainer.eval.RecommenderModel;

/** What a trial offers a {@link ModelKind} while it fits: its threads, and the channel to the pruner and the clock. */
public interface TrialContext {
    /** Threads this trial may use (the tuner runs trials side by side). */
    int threads();

    /** Report an intermediate model every this many steps (iterations); 0 = never. */
    int reportEvery();

    /**
     * Scores the intermediate model on the validation users and asks the pruner and the budget.
     *
     * @return true to go on, false to stop fitting now
     */
    boolean report(int step, RecommenderModel intermediate);

    /** True once the time budget has run out: stop fitting now. */
    boolean outOfTime();
}
