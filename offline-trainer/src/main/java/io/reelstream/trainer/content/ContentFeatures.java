package io.reelstream.trainer.content;

import io.reelstream.trainer.io.Genres;
import io.reelstream.trainer.io.IdMapping;
import io.reelstream.trainer.io.Movie;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Content vectors of the fitted items: one flag per genre (the genres present, canonical order,
 * plus a "no genres" flag: 20 for ml-latest, 19 for ml-100k) as a bit mask, and the year scaled to
 * [0, 0.1] by (year − minYear) / (maxYear − minYear) · 0.1, so the year separates movies of the same
 * genres without outweighing one shared genre. A movie without a year sits at the middle, 0.05.
 */
public final class ContentFeatures {
    public static final double YEAR_WEIGHT = 0.1;
    public static final String NO_GENRES_FLAG = Genres.NO_GENRES;

    private final List<String> vocabulary;
    private final long[] genreMask;
    private final float[] year;
    private final double[] inverseNorm; // 1 / √(|G| + y²), once per item instead of a √ per pair

    private ContentFeatures(List<String> vocabulary, long[] genreMask, float[] year) {
        this.vocabulary = vocabulary;
        this.genreMask = genreMask;
        this.year = year;
        this.inverseNorm = new double[genreMask.length];
        for (int i = 0; i < genreMask.length; i++) {
            double squared = Long.bitCount(genreMask[i]) + (double) year[i] * year[i];
            inverseNorm[i] = squared == 0 ? 0 : 1 / Math.sqrt(squared);
        }
    }

    public static ContentFeatures of(IdMapping items, Map<Integer, Movie> movies) {
        TreeSet<String> extra = new TreeSet<>();
        List<String> vocabulary = new ArrayList<>();
        boolean[] canonicalSeen = new boolean[Genres.CANONICAL.size()];
        boolean noGenres = false;
        int minYear = Integer.MAX_VALUE;
        int maxYear = Integer.MIN_VALUE;
        for (int i = 0; i < items.size(); i++) {
            Movie m = movies.get(items.id(i));
            if (m == null || m.genres().isEmpty()) noGenres = true;
            if (m == null) continue;
            for (String g : m.genres()) {
                int c = Genres.CANONICAL.indexOf(g);
                if (c >= 0) canonicalSeen[c] = true;
                else extra.add(g);
            }
            if (m.hasYear()) {
                minYear = Math.min(minYear, m.year());
                maxYear = Math.max(maxYear, m.year());
            }
        }
        for (int c = 0; c < canonicalSeen.length; c++) if (canonicalSeen[c]) vocabulary.add(Genres.CANONICAL.get(c));
        vocabulary.addAll(extra);
        if (noGenres) vocabulary.add(NO_GENRES_FLAG);
        if (vocabulary.size() > Long.SIZE) {
            throw new IllegalStateException("more than 64 genres (" + vocabulary.size() + "): genre masks are 64-bit");
        }
        long[] mask = new long[items.size()];
        float[] year = new float[items.size()];
        int noGenresBit = vocabulary.indexOf(NO_GENRES_FLAG);
        for (int i = 0; i < items.size(); i++) {
            Movie m = movies.get(items.id(i));
            if (m == null || m.genres().isEmpty()) {
                mask[i] = 1L << noGenresBit;
            } else {
                for (String g : m.genres()) mask[i] |= 1L << vocabulary.indexOf(g);
            }
            year[i] = scaledYear(m, minYear, maxYear);
        }
        return new ContentFeatures(List.copyOf(vocabulary), mask, year);
    }

    private static float scaledYear(Movie m, int minYear, int maxYear) {
        if (m == null || !m.hasYear() || maxYear <= minYear) return (float) (YEAR_WEIGHT / 2);
        return (float) ((m.year() - minYear) / (double) (maxYear - minYear) * YEAR_WEIGHT);
    }

    public List<String> vocabulary() { return vocabulary; }
    public int items() { return genreMask.length; }
    /** Genre bit mask per item (bit b = vocabulary().get(b)); shared, do not modify. */
    public long[] genreMasks() { return genreMask; }
    public float year(int item) { return year[item]; }

    /** The dense vector of one item: genre flags then the scaled year. */
    public float[] vector(int item) {
        float[] v = new float[vocabulary.size() + 1];
        for (int b = 0; b < vocabulary.size(); b++) if ((genreMask[item] & (1L << b)) != 0) v[b] = 1f;
        v[vocabulary.size()] = year[item];
        return v;
    }

    /** Similarity of two items, in O(1) from the masks. */
    public float similarity(Similarity kind, int a, int b) {
        long ga = genreMask[a];
        long gb = genreMask[b];
        if (kind == Similarity.JACCARD) {
            int union = Long.bitCount(ga | gb);
            return union == 0 ? 0f : Long.bitCount(ga & gb) / (float) union;
        }
        double dot = Long.bitCount(ga & gb) + (double) year[a] * year[b];
        return (float) (dot * inverseNorm[a] * inverseNorm[b]);
    }
}
