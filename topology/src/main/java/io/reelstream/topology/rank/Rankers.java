package io.reelstream.topology.rank;

import io.reelstream.core.model.FactorMatrix;
import io.reelstream.core.rank.ItemRanker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that picks the ranker a new model version is served with: core's exact
 * {@link ItemRanker} (block-pruned SIMD-friendly scan, same list as a full scan; thread-safe via
 * per-thread sessions), or with {@code rank.retrieval=ivf} the approximate {@link IvfRanker}
 * (exact scores for the items it finds). {@link ScanRanker} is the plain reference the tests compare against.
 */
public final class Rankers {
    private static final Logger log = LoggerFactory.getLogger(Rankers.class);
    /** The IVF's k-means seed: fixed, so every instance builds the same lists for a version. */
    public static final long IVF_SEED = 42;

    private Rankers() {}

    /** The exact ranker (the default) with this JVM's default scan. */
    public static CandidateRanker forModel(FactorMatrix items) {
        return forModel(items, ItemRanker.defaultScan());
    }

    /** The exact ranker with a chosen scan (config rank.scan); every scan returns the same lists. */
    public static CandidateRanker forModel(FactorMatrix items, ItemRanker.Scan scan) {
        long start = System.nanoTime();
        ItemRanker ranker = ItemRanker.build(items, ItemRanker.DEFAULT_BLOCK_SIZE, true, scan);
        log.info("exact ranker over {} items x k={} built in {} ms: {} scan{} (Java {})", items.rows(), items.k(),
                (System.nanoTime() - start) / 1_000_000, ranker.scan().toString().toLowerCase(java.util.Locale.ROOT),
                ranker.scan() == ItemRanker.Scan.FP32 ? "" : " with exact rescoring", Runtime.version().feature());
        return ranker::topN;
    }

    public static CandidateRanker forModel(FactorMatrix items, Retrieval retrieval) {
        return forModel(items, retrieval, ItemRanker.defaultScan());
    }

    public static CandidateRanker forModel(FactorMatrix items, Retrieval retrieval, ItemRanker.Scan scan) {
        if (retrieval.kind() == Retrieval.Kind.EXACT) return forModel(items, scan);
        long start = System.nanoTime();
        IvfRanker ivf = IvfRanker.build(items, retrieval.ivfLists(), retrieval.ivfProbe(), IVF_SEED);
        log.info("IVF over {} items x k={} built in {} ms: {} lists, probe {}", items.rows(), items.k(),
                (System.nanoTime() - start) / 1_000_000, ivf.lists(), ivf.probe());
        return ivf;
    }
}
