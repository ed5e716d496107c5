package io.reelstream.trainer.io;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MovieLens titles to display titles:
 * <pre>
 *   "Matrix, The (1999)"                                       → "The Matrix", 1999
 *   "Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)"     → "Amelie", 2001, alt "Le Fabuleux destin d'Amélie Poulain"
 *   "Seven (a.k.a. Se7en) (1995)"                              → "Seven", 1995, alt "Se7en"
 *   "Auberge espagnole, L' (2002)"                             → "L'Auberge espagnole", 2002
 *   "(500) Days of Summer (2009)"                              → "(500) Days of Summer", 2009
 * </pre>
 * The year is the trailing "(yyyy)" (or the first year of "(yyyy-yyyy)"); trailing parenthesised
 * groups before it are alternate titles (foreign or a.k.a.); a trailing ", Article" moves to the front.
 */
public final class TitleParser {
    private static final Pattern TRAILING_YEAR = Pattern.compile("\\((\\d{4})(?:\\s*[-–]\\s*(?:\\d{4})?)?\\)\\s*$");
    private static final Pattern AKA = Pattern.compile("^(?:a\\.k\\.a\\.|aka)\\s+", Pattern.CASE_INSENSITIVE);
    private static final Set<String> ARTICLES = Set.of(
            "The", "A", "An", "Les", "La", "Le", "L'", "Il", "Lo", "I", "Gli", "El", "Los", "Las", "Un", "Une",
            "Una", "Uno", "Der", "Die", "Das", "Den", "Det", "De", "Het", "En", "Ett", "O", "Os", "As", "Ta", "Ho", "Hoi");

    private TitleParser() {}

    public record ParsedTitle(String title, int year, List<String> alternates) {}

    public static ParsedTitle parse(String raw) {
        String s = raw.trim();
        int year = Movie.NO_YEAR;
        Matcher m = TRAILING_YEAR.matcher(s);
        if (m.find()) {
            year = Integer.parseInt(m.group(1));
            s = s.substring(0, m.start()).trim();
        }
        List<String> alternates = new ArrayList<>();
        // peel trailing "( ... )" groups off the end, but never the whole title ("(500) Days" keeps its head)
        while (s.endsWith(")")) {
            int open = matchingOpen(s);
            if (open <= 0) break;
            String inner = s.substring(open + 1, s.length() - 1).trim();
            String head = s.substring(0, open).trim();
            if (head.isEmpty()) break;
            if (!inner.isEmpty()) alternates.add(0, moveArticle(AKA.matcher(inner).replaceFirst("")));
            s = head;
        }
        String title = moveArticle(s);
        return new ParsedTitle(title.isEmpty() ? raw.trim() : title, year, alternates);
    }

    /** "Matrix, The" → "The Matrix"; "Auberge espagnole, L'" → "L'Auberge espagnole". */
    static String moveArticle(String s) {
        int comma = s.lastIndexOf(", ");
        if (comma < 0) return s;
        String article = s.substring(comma + 2).trim();
        if (!ARTICLES.contains(article)) return s;
        String rest = s.substring(0, comma).trim();
        return article.endsWith("'") ? article + rest : article + " " + rest;
    }

    /** Index of the '(' matching the final ')', or -1 when unbalanced. */
    private static int matchingOpen(String s) {
        int depth = 0;
        for (int i = s.length() - 1; i >= 0; i--) {
            char c = s.charAt(i);
            if (c == ')') depth++;
            else if (c == '(' && --depth == 0) return i;
        }
        return -1;
    }
}
