package io.reelstream.connectors.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/** Small synthetic MovieLens ratings files for tests: shuffled lines, shared timestamps, fixed seed. */
public final class RatingsFiles {
    public record Rating(int userId, int movieId, double rating, long timestamp) {}

    private RatingsFiles() {}

    /**
     * {@code users} users with {@code perUser} distinct movies each; timestamps drawn from a small range
     * so several ratings share a second (the order must break those ties by ids).
     */
    public static List<Rating> generate(int users, int perUser, long seed) {
        Random random = new Random(seed);
        List<Rating> ratings = new ArrayList<>();
        double[] scale = {0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 3.5, 4.0, 4.5, 5.0};
        for (int user = 1; user <= users; user++) {
            List<Integer> movies = new ArrayList<>();
            for (int m = 1; m <= perUser * 3; m++) movies.add(m * 7);
            Collections.shuffle(movies, random);
            for (int i = 0; i < perUser; i++) {
                long timestamp = 964_980_000L + random.nextInt(perUser * 4);
                ratings.add(new Rating(user, movies.get(i), scale[random.nextInt(scale.length)], timestamp));
            }
        }
        Collections.shuffle(ratings, random);
        return ratings;
    }

    public static Path writeCsv(Path dir, List<Rating> ratings) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("userId,movieId,rating,timestamp");
        for (Rating r : ratings) lines.add(r.userId() + "," + r.movieId() + "," + r.rating() + "," + r.timestamp());
        Path file = dir.resolve("ratings.csv");
        Files.write(file, lines);
        return file;
    }
}
