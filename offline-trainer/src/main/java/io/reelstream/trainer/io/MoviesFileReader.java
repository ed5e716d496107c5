package io.reelstream.trainer.io;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads movies.csv ({@code movieId,title,genres}, quoted titles), movies.dat
 * ({@code id::title::genres}) or u.item ({@code id|title|release date|video date|url|19 flags}).
 * The files are small (a few MB), so they are read whole and decoded as UTF-8, falling back to
 * ISO-8859-1 (ml-100k and ml-1m are Latin-1).
 */
final class MoviesFileReader {
    private static final int U_ITEM_FIELDS = 5 + Genres.U_ITEM_FLAGS.size();

    private final MovieLensLayout layout;
    private final IssueLog issues;

    MoviesFileReader(MovieLensLayout layout, IssueLog issues) {
        this.layout = layout.moviesLayout();
        this.issues = issues;
    }

    /** Reads movies into out; returns the file's SHA-256. */
    String read(Path file, Map<Integer, Movie> out, LoadProgress progress) throws IOException {
        String name = file.getFileName().toString();
        String text;
        String sha;
        try (TrackedInput in = new TrackedInput(file, progress)) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            in.transferTo(bytes);
            sha = in.sha256();
            text = decode(bytes.toByteArray());
        }
        Map<Integer, Integer> firstLine = new HashMap<>();
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            long lineNo = i + 1;
            String line = lines[i];
            if (line.isBlank()) continue;
            if (i == 0 && layout == MovieLensLayout.CSV && line.replace("\uFEFF", "").startsWith("movieId")) continue;
            Movie movie = parse(name, lineNo, line);
            if (movie == null) continue;
            Integer previous = firstLine.putIfAbsent(movie.movieId(), (int) lineNo);
            if (previous != null) {
                issues.report(name, lineNo, LineIssue.DUPLICATE_MOVIE, "movieId " + movie.movieId()
                        + " is already listed at line " + previous);
                continue;
            }
            out.put(movie.movieId(), movie);
        }
        return sha;
    }

    private Movie parse(String name, long lineNo, String line) {
        List<String> fields = switch (layout) {
            case CSV, PARQUET -> splitCsv(line);
            case DAT -> List.of(line.split("::", -1));
            case UDATA -> List.of(line.split("\\|", -1));
        };
        int expected = layout == MovieLensLayout.UDATA ? U_ITEM_FIELDS : 3;
        if (fields == null || fields.size() != expected) {
            issues.report(name, lineNo, LineIssue.MALFORMED, "expected " + expected + " fields, found "
                    + (fields == null ? "an unterminated quote" : String.valueOf(fields.size())));
            return null;
        }
        int movieId;
        try {
            movieId = Integer.parseInt(fields.get(0).trim());
        } catch (NumberFormatException e) {
            issues.report(name, lineNo, LineIssue.NOT_NUMERIC, "movieId '" + fields.get(0) + "' is not a number");
            return null;
        }
        TitleParser.ParsedTitle title = TitleParser.parse(fields.get(1));
        int year = title.year();
        Set<String> genres = new LinkedHashSet<>();
        if (layout == MovieLensLayout.UDATA) {
            if (year == Movie.NO_YEAR) year = yearOfReleaseDate(fields.get(2));
            for (int g = 0; g < Genres.U_ITEM_FLAGS.size(); g++) {
                if (fields.get(5 + g).trim().equals("1")) addGenre(genres, Genres.U_ITEM_FLAGS.get(g));
            }
        } else {
            for (String g : fields.get(2).split("\\|")) addGenre(genres, g);
        }
        return new Movie(movieId, title.title(), year, new ArrayList<>(genres), title.alternates());
    }

    private static void addGenre(Set<String> genres, String raw) {
        String g = Genres.canonical(raw);
        if (g != null) genres.add(g);
    }

    /** "01-Jan-1995" → 1995, or NO_YEAR. */
    private static int yearOfReleaseDate(String date) {
        String d = date.trim();
        if (d.length() < 4) return Movie.NO_YEAR;
        try {
            return Integer.parseInt(d.substring(d.length() - 4));
        } catch (NumberFormatException e) {
            return Movie.NO_YEAR;
        }
    }

    /** RFC 4180 fields of one line ("" inside quotes is a quote); null on an unterminated quote. */
    static List<String> splitCsv(String line) {
        List<String> fields = new ArrayList<>(3);
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    field.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) return null;
        fields.add(field.toString());
        return fields;
    }

    private static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString().replace("\uFEFF", "");
        } catch (CharacterCodingException e) {
            return new String(bytes, StandardCharsets.ISO_8859_1);
        }
    }
}
