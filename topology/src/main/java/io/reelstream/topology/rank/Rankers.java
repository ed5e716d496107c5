package io.reelstream.topology.rank;

import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.rank.ItemRanker;

/**
 * The one place that picks the ranker a new model version is served with: core's exact
 * {@link ItemRanker} (block-pruned SIMD-friendly scan, same list as a full scan; thread-safe via
 * per-thread sessions). {@link ScanRanker} is the plain reference the tests compare against.
 */
public final class Rankers {
    private Rankers() {}

    public static CandidateRanker forModel(FactorMatrix items) {
        ItemRanker ranker = ItemRanker.build(items);
        return ranker::topN;
    }
}
