package io.reelstream.bench.ranking;

import io.reelstream.core.model.FactorMatrix;

/**
 * Loads the nd4j variant only when nd4j is on the classpath (it is a provided-scope, bench-only
 * dependency of the topology module), so the benchmark still runs without it.
 */
final class Nd4jProbe {
    private Nd4jProbe() {}

    static RankingBench.Variant gemvVariant(FactorMatrix items) {
        try {
            Class.forName("org.nd4j.linalg.factory.Nd4j", false, Nd4jProbe.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
        try {
            return new Nd4jGemvRanker(items)::topN;
        } catch (RuntimeException | LinkageError e) {
            System.out.println("  nd4j present but failed to start (" + e + "); skipping its variant");
            return null;
        }
    }
}
