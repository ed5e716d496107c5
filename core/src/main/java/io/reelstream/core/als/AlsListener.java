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
}
