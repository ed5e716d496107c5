package io.reelstream.demo.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * A small MovieLens csv directory for fast retrains: {@code users} users each rating 20–40 of
 * {@code movies} movies drawn with Zipf-like popularity (movie 1 most popular), mostly liked.
 */
public final class TinyMovieLens {
    record Rating(int user, int movie, double rating, long time) {}

    final List<Rating> ratings = new ArrayList<>();
    final int movies;

    private TinyMovieLens(int movies) {
        this.movies = movies;
    }

    public static TinyMovieLens write(Path dir, int users, int movies, long seed) {
        TinyMovieLens t = new TinyMovieLens(movies);
        SplittableRandom random = new SplittableRandom(seed);
        double[] cdf = new double[movies];
        double sum = 0;
        for (int m = 0; m < movies; m++) cdf[m] = sum += 1.0 / (m + 1);
        for (int u = 1; u <= users; u++) {
            java.util.Set<Integer> seen = new java.util.HashSet<>();
            int n = 20 + random.nextInt(21);
            for (int i = 0; i < n; i++) {
                int movie = 1 + pick(cdf, random.nextDouble() * sum);
                if (!seen.add(movie)) continue;
                double r = random.nextDouble() < 0.75 ? 3.5 + 0.5 * random.nextInt(4) : 0.5 + 0.5 * random.nextInt(5);
                t.ratings.add(new Rating(u, movie, r, 1_600_000_000L + u * 10_000L + i * 60L));
            }
        }
        StringBuilder r = new StringBuilder("userId,movieId,rating,timestamp\n");
        for (Rating x : t.ratings) r.append(String.format(Locale.ROOT, "%d,%d,%.1f,%d%n", x.user, x.movie, x.rating, x.time));
        StringBuilder m = new StringBuilder("movieId,title,genres\n");
        String[] genres = {"Action", "Comedy", "Drama", "Thriller", "Romance"};
        for (int i = 1; i <= movies; i++) m.append(i).append(",Movie ").append(i).append(" (").append(1990 + i % 30).append("),")
                .append(genres[i % genres.length]).append('\n');
        try {
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("ratings.csv"), r);
            Files.writeString(dir.resolve("movies.csv"), m);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }

    private static int pick(double[] cdf, double x) {
        int lo = 0, hi = cdf.length - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (cdf[mid] < x) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }
}
