package io.reelstream.trainer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class TitleParserTest {
    @Test
    void movesTrailingArticlesAndTakesTheYear() {
        check("Matrix, The (1999)", "The Matrix", 1999, List.of());
        check("Auberge espagnole, L' (2002)", "L'Auberge espagnole", 2002, List.of());
        check("Lord of the Rings: The Two Towers, The (2002)", "The Lord of the Rings: The Two Towers", 2002, List.of());
    }

    @Test
    void alternateTitlesInParenthesesAreSplitOff() {
        check("Amelie (Fabuleux destin d'Amélie Poulain, Le) (2001)", "Amelie", 2001,
                List.of("Le Fabuleux destin d'Amélie Poulain"));
        check("City of Lost Children, The (Cité des enfants perdus, La) (1995)", "The City of Lost Children", 1995,
                List.of("La Cité des enfants perdus"));
        check("Seven (a.k.a. Se7en) (1995)", "Seven", 1995, List.of("Se7en"));
    }

    @Test
    void leadingParenthesesMissingYearsAndRangesAreKept() {
        check("(500) Days of Summer (2009)", "(500) Days of Summer", 2009, List.of());
        check("Babylon 5", "Babylon 5", Movie.NO_YEAR, List.of());
        check("Runaway Brain (1995) ", "Runaway Brain", 1995, List.of());
        check("Fawlty Towers (1975-1979)", "Fawlty Towers", 1975, List.of());
    }

    private static void check(String raw, String title, int year, List<String> alternates) {
        TitleParser.ParsedTitle p = TitleParser.parse(raw);
        assertEquals(title, p.title(), raw);
        assertEquals(year, p.year(), raw);
        assertEquals(alternates, p.alternates(), raw);
    }
}
