package io.reelstream.trainer.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.BitSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a MovieLens directory in any official layout (detected from the file names), or a Parquet
 * ratings file (a directory's ratings.parquet or a .parquet path), streaming the ratings into
 * primitive columns. Every bad line fails the load with file:line (file:row N for Parquet) and the
 * reason, unless skip-bad-lines is on, in which case bad lines are dropped and counted per reason.
 * A repeated (user, movie) pair is a bad line too: the first occurrence in the file is kept.
 */
public final class MovieLensLoader {
    private static final Logger LOG = LoggerFactory.getLogger(MovieLensLoader.class);

    private MovieLensLoader() {}

    public static Dataset load(Path dir, boolean skipBadLines) {
        return load(dir, skipBadLines, LoadProgress.NONE);
    }

    public static Dataset load(Path dir, boolean skipBadLines, LoadProgress progress) {
        MovieLensLayout layout = MovieLensLayout.detect(dir);
        IssueLog issues = new IssueLog(skipBadLines);
        // --data may name a .parquet file itself; its movies.csv is then looked for beside it
        boolean dataIsFile = MovieLensLayout.isParquetFile(dir);
        Path ratingsFile = dataIsFile ? dir : dir.resolve(layout.ratingsFile());
        Path moviesFile = (dataIsFile ? dir.toAbsolutePath().getParent() : dir).resolve(layout.moviesFile());
        String ratingsName = ratingsFile.getFileName().toString();
        Map<String, String> sha = new LinkedHashMap<>();
        RatingsTable ratings = new RatingsTable(initialCapacity(layout, ratingsFile));
        Map<Integer, Movie> movies = new HashMap<>();
        try {
            sha.put(ratingsName, layout == MovieLensLayout.PARQUET
                    ? new ParquetRatingsReader(issues).read(ratingsFile, ratings, progress)
                    : new RatingsFileReader(layout, issues).read(ratingsFile, ratings, progress));
            if (Files.isRegularFile(moviesFile)) {
                sha.put(layout.moviesFile(), new MoviesFileReader(layout, issues).read(moviesFile, movies, progress));
            } else {
                LOG.warn("{} not found: movies have no titles or genres (content model and diversity need them)", moviesFile);
            }
        } catch (IOException e) {
            throw new BadInputException("cannot read " + dir + ": " + e, e);
        }
        if (ratings.size() == 0) {
            throw new BadInputException(ratingsFile + " has no ratings; expected " + (layout == MovieLensLayout.PARQUET
                    ? "rows" : "lines") + " of userId, movieId, rating, timestamp");
        }
        dropDuplicates(ratingsName, layout == MovieLensLayout.PARQUET, ratings, issues);
        long unknown = countUnknownMovies(ratings, movies);
        if (unknown > 0 && !movies.isEmpty()) {
            LOG.warn("{} rating(s) name a movieId missing from {}; those movies have no metadata", unknown, layout.moviesFile());
        }
        return new Dataset(layout, ratings, movies, sha, issues);
    }

    /**
     * Finds repeated (user, movie) pairs in one O(n) pass: rows grouped by user (file order kept),
     * and per movie the last user that rated it, so a repeat is a movie stamped with the current user.
     * Without skip-bad-lines the earliest repeated line in the file is reported. Parquet rows are
     * reported as "file:row N" (rowNumbers), text lines as "file:N".
     */
    static void dropDuplicates(String file, boolean rowNumbers, RatingsTable ratings, IssueLog issues) {
        int n = ratings.size();
        IdMapping users = IdMapping.of(n, ratings::user, null);
        IdMapping movies = IdMapping.of(n, ratings::movie, null);
        RowGroups byUser = RowGroups.of(n, users.size(), r -> users.indexOf(ratings.user(r)), null);
        int[] stamp = new int[movies.size()];
        int[] firstRow = new int[movies.size()];
        java.util.Arrays.fill(stamp, -1);
        BitSet keep = new BitSet(n);
        keep.set(0, n);
        int earliestDuplicate = -1;
        int duplicateOf = -1;
        int[] rows = byUser.rows();
        for (int u = 0; u < byUser.groups(); u++) {
            for (int j = byUser.start(u); j < byUser.end(u); j++) {
                int row = rows[j];
                int m = movies.indexOf(ratings.movie(row));
                if (stamp[m] == u) {
                    keep.clear(row);
                    if (issues.skipBadLines()) {
                        report(issues, file, rowNumbers, ratings.line(row), duplicateDetail(ratings, rowNumbers, row, firstRow[m]));
                    } else if (earliestDuplicate < 0 || ratings.line(row) < ratings.line(earliestDuplicate)) {
                        earliestDuplicate = row;
                        duplicateOf = firstRow[m];
                    }
                } else {
                    stamp[m] = u;
                    firstRow[m] = row;
                }
            }
        }
        if (earliestDuplicate >= 0) {
            report(issues, file, rowNumbers, ratings.line(earliestDuplicate),
                    duplicateDetail(ratings, rowNumbers, earliestDuplicate, duplicateOf));
        }
        if (keep.cardinality() < n) ratings.retain(keep);
    }

    private static void report(IssueLog issues, String file, boolean rowNumbers, int line, String detail) {
        if (rowNumbers) {
            issues.reportRow(file, line, LineIssue.DUPLICATE, detail);
        } else {
            issues.report(file, line, LineIssue.DUPLICATE, detail);
        }
    }

    private static String duplicateDetail(RatingsTable ratings, boolean rowNumbers, int row, int first) {
        return "user " + ratings.user(row) + " already rated movie " + ratings.movie(row)
                + (rowNumbers ? " at row " : " at line ") + ratings.line(first);
    }

    /** Ratings whose movie is not in movies; the ids go through an int lookup, not a boxed map key per rating. */
    private static long countUnknownMovies(RatingsTable ratings, Map<Integer, Movie> movies) {
        IdMapping known = IdMapping.ofSorted(movies.keySet().stream().mapToInt(Integer::intValue).sorted().toArray());
        long unknown = 0;
        for (int r = 0; r < ratings.size(); r++) if (known.indexOf(ratings.movie(r)) < 0) unknown++;
        return unknown;
    }

    /**
     * Rows ≈ bytes / 20 for csv: avoids most doublings on big files without over-allocating small ones.
     * Parquet is compressed (ML-style columns take ~5-8 bytes a row), so bytes / 5 there.
     */
    private static int initialCapacity(MovieLensLayout layout, Path ratingsFile) {
        long bytesPerRow = layout == MovieLensLayout.PARQUET ? 5 : 20;
        try {
            return (int) Math.min(1 << 26, Math.max(1 << 12, Files.size(ratingsFile) / bytesPerRow));
        } catch (IOException e) {
            return 1 << 12;
        }
    }
}
