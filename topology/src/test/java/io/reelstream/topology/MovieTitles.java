package io.reelstream.topology;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** MovieLens movies.csv (movieId,title,genres; titles quoted when they hold commas) for test catalogues. */
final class MovieTitles {
    private static final Pattern YEAR = Pattern.compile("^(.*?)\\s*\\((\\d{4})\\)\\s*$");

    record Movie(String title, Integer year, List<String> genres) {
    }

    private MovieTitles() {}

    static Map<Integer, Movie> read(Path moviesCsv) throws IOException {
        Map<Integer, Movie> out = new HashMap<>();
        List<String> lines = Files.readAllLines(moviesCsv, StandardCharsets.UTF_8);
        for (int n = 1; n < lines.size(); n++) {
            List<String> f = split(lines.get(n));
            if (f.size() != 3) throw new IOException(moviesCsv + ":" + (n + 1) + ": expected 3 fields, got " + f.size());
            Matcher m = YEAR.matcher(f.get(1));
            String title = m.matches() ? m.group(1) : f.get(1).trim();
            Integer year = m.matches() ? Integer.valueOf(m.group(2)) : null;
            List<String> genres = f.get(2).equals("(no genres listed)") ? List.of() : List.of(f.get(2).split("\\|"));
            out.put(Integer.parseInt(f.get(0)), new Movie(title, year, genres));
        }
        return out;
    }

    private static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
