package io.reelstream.connectors.source;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Reads a whole MovieLens ratings file into a {@link RatingsTable}. A header line (first field not a
 * number) is skipped; a malformed line is logged with file:line and skipped, and counted in
 * {@link Result#skippedLines()} — one bad line in 25 million should not stop a replay.
 */
public final class RatingsReader {
    private static final Logger log = LoggerFactory.getLogger(RatingsReader.class);
    /** After this many WARN lines the rest of the malformed lines are only counted. */
    static final int MAX_LOGGED_BAD_LINES = 10;

    private RatingsReader() {}

    public record Result(RatingsTable table, int skippedLines) {}

    public static Result read(Path file, RatingsLayout layout) throws IOException {
        Pattern separator = Pattern.compile(Pattern.quote(layout.separator()));
        // ~25 bytes a line in ratings.csv: a good first guess of the row count avoids most regrowth
        long bytes = Files.size(file);
        RatingsTable table = new RatingsTable((int) Math.min(Integer.MAX_VALUE - 8, bytes / 25 + 16));
        int skipped = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNo = 0;
            while ((line = in.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] f = separator.split(line.strip(), -1);
                if (lineNo == 1 && f.length > 0 && !looksNumeric(f[0])) continue; // header
                String problem = parseInto(f, table);
                if (problem != null) {
                    skipped++;
                    if (skipped <= MAX_LOGGED_BAD_LINES) {
                        log.warn("{}:{}: {} — line skipped: '{}'", file, lineNo, problem, abbreviate(line));
                    }
                }
            }
        }
        if (skipped > 0) {
            log.warn("{}: skipped {} malformed line(s) of {} (layout {})", file, skipped, table.size() + skipped, layout);
        }
        return new Result(table, skipped);
    }

    /** Parses userId, movieId, rating, timestamp into the table; returns what is wrong, or null. */
    static String parseInto(String[] f, RatingsTable table) {
        if (f.length < 4) return "expected 4 fields userId, movieId, rating, timestamp, found " + f.length;
        try {
            int userId = Integer.parseInt(f[0].trim());
            int movieId = Integer.parseInt(f[1].trim());
            float rating = Float.parseFloat(f[2].trim());
            long timestamp = Long.parseLong(f[3].trim());
            if (!Float.isFinite(rating) || rating < 0) return "rating must be a finite number >= 0, got " + f[2];
            if (timestamp < 0) return "timestamp must be >= 0 seconds, got " + f[3];
            table.add(userId, movieId, rating, timestamp);
            return null;
        } catch (NumberFormatException e) {
            return "not a number: " + e.getMessage();
        }
    }

    private static boolean looksNumeric(String s) {
        String t = s.trim();
        if (t.isEmpty()) return false;
        for (int i = 0; i < t.length(); i++) {
            if (!Character.isDigit(t.charAt(i)) && t.charAt(i) != '-') return false;
        }
        return true;
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
