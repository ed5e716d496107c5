package io.reelstream.trainer.tune.search;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/** Independent uniform draws (log-uniform on log ranges), ignoring the history. */
public final class RandomSampler implements Sampler {
    private final long seed;

    public RandomSampler(long seed) {
        this.seed = seed;
    }

    @Override
    public Map<String, Object> sample(SearchSpace space, List<TrialRecord> history, int trialNumber) {
        return sample(space, Sampler.randomFor(seed, trialNumber));
    }

    /** One uniform draw of every active parameter, in space order. */
    static Map<String, Object> sample(SearchSpace space, SplittableRandom random) {
        Map<String, Object> values = new LinkedHashMap<>();
        for (Param p : space.params()) {
            if (p.activeFor(values)) values.put(p.id(), p.domain().sampleUniform(random));
        }
        return values;
    }
}
