package io.reelstream.topology.model;

import io.reelstream.topology.rank.ScanRanker;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Tiny hand-made models for unit tests. */
public final class TestModels {
    private TestModels() {}

    /**
     * A snapshot whose movie ids are 1..rows (row r = movieId r+1), factors given row-major,
     * popularity rank = row order, no content neighbours.
     */
    public static ModelSnapshot snapshot(String version, int k, float[] rowMajor, FoldInParams foldIn) {
        int rows = rowMajor.length / k;
        List<CatalogItem> items = new ArrayList<>();
        for (int r = 0; r < rows; r++) {
            float[] f = new float[k];
            System.arraycopy(rowMajor, r * k, f, 0, k);
            items.add(new CatalogItem(r + 1, f, "Movie " + (r + 1), 2000, List.of("Drama"), rows - r, r + 1, new int[0]));
        }
        return ModelSnapshot.build(version, 0L, items, foldIn, ScanRanker::new);
    }

    /** Random N(0, 0.3) factors for {@code rows} movies, ids 1..rows, fixed seed. */
    public static float[] randomFactors(int rows, int k, long seed) {
        Random rnd = new Random(seed);
        float[] y = new float[rows * k];
        for (int i = 0; i < y.length; i++) y[i] = (float) (rnd.nextGaussian() * 0.3);
        return y;
    }
}
