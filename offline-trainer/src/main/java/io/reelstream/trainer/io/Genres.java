package io.reelstream.trainer.io;

import java.util.List;
import java.util.Map;

/**
 * The MovieLens genre vocabulary: the 19 genres of ml-100k/1m/10m plus IMAX from ml-latest (20).
 * Older spellings map to the current ones ("Children's" → "Children"); "unknown" and
 * "(no genres listed)" mean no genre.
 */
public final class Genres {
    public static final List<String> CANONICAL = List.of(
            "Action", "Adventure", "Animation", "Children", "Comedy", "Crime", "Documentary", "Drama",
            "Fantasy", "Film-Noir", "Horror", "IMAX", "Musical", "Mystery", "Romance", "Sci-Fi",
            "Thriller", "War", "Western");
    public static final String NO_GENRES = "(no genres listed)";

    /** ml-100k's u.item flag order (19 flags; the first is "unknown"). */
    public static final List<String> U_ITEM_FLAGS = List.of(
            "unknown", "Action", "Adventure", "Animation", "Children's", "Comedy", "Crime", "Documentary",
            "Drama", "Fantasy", "Film-Noir", "Horror", "Musical", "Mystery", "Romance", "Sci-Fi",
            "Thriller", "War", "Western");

    private static final Map<String, String> ALIASES = Map.of("Children's", "Children", "Childrens", "Children");

    private Genres() {}

    /** Canonical name of a genre, or null when it means "no genre". */
    public static String canonical(String raw) {
        String g = raw.trim();
        if (g.isEmpty() || g.equals(NO_GENRES) || g.equalsIgnoreCase("unknown")) return null;
        return ALIASES.getOrDefault(g, g);
    }
}
