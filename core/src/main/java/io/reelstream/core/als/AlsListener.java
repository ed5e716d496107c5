package io.reelstream.core.als;

/** Progress of {@link ImplicitAls#fit}: called once per iteration, from the fitting thread. */
@FunctionalInterface
public interface AlsListener {
    /** Ignores every report. */
    AlsListener NONE = (iteration, loss, nanos) -> { };

    /**
     * @param iteration 1-based iteration just finished (one user sweep plus one item sweep)
     * @param loss      the implicit-ALS objective after it, or {@code Double.NaN} when
     *                  {@link AlsParams#computeLoss()} is off (the loss costs an extra pass)
     * @param nanos     wall time of the iteration's two sweeps, excluding the loss pass
     */
    void onIteration(int iteration, double loss, long nanos);

    /**
     * Called right after {@link #onIteration} with the factors as they are after that iteration,
     * e.g. to score an intermediate model (a tuner's pruner). {@code current} wraps the live arrays
     * of the fit: read them during the call only and never write them. Returning false stops the
     * fit here; {@link ImplicitAls#fit} then returns these factors. The factors do not depend on
     * the listener, so a fit stopped at iteration t equals a fit of t iterations.
     *
     * @return true to go on (the default), false to stop after this iteration
     */
    default boolean continueAfter(int iteration, AlsModel current) {
        return true;
    }
}
