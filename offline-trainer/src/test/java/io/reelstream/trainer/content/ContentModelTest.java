package io.reelstream.trainer.content;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.reelstream.trainer.io.IdMapping;
import io.reelstream.trainer.io.Movie;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ContentModelTest {
    private static Movie movie(int id, int year, String... genres) {
        return new Movie(id, "m" + id, year, List.of(genres), List.of());
    }

    @Test
    void cosineAndJaccardFromHandComputedVectors() {
        Map<Integer, Movie> movies = Map.of(
                1, movie(1, 1990, "Action", "Comedy"),
                2, movie(2, 2000, "Action"),
                3, movie(3, 2010));
        ContentFeatures f = ContentFeatures.of(IdMapping.ofSorted(new int[] {1, 2, 3}), movies);
        assertEquals(List.of("Action", "Comedy", "(no genres listed)"), f.vocabulary());
        assertEquals(0f, f.year(0));
        assertEquals(0.05f, f.year(1), 1e-7);
        assertEquals(0.1f, f.year(2), 1e-7);
        // item 0 = [1, 1, 0, 0], item 1 = [1, 0, 0, 0.05]: cos = 1 / (√2 · √1.0025)
        assertEquals(1 / (Math.sqrt(2) * Math.sqrt(1.0025)), f.similarity(Similarity.COSINE, 0, 1), 1e-6);
        assertEquals(0.5, f.similarity(Similarity.JACCARD, 0, 1), 1e-7);
        assertEquals(0.0, f.similarity(Similarity.JACCARD, 0, 2), 1e-7);
    }

    @Test
    void groupedNeighbourSearchEqualsThePlainScan() {
        String[] genres = {"Action", "Comedy", "Drama", "Horror", "Romance"};
        Random random = new Random(7);
        Map<Integer, Movie> movies = new java.util.HashMap<>();
        int[] ids = new int[600];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
            List<String> g = new java.util.ArrayList<>();
            for (String s : genres) if (random.nextInt(3) == 0) g.add(s);
            int year = random.nextInt(10) == 0 ? Movie.NO_YEAR : 1950 + random.nextInt(20); // repeated years: ties
            movies.put(ids[i], new Movie(ids[i], "m", year, g, List.of()));
        }
        ContentFeatures f = ContentFeatures.of(IdMapping.ofSorted(ids), movies);
        for (Similarity kind : Similarity.values()) {
            for (int k : new int[] {1, 7, 40}) {
                ContentNeighbours nb = ContentNeighbours.compute(f, kind, k, 2);
                int[] idx = new int[k];
                float[] score = new float[k];
                for (int i = 0; i < ids.length; i++) {
                    int got = ContentNeighbours.bruteForce(f, kind, i, k, idx, score);
                    assertEquals(k, got);
                    for (int j = 0; j < k; j++) {
                        assertEquals(idx[j], nb.neighbour(i, j), kind + " k " + k + " item " + i + " rank " + j);
                        assertEquals(score[j], nb.score(i, j));
                    }
                }
            }
        }
    }
}
