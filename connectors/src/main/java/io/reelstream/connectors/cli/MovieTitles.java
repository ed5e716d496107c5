package io.reelstream.connectors.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * movieId → title from a MovieLens movies file: movies.csv (UTF-8, quoted titles with commas),
 * movies.dat ({@code ::}, Latin-1 in ml-1m) or u.item ({@code |}, Latin-1). Lines that do not parse
 * are skipped: a missing title only means the id is shown instead.
 */
final class MovieTitles {
    private MovieTitles() {}

    static Map<Integer, String> load(Path file) throws IOException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean csv = name.endsWith(".csv");
        String separator = name.endsWith(".dat") ? "::" : name.endsWith(".item") ? "|" : ",";
        Charset charset = csv ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1;
        Map<Integer, String> titles = new HashMap<>();
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file),
                charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE)
                        .onUnmappableCharacter(CodingErrorAction.REPLACE)))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String[] idAndTitle = csv ? csvIdAndTitle(line) : splitIdAndTitle(line, separator);
                if (idAndTitle == null) continue;
                try {
                    titles.put(Integer.parseInt(idAndTitle[0].trim()), idAndTitle[1]);
                } catch (NumberFormatException headerOrJunk) {
                    // the csv header "movieId,title,genres", or a broken line
                }
            }
        }
        return titles;
    }

    private static String[] splitIdAndTitle(String line, String separator) {
        int first = line.indexOf(separator);
        if (first < 0) return null;
        int second = line.indexOf(separator, first + separator.length());
        String title = second < 0 ? line.substring(first + separator.length()) : line.substring(first + separator.length(), second);
        return new String[] {line.substring(0, first), title};
    }

    /** {@code 11,"American President, The (1995)",Comedy} → {"11", "American President, The (1995)"}. */
    static String[] csvIdAndTitle(String line) {
        int comma = line.indexOf(',');
        if (comma < 0 || comma + 1 >= line.length()) return null;
        String id = line.substring(0, comma);
        int start = comma + 1;
        if (line.charAt(start) != '"') {
            int end = line.indexOf(',', start);
            return new String[] {id, end < 0 ? line.substring(start) : line.substring(start, end)};
        }
        StringBuilder title = new StringBuilder();
        for (int i = start + 1; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    title.append('"');
                    i++;
                } else {
                    return new String[] {id, title.toString()};
                }
            } else {
                title.append(c);
            }
        }
        return null; // unterminated quote
    }
}
