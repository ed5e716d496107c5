package io.reelstream.trainer.tune.search;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Draws the parameter values of one trial from the space, knowing the finished trials. A sampler
 * keeps no state between calls: trial n's values depend only on (seed, n, history), so a study
 * that hands it the same history draws the same trials however its trials are scheduled.
 */
public interface Sampler {
    /** Parameter id → value for every parameter active under the values drawn before it. */
    Map<String, Object> sample(SearchSpace space, List<TrialRecord> history, int trialNumber);

    /** How many distinct trials this sampler can produce (grid size), or Integer.MAX_VALUE. */
    default int maxTrials(SearchSpace space) {
        return Integer.MAX_VALUE;
    }

    /** A random stream for trial n of a study seeded with seed: independent of other trials' streams. */
    static SplittableRandom randomFor(long seed, int trialNumber) {
        // SplitMix64's finaliser of (seed, n) so neighbouring seeds and trials share no stream
        long z = seed * 0x9E3779B97F4A7C15L + (trialNumber + 1L) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return new SplittableRandom(z ^ (z >>> 31));
    }
}
