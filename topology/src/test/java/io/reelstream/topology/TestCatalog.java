package io.reelstream.topology;

import io.reelstream.schemas.ItemEmbedding;
import io.reelstream.schemas.ModelKeys;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A synthetic published model for tests: movies 1..n with seeded random factors, popularity rank =
 * movieId (movie 1 most popular) and content neighbours movieId+1..+3 (wrapping).
 */
public final class TestCatalog {
    private TestCatalog() {}

    /** movieId → ItemEmbedding rows of one version, in movieId order; the marker is separate. */
    public static Map<Integer, ItemEmbedding> items(String version, int n, int k, long seed) {
        Random rnd = new Random(seed);
        Map<Integer, ItemEmbedding> out = new LinkedHashMap<>();
        for (int movie = 1; movie <= n; movie++) {
            List<Float> factors = new ArrayList<>(k);
            for (int a = 0; a < k; a++) factors.add((float) (rnd.nextGaussian() * 0.5));
            List<Integer> neighbours = new ArrayList<>();
            for (int d = 1; d <= 3; d++) neighbours.add((movie - 1 + d) % n + 1);
            out.put(movie, ItemEmbedding.newBuilder().setModelVersion(version).setMovieId(movie).setFactors(factors)
                    .setTitle("Movie " + movie).setYear(1990 + movie % 30).setGenres(List.of("Drama"))
                    .setPopularityScore(n - movie + 1.0).setPopularityRank(movie).setContentNeighbours(neighbours)
                    .setMarker(null).build());
        }
        return out;
    }

    public static ItemEmbedding marker(String version, int items, int k) {
        return ModelKeys.markerRecord(ModelKeys.version(version, items, 0, k));
    }
}
