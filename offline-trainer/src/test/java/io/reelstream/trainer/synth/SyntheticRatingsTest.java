package io.reelstream.trainer.synth;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticRatingsTest {
    private record Rating(int user, int movie, float rating, long timestamp) {}

    private static List<Rating> all(SyntheticRatings.Shape shape) {
        List<Rating> out = new ArrayList<>();
        new SyntheticRatings(shape).generate((u, m, r, t) -> out.add(new Rating(u, m, r, t)), SyntheticRatings.Progress.NONE);
        return out;
    }

    @Test
    void smallPresetHasTheExactShapeAndMovieLensRules() {
        SyntheticRatings.Shape shape = SyntheticRatings.Shape.small(7);
        List<Rating> ratings = all(shape);
        assertEquals(shape.ratings(), ratings.size());
        int[] perUser = new int[shape.users() + 1];
        Set<Long> pairs = new HashSet<>();
        long[] lastTime = new long[shape.users() + 1];
        for (Rating r : ratings) {
            assertTrue(r.user() >= 1 && r.user() <= shape.users(), "userId " + r.user());
            assertTrue(r.movie() >= 1 && r.movie() <= shape.movies(), "movieId " + r.movie());
            assertTrue(r.rating() >= 0.5f && r.rating() <= 5f && r.rating() * 2 == Math.round(r.rating() * 2),
                    "half-star rating " + r.rating());
            assertTrue(pairs.add((long) r.user() << 32 | r.movie()), "user " + r.user() + " rated movie " + r.movie() + " twice");
            assertTrue(r.timestamp() > lastTime[r.user()], "timestamps must increase within a user");
            lastTime[r.user()] = r.timestamp();
            perUser[r.user()]++;
        }
        for (int u = 1; u <= shape.users(); u++) assertTrue(perUser[u] >= 20, "user " + u + " has " + perUser[u] + " ratings");
    }

    @Test
    void popularityAndActivityAreSkewed() {
        SyntheticRatings.Shape shape = SyntheticRatings.Shape.small(3);
        int[] perMovie = new int[shape.movies() + 1];
        int[] perUser = new int[shape.users() + 1];
        for (Rating r : all(shape)) {
            perMovie[r.movie()]++;
            perUser[r.user()]++;
        }
        int[] movies = java.util.Arrays.stream(perMovie).sorted().toArray();
        long top10 = 0;
        for (int i = movies.length - movies.length / 10; i < movies.length; i++) top10 += movies[i];
        // Zipf(1) over 1 000 movies puts about 40 % of the mass on the top 10 %; uniform would give 10 %
        assertTrue(top10 > 0.3 * shape.ratings(), "top 10 % of movies hold only " + top10 + " ratings");
        int[] users = java.util.Arrays.stream(perUser).skip(1).sorted().toArray();
        assertTrue(users[users.length - 1] > 4 * users[users.length / 2], "the most active user should far exceed the median");
    }

    @Test
    void sameSeedSameRatingsOtherSeedOtherRatings() {
        SyntheticRatings.Shape a = new SyntheticRatings.Shape(300, 200, 9_000, 11);
        assertEquals(all(a), all(a));
        assertNotEquals(all(a), all(new SyntheticRatings.Shape(300, 200, 9_000, 12)));
    }

    @Test
    void hiddenFactorsMakeMoviesDifferAndUseTheWholeScale() {
        SyntheticRatings.Shape shape = SyntheticRatings.Shape.small(5);
        double[] sum = new double[shape.movies() + 1];
        int[] n = new int[shape.movies() + 1];
        Set<Float> values = new HashSet<>();
        for (Rating r : all(shape)) {
            sum[r.movie()] += r.rating();
            n[r.movie()]++;
            values.add(r.rating());
        }
        double s = 0, s2 = 0;
        int m = 0;
        for (int i = 1; i <= shape.movies(); i++) {
            if (n[i] < 100) continue; // means of 100+ ratings: noise alone would spread them by < 0.1
            double mean = sum[i] / n[i];
            s += mean;
            s2 += mean * mean;
            m++;
        }
        double spread = Math.sqrt(s2 / m - (s / m) * (s / m));
        assertTrue(m > 50 && spread > 0.2, "movie means over " + m + " popular movies spread only " + spread);
        assertTrue(values.size() >= 9, "ratings should use the half-star scale, got " + values);
    }

    @Test
    void impossibleShapesNameTheFlags() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new SyntheticRatings.Shape(10, 30, 1_000, 1));
        assertTrue(e.getMessage().contains("--ratings"), e.getMessage());
    }
}
