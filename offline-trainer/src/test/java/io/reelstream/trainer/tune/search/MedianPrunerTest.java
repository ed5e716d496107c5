package io.reelstream.trainer.tune.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class MedianPrunerTest {
    /** A finished trial with intermediate values at steps 5, 10, 15. */
    private static TrialRecord trial(int number, TrialState state, double... atSteps) {
        TreeMap<Integer, Double> m = new TreeMap<>();
        for (int i = 0; i < atSteps.length; i++) m.put(5 * (i + 1), atSteps[i]);
        double value = state == TrialState.COMPLETE ? atSteps[atSteps.length - 1] : Double.NaN;
        return new TrialRecord(number, Map.of(), state, value, m, null, 0);
    }

    private static List<TrialRecord> fiveComplete() {
        List<TrialRecord> h = new ArrayList<>();
        h.add(trial(0, TrialState.COMPLETE, 0.05, 0.07, 0.08));
        h.add(trial(1, TrialState.COMPLETE, 0.06, 0.08, 0.09));
        h.add(trial(2, TrialState.COMPLETE, 0.04, 0.05, 0.06));
        h.add(trial(3, TrialState.COMPLETE, 0.07, 0.09, 0.09));
        h.add(trial(4, TrialState.COMPLETE, 0.03, 0.06)); // fewer iterations: nothing at step 15
        return h;
    }

    @Test
    void prunesBelowTheMedianOfCompleteTrialsAtTheSameStep() {
        MedianPruner p = MedianPruner.defaults();
        List<TrialRecord> h = fiveComplete();
        assertEquals(0.05, p.medianAt(5, h), 1e-12);
        assertEquals(0.07, p.medianAt(10, h), 1e-12);
        assertEquals(0.085, p.medianAt(15, h), 1e-12, "four trials reached step 15: mean of the middle two");
        assertTrue(p.shouldPrune(5, 0.049, h));
        assertFalse(p.shouldPrune(5, 0.05, h), "at the median goes on");
        assertTrue(p.shouldPrune(15, 0.08, h));
        assertFalse(p.shouldPrune(20, 0.0, h), "no trial reported at step 20: nothing to compare with");
        assertTrue(p.shouldPrune(5, Double.NaN, h));
    }

    @Test
    void waitsForStartupTrialsAndWarmupAndIgnoresPrunedOrFailedTrials() {
        List<TrialRecord> h = fiveComplete();
        assertFalse(new MedianPruner(6, 0, 1).shouldPrune(5, 0.0, h), "only 5 complete trials, 6 needed");
        assertFalse(new MedianPruner(5, 10, 1).shouldPrune(5, 0.0, h), "step 5 is inside the warm-up");
        assertTrue(new MedianPruner(5, 10, 1).shouldPrune(10, 0.0, h));
        assertFalse(new MedianPruner(5, 0, 5).shouldPrune(15, 0.0, h), "only 4 trials reported at step 15");
        h.add(trial(5, TrialState.PRUNED, 0.0));
        h.add(trial(6, TrialState.PRUNED, 0.0));
        h.add(trial(7, TrialState.FAILED, 0.0));
        assertEquals(0.05, MedianPruner.defaults().medianAt(5, h), 1e-12, "pruned and failed trials leave the median alone");
    }
}
