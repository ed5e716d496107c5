package io.reelstream.trainer.io;

import java.util.List;

/**
 * One movie's metadata: the cleaned display title, the year (0 when the title has none), the
 * genres (canonical names, empty for "(no genres listed)") and alternate titles from parentheses.
 */
public record Movie(int movieId, String title, int year, List<String> genres, List<String> alternateTitles) {
    public static final int NO_YEAR = 0;

    public Movie {
        genres = List.copyOf(genres);
        alternateTitles = List.copyOf(alternateTitles);
    }

    public boolean hasYear() {
        return year != NO_YEAR;
    }
}
