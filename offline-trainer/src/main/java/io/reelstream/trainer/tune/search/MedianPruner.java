package io.reelstream.trainer.tune.search;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Optuna's MedianPruner, maximising: a trial reporting value v at step s is pruned when v is below
 * the median of the values that earlier complete trials reported at the same step s.
 * <ul>
 *   <li>no pruning until {@code startupTrials} trials are complete (nothing to compare with);</li>
 *   <li>no pruning before step {@code warmupSteps} (early steps say little);</li>
 *   <li>no pruning at a step fewer than {@code minTrialsAtStep} complete trials reported.</li>
 * </ul>
 * Only complete trials count, as in Optuna: pruned trials reached the step but would drag the
 * median down to their own level. A NaN value is always pruned.
 */
public record MedianPruner(int startupTrials, int warmupSteps, int minTrialsAtStep) {
    public static MedianPruner defaults() {
        return new MedianPruner(5, 0, 1);
    }

    public MedianPruner {
        if (startupTrials < 0 || warmupSteps < 0 || minTrialsAtStep < 1) {
            throw new IllegalArgumentException("median pruner needs startupTrials >= 0, warmupSteps >= 0, minTrialsAtStep >= 1");
        }
    }

    /** Whether a trial that reported value at step should stop, given the earlier trials. */
    public boolean shouldPrune(int step, double value, List<TrialRecord> earlier) {
        if (step < warmupSteps) return false;
        long complete = earlier.stream().filter(TrialRecord::complete).count();
        if (complete < startupTrials) return false;
        if (Double.isNaN(value)) return true;
        double median = medianAt(step, earlier);
        return !Double.isNaN(median) && value < median;
    }

    /** The median of the complete trials' values at step, NaN when fewer than minTrialsAtStep reported there. */
    public double medianAt(int step, List<TrialRecord> earlier) {
        List<Double> values = new ArrayList<>();
        for (TrialRecord t : earlier) {
            if (!t.complete()) continue;
            Double v = t.intermediate().get(step);
            if (v != null && !v.isNaN()) values.add(v);
        }
        if (values.size() < minTrialsAtStep) return Double.NaN;
        Collections.sort(values);
        int n = values.size();
        return n % 2 == 1 ? values.get(n / 2) : 0.5 * (values.get(n / 2 - 1) + values.get(n / 2));
    }
}
