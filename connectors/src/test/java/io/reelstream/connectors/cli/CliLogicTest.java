package io.reelstream.connectors.cli;

import io.reelstream.connectors.testing.Recommendations;
import io.reelstream.schemas.Swipe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CliLogicTest {
    @TempDir
    Path dir;

    private final SwipeLineParser parser = new SwipeLineParser("cli");

    @Test
    void ratingLineBecomesASwipeWithProtocolMapping() {
        SwipeLineParser.Parsed p = parser.parse("{\"userId\":1,\"movieId\":2,\"rating\":4.5}", 1234L);
        assertNull(p.error());
        Swipe s = p.swipe();
        assertEquals(1, s.getUserId());
        assertEquals(2, s.getMovieId());
        assertEquals(2, s.getPreference());
        assertEquals(4, s.getBucket());
        assertEquals(1234L, s.getEventTime());
        assertEquals("cli:1:2:1234", s.getEventId());
        assertEquals("cli", s.getSource());
        Swipe dislike = parser.parse("{\"userId\":1,\"movieId\":3,\"rating\":2.5}", 0).swipe();
        assertEquals(-1, dislike.getPreference());
    }

    @Test
    void preferenceLineWithOwnTimeAndId() {
        Swipe s = parser.parse("{\"userId\":5,\"movieId\":9,\"preference\":-2,\"eventTime\":77,\"eventId\":\"abc\"}", 0).swipe();
        assertEquals(-2, s.getPreference());
        assertEquals(1, s.getBucket());
        assertEquals(77L, s.getEventTime());
        assertEquals("abc", s.getEventId());
    }

    @Test
    void malformedLinesSayWhatIsWrong() {
        assertTrue(parser.parse("{userId:1", 0).error().startsWith("not JSON"));
        assertTrue(parser.parse("[1,2]", 0).error().contains("JSON object"));
        assertTrue(parser.parse("{\"movieId\":2,\"rating\":4}", 0).error().contains("userId"));
        assertTrue(parser.parse("{\"userId\":1.5,\"movieId\":2,\"rating\":4}", 0).error().contains("userId"));
        assertTrue(parser.parse("{\"userId\":1,\"movieId\":2}", 0).error().contains("rating"));
        assertTrue(parser.parse("{\"userId\":1,\"movieId\":2,\"preference\":0}", 0).error().contains("-2, -1, 1, 2"));
        assertTrue(parser.parse("{\"userId\":1,\"movieId\":2,\"rating\":\"good\"}", 0).error().contains("rating"));
        assertTrue(parser.parse("{\"userId\":1,\"movieId\":2,\"rating\":5,\"preference\":-1}", 0).error().contains("means preference 2"));
        assertTrue(parser.parse("{\"userId\":1,\"movieId\":2,\"rating\":5,\"eventTime\":\"now\"}", 0).error().contains("eventTime"));
    }

    @Test
    void argsParseValuesFlagsAndRejectUnknownOptions() throws Exception {
        CliArgs args = CliArgs.parse(new String[] {"--topic", "t", "--max=3", "--help"}, Set.of("--topic", "--max"), Set.of("--help"));
        assertEquals("t", args.get("--topic"));
        assertEquals(3, args.getLong("--max", 0));
        assertTrue(args.has("--help"));
        CliArgs.UsageException e = assertThrows(CliArgs.UsageException.class,
                () -> CliArgs.parse(new String[] {"--topik", "t"}, Set.of("--topic"), Set.of()));
        assertTrue(e.getMessage().contains("--topik"));
        assertThrows(CliArgs.UsageException.class, () -> CliArgs.parse(new String[] {"--topic"}, Set.of("--topic"), Set.of()));
        CliArgs bad = CliArgs.parse(new String[] {"--max", "x"}, Set.of("--max"), Set.of());
        assertThrows(CliArgs.UsageException.class, () -> bad.getLong("--max", 0));
    }

    @Test
    void movieTitlesFromTheThreeLayouts() throws Exception {
        Path csv = Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n1,Toy Story (1995),Animation\n"
                + "11,\"American President, The (1995)\",Comedy\n12,\"Say \"\"Hi\"\" (2001)\",Drama\n");
        Map<Integer, String> titles = MovieTitles.load(csv);
        assertEquals("Toy Story (1995)", titles.get(1));
        assertEquals("American President, The (1995)", titles.get(11));
        assertEquals("Say \"Hi\" (2001)", titles.get(12));
        Path dat = Files.write(dir.resolve("movies.dat"), "2::Jumanji (1995)::Adventure\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Jumanji (1995)", MovieTitles.load(dat).get(2));
        Path item = Files.write(dir.resolve("u.item"), "3|Caf\u00e9 (1996)|01-Jan-1996||http://x|0|1\n".getBytes(StandardCharsets.ISO_8859_1));
        assertEquals("Caf\u00e9 (1996)", MovieTitles.load(item).get(3));
    }

    @Test
    void formatterShowsTitlesIdsScoresAndReasons() {
        String text = new RecommendationFormatter(Map.of()).format(Recommendations.list(4, 1_000, "run_x"));
        assertTrue(text.startsWith("user 4  vector  model run_x  after ml:4:1:1000  at 1970-01-01T00:00:01Z\n"), text);
        int firstMovie = Recommendations.list(4, 1_000, "run_x").getItems().get(0).getMovieId();
        String titled = new RecommendationFormatter(Map.of(firstMovie, "Heat (1995)")).format(Recommendations.list(4, 1_000, "run_x"));
        assertTrue(titled.contains("   1. Heat (1995)"), titled);
        assertTrue(titled.contains("[" + firstMovie + "]  1.000  similar to \"Heat\" (1995)"), titled);
        assertTrue(text.contains("movie " + firstMovie), text);
        assertEquals(4, titled.split("\n").length);
    }

    @Test
    void titleWithYearAddsTheYearOnce() {
        assertEquals("Heat (1995)", TailRecommendations.titleWithYear("Heat", 1995));
        assertEquals("Heat (1995)", TailRecommendations.titleWithYear("Heat (1995)", 1995));
        assertEquals("Heat", TailRecommendations.titleWithYear("Heat", null));
    }
}
