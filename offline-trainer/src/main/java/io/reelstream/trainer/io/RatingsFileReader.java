package io.reelstream.trainer.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Streams one ratings file into a {@link RatingsTable}: four fields user, movie, rating, timestamp
 * per line, split by the layout's separator without creating a String per field (only the line and
 * the rating token are transient). Bad lines go to the {@link IssueLog}.
 */
final class RatingsFileReader {
    static final float MIN_RATING = 0.5f;
    static final float MAX_RATING = 5.0f;
    static final String CSV_HEADER = "userId,movieId,rating,timestamp";
    private static final String[] FIELD_NAMES = {"userId", "movieId", "rating", "timestamp"};

    private final MovieLensLayout layout;
    private final String separator;
    private final IssueLog issues;
    private final int[] begin = new int[4];
    private final int[] end = new int[4];

    RatingsFileReader(MovieLensLayout layout, IssueLog issues) {
        this.layout = layout;
        this.separator = switch (layout) {
            case CSV -> ",";
            case DAT -> "::";
            case UDATA -> "\t";
            case PARQUET -> throw new IllegalArgumentException("Parquet ratings are read by ParquetRatingsReader, not as text");
        };
        this.issues = issues;
    }

    /** Reads the whole file; returns its SHA-256. */
    String read(Path file, RatingsTable out, LoadProgress progress) throws IOException {
        String name = file.getFileName().toString();
        try (TrackedInput in = new TrackedInput(file, progress);
             BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            long lineNo = 0;
            while ((line = reader.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                if (lineNo == 1 && layout == MovieLensLayout.CSV) {
                    checkHeader(name, line);
                    continue;
                }
                parseLine(name, lineNo, line, out);
            }
            return in.sha256();
        }
    }

    private static void checkHeader(String name, String line) {
        String header = line.strip().replace("\uFEFF", "");
        if (!header.equals(CSV_HEADER)) {
            throw new BadInputException(name + ":1: header is '" + header + "', expected '" + CSV_HEADER
                    + "'; is this a MovieLens ratings.csv?");
        }
    }

    private void parseLine(String name, long lineNo, String line, RatingsTable out) {
        int fields = split(line);
        if (fields != 4) {
            issues.report(name, lineNo, LineIssue.MALFORMED, "expected 4 fields (userId, movieId, rating, timestamp)"
                    + " separated by '" + printable(separator) + "', found " + fields);
            return;
        }
        int user;
        int movie;
        float rating;
        long timestamp;
        int field = 0;
        try {
            user = Integer.parseInt(line, begin[0], end[0], 10);
            field = 1;
            movie = Integer.parseInt(line, begin[1], end[1], 10);
            field = 2;
            rating = parseRating(line, begin[2], end[2]);
            field = 3;
            timestamp = Long.parseLong(line, begin[3], end[3], 10);
        } catch (NumberFormatException e) {
            issues.report(name, lineNo, LineIssue.NOT_NUMERIC, FIELD_NAMES[field] + " '"
                    + line.substring(begin[field], end[field]) + "' is not a number");
            return;
        }
        if (user < 0 || movie < 0) {
            issues.report(name, lineNo, LineIssue.MALFORMED, "negative id (userId " + user + ", movieId " + movie + ")");
            return;
        }
        if (!(rating >= MIN_RATING && rating <= MAX_RATING)) {
            issues.report(name, lineNo, LineIssue.OUT_OF_RANGE, "rating " + line.substring(begin[2], end[2])
                    + " is outside [" + MIN_RATING + ", " + MAX_RATING + "]");
            return;
        }
        out.add(user, movie, rating, timestamp, lineNo);
    }

    /**
     * The rating of line[from, to). Fast path for plain decimals of at most 7 digits (every MovieLens
     * rating: "4", "3.5"): m / 10^f with m the digits as an integer and f the digits after the point,
     * one float division of two exactly representable numbers, so correctly rounded like
     * Float.parseFloat. Anything else (signs, exponents, long tokens) goes through Float.parseFloat,
     * which also takes "NaN", "Infinity" and "1f": only plain decimals are ratings.
     */
    static float parseRating(String line, int from, int to) {
        int mantissa = 0;
        int digits = 0;
        int fraction = -1; // digits after the point, -1 before it
        for (int i = from; i < to; i++) {
            char c = line.charAt(i);
            if (c >= '0' && c <= '9') {
                mantissa = mantissa * 10 + (c - '0');
                digits++;
                if (fraction >= 0) fraction++;
            } else if (c == '.' && fraction < 0) {
                fraction = 0;
            } else {
                return parseRatingSlow(line.substring(from, to));
            }
        }
        if (digits == 0 || digits > 7) return parseRatingSlow(line.substring(from, to));
        return fraction <= 0 ? (float) mantissa : mantissa / POWERS_OF_TEN[fraction];
    }

    private static final float[] POWERS_OF_TEN = {1f, 1e1f, 1e2f, 1e3f, 1e4f, 1e5f, 1e6f, 1e7f};

    private static float parseRatingSlow(String token) {
        for (int i = 0; i < token.length(); i++) {
            char c = token.charAt(i);
            if (!(c >= '0' && c <= '9') && c != '.' && c != '-' && c != '+') throw new NumberFormatException(token);
        }
        return Float.parseFloat(token);
    }

    /** Fills begin/end of up to 4 fields (whitespace-trimmed); returns the number of fields found. */
    private int split(String line) {
        int from = 0;
        int count = 0;
        int len = line.length();
        while (true) {
            int at = line.indexOf(separator, from);
            int stop = at < 0 ? len : at;
            if (count < 4) {
                int b = from;
                int e = stop;
                while (b < e && Character.isWhitespace(line.charAt(b))) b++;
                while (e > b && Character.isWhitespace(line.charAt(e - 1))) e--;
                begin[count] = b;
                end[count] = e;
            }
            count++;
            if (at < 0) return count;
            from = at + separator.length();
        }
    }

    private static String printable(String sep) {
        return sep.equals("\t") ? "\\t" : sep;
    }
}
