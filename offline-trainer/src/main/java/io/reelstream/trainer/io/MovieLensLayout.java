package io.reelstream.trainer.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/** The official MovieLens directory layouts, recognised by their ratings file's name. */
public enum MovieLensLayout {
    /** ml-latest, ml-latest-small, ml-20m, ml-25m, ml-32m: {@code userId,movieId,rating,timestamp} with a header. */
    CSV("ratings.csv", "movies.csv"),
    /** ml-1m, ml-10m: {@code user::movie::rating::timestamp}, no header. */
    DAT("ratings.dat", "movies.dat"),
    /** ml-100k: tab-separated {@code user item rating timestamp}; u.item is '|'-separated with 19 genre flags. */
    UDATA("u.data", "u.item"),
    /** {@code userId, movieId, rating, timestamp} columns in a Parquet file; titles and genres from an optional movies.csv. */
    PARQUET("ratings.parquet", "movies.csv");

    /** Suffix of a Parquet ratings file that --data may name directly (its directory may hold movies.csv). */
    public static final String PARQUET_SUFFIX = ".parquet";

    private final String ratingsFile;
    private final String moviesFile;

    MovieLensLayout(String ratingsFile, String moviesFile) {
        this.ratingsFile = ratingsFile;
        this.moviesFile = moviesFile;
    }

    public String ratingsFile() { return ratingsFile; }
    public String moviesFile() { return moviesFile; }

    /** The text layout of the movies file: Parquet ratings come with a MovieLens movies.csv. */
    MovieLensLayout moviesLayout() { return this == PARQUET ? CSV : this; }

    /** True when --data names a Parquet ratings file itself rather than a directory. */
    static boolean isParquetFile(Path data) {
        return Files.isRegularFile(data) && data.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(PARQUET_SUFFIX);
    }

    /**
     * The layout of dir, from the first ratings file name found (csv, dat, u.data, then ratings.parquet);
     * a path to a .parquet file is the Parquet layout.
     */
    public static MovieLensLayout detect(Path dir) {
        if (dir == null) throw new BadInputException("no data directory given; pass --data DIR (a MovieLens directory)");
        if (!Files.exists(dir)) {
            throw new BadInputException("data directory " + dir + " does not exist; pass --data with a MovieLens directory");
        }
        if (isParquetFile(dir)) return PARQUET;
        if (!Files.isDirectory(dir)) {
            throw new BadInputException("data path " + dir + " is neither a directory nor a " + PARQUET_SUFFIX
                    + " file; pass --data with a MovieLens directory or a Parquet ratings file");
        }
        for (MovieLensLayout layout : values()) {
            if (Files.isRegularFile(dir.resolve(layout.ratingsFile))) return layout;
        }
        if (isEmpty(dir)) {
            throw new BadInputException("data directory " + dir + " is empty; expected ratings.csv, ratings.dat, u.data or ratings.parquet");
        }
        throw new BadInputException("unknown data layout in " + dir
                + ": expected ratings.csv (+ movies.csv), ratings.dat (+ movies.dat), u.data (+ u.item)"
                + " or ratings.parquet (+ movies.csv)" + subdirectoryHint(dir));
    }

    /** "; did you mean --data dir/ml-latest-small?" when a subdirectory holds a known layout. */
    private static String subdirectoryHint(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(Files::isDirectory)
                    .filter(sub -> java.util.Arrays.stream(values()).anyMatch(l -> Files.isRegularFile(sub.resolve(l.ratingsFile))))
                    .sorted()
                    .findFirst()
                    .map(sub -> "; did you mean --data " + sub + "?")
                    .orElse("");
        } catch (IOException e) {
            return "";
        }
    }

    private static boolean isEmpty(Path dir) {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        } catch (IOException e) {
            throw new BadInputException("cannot list data directory " + dir + ": " + e.getMessage(), e);
        }
    }
}
