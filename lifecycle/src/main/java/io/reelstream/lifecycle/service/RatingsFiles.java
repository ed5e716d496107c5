package io.reelstream.lifecycle.service;

import io.reelstream.core.preference.Preference;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The MovieLens text layouts the retrain reads and writes: {@code ratings.csv} (with a header),
 * {@code ratings.dat} ({@code ::}) and {@code u.data} (tabs), each {@code userId, movieId, rating,
 * timestamp (s)}. Counts the training data for the drift reference, and writes a retrain's training
 * set: the data dir's ratings with the gathered swipes appended as rating rows, and its movies file.
 *
 * <p>A swipe becomes a rating inside its PROTOCOL bucket ({@link #rating}): +2 → 5.0, +1 → 3.5,
 * −1 → 2.5, −2 → 1.0, so {@link Preference#fromRating} gives the swipe's preference back.
 */
public final class RatingsFiles {
    /** A text layout: its ratings file, separator, header, and the movies files the trainer reads with it. */
    public enum Layout {
        CSV("ratings.csv", ",", true, List.of("movies.csv")),
        DAT("ratings.dat", "::", false, List.of("movies.dat")),
        UDATA("u.data", "\t", false, List.of("u.item", "u.genre"));

        final String ratingsFile;
        final String separator;
        final boolean header;
        final List<String> companions;

        Layout(String ratingsFile, String separator, boolean header, List<String> companions) {
            this.ratingsFile = ratingsFile;
            this.separator = separator;
            this.header = header;
            this.companions = companions;
        }
    }

    /** The training data's counts: ratings per preference bin (−2, −1, +1, +2) and per movie. */
    public record Counts(long[] preferences, Map<Integer, Long> perMovie, long rows) {}

    private RatingsFiles() {}

    /**
     * The layout of a MovieLens directory.
     *
     * @throws IllegalArgumentException naming the directory and what it should hold
     */
    public static Layout layout(Path dataDir) {
        if (dataDir == null || !Files.isDirectory(dataDir)) {
            throw new IllegalArgumentException("data dir " + dataDir + " is not a directory: set it to a MovieLens"
                    + " directory holding ratings.csv (or ratings.dat, u.data) and its movies file");
        }
        for (Layout l : Layout.values()) if (Files.isRegularFile(dataDir.resolve(l.ratingsFile))) return l;
        throw new IllegalArgumentException("data dir " + dataDir + " holds no ratings.csv, ratings.dat or u.data:"
                + " the retrain needs a MovieLens text layout (Parquet ratings are not supported here)");
    }

    /** The rating a swipe becomes: the middle of its PROTOCOL bucket (+2 → 5.0, +1 → 3.5, −1 → 2.5, −2 → 1.0). */
    public static double rating(int preference) {
        return switch (preference) {
            case 2 -> 5.0;
            case 1 -> 3.5;
            case -1 -> 2.5;
            case -2 -> 1.0;
            default -> throw new IllegalArgumentException("preference must be -2, -1, +1 or +2, got " + preference);
        };
    }

    /** Counts the data dir's ratings by preference and by movie. O(rows), streaming. */
    public static Counts count(Path dataDir) {
        Layout layout = layout(dataDir);
        Path file = dataDir.resolve(layout.ratingsFile);
        long[] prefs = new long[4];
        Map<Integer, Long> perMovie = new HashMap<>();
        long rows = 0;
        Pattern split = Pattern.compile(Pattern.quote(layout.separator));
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank() || (layout.header && lineNo == 1)) continue;
                String[] f = split.split(line.trim(), 5);
                if (f.length < 3) throw new IllegalArgumentException(file + ":" + lineNo + ": expected userId, movieId, rating");
                try {
                    int movie = Integer.parseInt(f[1].trim());
                    double rating = Double.parseDouble(f[2].trim());
                    prefs[Preference.toBucket(Preference.fromRating(rating)) - 1]++;
                    perMovie.merge(movie, 1L, Long::sum);
                    rows++;
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(file + ":" + lineNo + ": " + e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return new Counts(prefs, perMovie, rows);
    }

    /** The counts of {@code base} plus the swipes (what a retrain on base + swipes trains on). */
    public static Counts plus(Counts base, List<FeedbackLog.Row> swipes) {
        long[] prefs = base.preferences().clone();
        Map<Integer, Long> perMovie = new HashMap<>(base.perMovie());
        for (FeedbackLog.Row s : swipes) {
            prefs[Preference.toBucket(s.preference()) - 1]++;
            perMovie.merge(s.movieId(), 1L, Long::sum);
        }
        return new Counts(prefs, perMovie, base.rows() + swipes.size());
    }

    /**
     * Writes a training set into {@code outDir}: the data dir's ratings file in the same layout, then
     * one row per swipe (timestamp = eventTime / 1000), and its movies file(s) copied. A user's latest
     * swipe on a movie is the newest evidence: it replaces that user's rating of the movie in the data
     * dir and the user's earlier swipes on it (the trainer refuses repeated (user, movie) pairs).
     * O(ratings + swipes).
     *
     * @return outDir
     */
    public static Path writeTrainingSet(Path dataDir, List<FeedbackLog.Row> swipes, Path outDir) {
        Layout layout = layout(dataDir);
        Map<Long, FeedbackLog.Row> latest = new LinkedHashMap<>();
        for (FeedbackLog.Row s : swipes) {
            long key = pair(s.userId(), s.movieId());
            latest.remove(key);
            latest.put(key, s);
        }
        Path in = dataDir.resolve(layout.ratingsFile);
        Path ratings = outDir.resolve(layout.ratingsFile);
        Pattern split = Pattern.compile(Pattern.quote(layout.separator));
        try {
            Files.createDirectories(outDir);
            for (String companion : layout.companions) {
                Path from = dataDir.resolve(companion);
                if (Files.isRegularFile(from)) Files.copy(from, outDir.resolve(companion), StandardCopyOption.REPLACE_EXISTING);
            }
            try (BufferedReader r = Files.newBufferedReader(in, StandardCharsets.UTF_8);
                 BufferedWriter w = Files.newBufferedWriter(ratings, StandardCharsets.UTF_8)) {
                String line;
                int lineNo = 0;
                while ((line = r.readLine()) != null) {
                    lineNo++;
                    if (!(layout.header && lineNo == 1) && !line.isBlank() && !latest.isEmpty()) {
                        String[] f = split.split(line.trim(), 3);
                        try {
                            if (f.length >= 2 && latest.containsKey(pair(Integer.parseInt(f[0].trim()), Integer.parseInt(f[1].trim())))) {
                                continue; // replaced by the user's swipe
                            }
                        } catch (NumberFormatException e) {
                            // not ours to judge: the trainer reports the line
                        }
                    }
                    w.write(line);
                    w.newLine();
                }
                String sep = layout.separator;
                for (FeedbackLog.Row s : latest.values()) {
                    w.write(s.userId() + sep + s.movieId() + sep + String.format(Locale.ROOT, "%.1f", rating(s.preference()))
                            + sep + Math.floorDiv(s.eventTimeMs(), 1000L));
                    w.newLine();
                }
            }
            return outDir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the training set into " + outDir + ": " + e.getMessage(), e);
        }
    }

    private static long pair(int user, int movie) {
        return ((long) user << 32) | (movie & 0xffffffffL);
    }
}
