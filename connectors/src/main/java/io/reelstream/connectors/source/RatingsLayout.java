package io.reelstream.connectors.source;

import java.nio.file.Path;
import java.util.Locale;

/**
 * The three MovieLens ratings layouts (PROTOCOL.md "Input"): the line separator of
 * {@code userId, movieId, rating, timestamp} and whether a header line may come first.
 */
public enum RatingsLayout {
    /** ratings.csv of ml-latest(-small), ml-20m/25m/32m: {@code userId,movieId,rating,timestamp} with a header. */
    CSV(","),
    /** ratings.dat of ml-1m and ml-10m: {@code userId::movieId::rating::timestamp}. */
    DAT("::"),
    /** u.data of ml-100k: tab-separated {@code user item rating timestamp}. */
    TAB("\t");

    private final String separator;

    RatingsLayout(String separator) {
        this.separator = separator;
    }

    public String separator() {
        return separator;
    }

    /**
     * The layout named by a file: {@code *.csv} → CSV, {@code *.dat} → DAT, {@code u.data},
     * {@code *.data} or {@code *.tsv} → TAB.
     *
     * @throws IllegalArgumentException for any other name
     */
    public static RatingsLayout fromFileName(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv")) return CSV;
        if (name.endsWith(".dat")) return DAT;
        if (name.endsWith(".data") || name.endsWith(".tsv")) return TAB;
        throw new IllegalArgumentException("cannot tell the ratings layout of " + file
                + " from its name (expected ratings.csv, ratings.dat or u.data); set layout=csv|dat|tab");
    }
}
