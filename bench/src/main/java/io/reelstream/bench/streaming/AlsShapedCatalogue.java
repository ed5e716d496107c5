package io.reelstream.bench.streaming;

import io.reelstream.bench.ranking.RankingWorkload;
import io.reelstream.core.model.FactorMatrix;
import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.topology.SyntheticCatalogue;

import java.util.ArrayList;
import java.util.List;

/**
 * A catalogue with the shape of learned factors: implicit ALS fitted on Zipf-popular,
 * cluster-correlated synthetic histories ({@link RankingWorkload#synthetic}, the catalogue
 * RankingBench measures). Movie ids follow ‖yi‖ descending (ALS gives popular movies the longer
 * factors), so movie 1 is the most popular, as in {@link SyntheticCatalogue#rows}. Unlike those
 * Gaussian rows, its norms and directions spread like a trained model's, which is what ItemRanker's
 * block bounds prune on.
 */
final class AlsShapedCatalogue {
    /** ALS iterations of the fit: RankingBench's default (users: RankingWorkload.syntheticUsers, also its default). */
    private static final int ALS_ITERATIONS = 8;

    private AlsShapedCatalogue() {}

    static List<ItemEmbedding> rows(String version, int n, int k, long seed) {
        FactorMatrix fitted = RankingWorkload.synthetic(n, RankingWorkload.syntheticUsers(n), k, ALS_ITERATIONS, seed).items;
        float[] Y = fitted.values();
        int[] order = RankingWorkload.rowsByNormDescending(fitted);
        List<ItemEmbedding> out = new ArrayList<>(n);
        for (int movie = 1; movie <= n; movie++) {
            int row = order[movie - 1];
            List<Float> factors = new ArrayList<>(k);
            for (int a = 0; a < k; a++) factors.add(Y[row * k + a]);
            out.add(SyntheticCatalogue.row(version, movie, n, factors));
        }
        return out;
    }
}
