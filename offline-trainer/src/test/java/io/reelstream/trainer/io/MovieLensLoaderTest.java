package io.reelstream.trainer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.trainer.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MovieLensLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void loadsMlLatestSmallCsv() {
        Dataset d = MovieLensLoader.load(TestData.mlLatestSmall(), false);
        assertEquals(MovieLensLayout.CSV, d.layout());
        assertEquals(100_836, d.ratings().size());
        assertEquals(9_742, d.movies().size());
        assertEquals(1, d.ratings().user(0));
        assertEquals(1, d.ratings().movie(0));
        assertEquals(4.0f, d.ratings().rating(0));
        assertEquals(964_982_703L, d.ratings().timestamp(0));
        assertEquals(2, d.ratings().line(0));
        Movie matrix = d.movies().get(2571);
        assertEquals("The Matrix", matrix.title());
        assertEquals(1999, matrix.year());
        assertEquals(List.of("Action", "Sci-Fi", "Thriller"), matrix.genres());
        assertEquals(64, d.sha256ByFile().get("ratings.csv").length());
        assertEquals(0, d.issues().total());
    }

    @Test
    void loadsDatLayoutWithLatin1Titles() throws IOException {
        Path dir = fixture("dat", "ratings.dat", "movies.dat");
        Dataset d = MovieLensLoader.load(dir, false);
        assertEquals(MovieLensLayout.DAT, d.layout());
        assertEquals(6, d.ratings().size());
        assertEquals(3, d.ratings().user(5));
        assertEquals(914, d.ratings().movie(5));
        assertEquals(2.0f, d.ratings().rating(5));
        assertEquals(List.of("Animation", "Children", "Musical"), d.movies().get(661).genres());
        Movie amelie = d.movies().get(2);
        assertEquals("Amélie", amelie.title());
        assertEquals(2001, amelie.year());
        assertEquals(List.of("Le Fabuleux destin d'Amélie Poulain"), amelie.alternateTitles());
    }

    @Test
    void loadsUDataLayoutWithGenreFlags() throws IOException {
        Path dir = fixture("udata", "u.data", "u.item");
        Dataset d = MovieLensLoader.load(dir, false);
        assertEquals(MovieLensLayout.UDATA, d.layout());
        assertEquals(5, d.ratings().size());
        assertEquals(22, d.ratings().user(4));
        assertEquals(242, d.ratings().movie(4));
        assertEquals(5.0f, d.ratings().rating(4));
        assertEquals(878_887_200L, d.ratings().timestamp(4));
        assertEquals(List.of("Crime", "Film-Noir", "Mystery", "Thriller"), d.movies().get(302).genres());
        assertEquals(List.of("Children", "Comedy"), d.movies().get(377).genres());
        assertEquals(List.of(), d.movies().get(267).genres());
        assertEquals(1997, d.movies().get(302).year());
    }

    @Test
    void missingEmptyAndUnknownDirectoriesAreNamed() throws IOException {
        Path missing = tmp.resolve("nope");
        assertMessage(() -> MovieLensLoader.load(missing, false), missing + " does not exist");
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        assertMessage(() -> MovieLensLoader.load(empty, false), empty + " is empty");
        Path unknown = Files.createDirectory(tmp.resolve("unknown"));
        Files.writeString(unknown.resolve("ratings.json"), "{}");
        assertMessage(() -> MovieLensLoader.load(unknown, false), "unknown data layout in " + unknown);
        Path nested = Files.createDirectories(unknown.resolve("ml-100k"));
        Files.writeString(nested.resolve("u.data"), "1\t2\t3\t4\n");
        assertMessage(() -> MovieLensLoader.load(unknown, false), "did you mean --data " + nested + "?");
    }

    @Test
    void eachKindOfBadLineFailsWithFileAndLine() throws IOException {
        assertMessage(() -> loadCsv("1,2,4.0\n"), "ratings.csv:2: malformed line: expected 4 fields");
        assertMessage(() -> loadCsv("1,2,4.0,100\n1,x,3.0,200\n"), "ratings.csv:3: non-numeric field: movieId 'x' is not a number");
        assertMessage(() -> loadCsv("1,2,NaN,100\n"), "ratings.csv:2: non-numeric field: rating 'NaN'");
        assertMessage(() -> loadCsv("1,2,7.5,100\n"), "ratings.csv:2: rating out of range: rating 7.5 is outside [0.5, 5.0]");
        assertMessage(() -> loadCsv("1,2,4.0,100\n3,4,2.0,100\n1,2,3.0,300\n"),
                "ratings.csv:4: duplicate (user, movie) pair: user 1 already rated movie 2 at line 2");
        assertMessage(() -> loadCsv("1,2,4.0,100\n1,2,4.0,100\n"), "--skip-bad-lines");
    }

    @Test
    void skipBadLinesCountsEachReason() throws IOException {
        Path dir = csvDir("1,2,4.0,100\n1,2,3.0,300\nbad\n1,3,9,100\n2,x,1.0,5\n2,3,1.0,5\n2,4,0.1,6\n");
        Dataset d = MovieLensLoader.load(dir, true);
        assertEquals(2, d.ratings().size());
        assertEquals(5, d.issues().total());
        assertEquals(1, d.issues().count("ratings.csv", LineIssue.MALFORMED));
        assertEquals(1, d.issues().count("ratings.csv", LineIssue.NOT_NUMERIC));
        assertEquals(2, d.issues().count("ratings.csv", LineIssue.OUT_OF_RANGE));
        assertEquals(1, d.issues().count("ratings.csv", LineIssue.DUPLICATE));
        assertEquals(4.0f, d.ratings().rating(0), "the first of a duplicate pair is kept");
        String summary = d.issues().summary();
        assertTrue(summary.contains("ratings.csv: 2 x rating out of range (first at ratings.csv:5"), summary);
    }

    @Test
    void wrongHeaderIsRejected() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("hdr"));
        Files.writeString(dir.resolve("ratings.csv"), "user,item,score,ts\n1,2,3,4\n");
        assertMessage(() -> MovieLensLoader.load(dir, true), "ratings.csv:1: header is 'user,item,score,ts'");
    }

    private Dataset loadCsv(String body) throws IOException {
        return MovieLensLoader.load(csvDir(body), false);
    }

    private Path csvDir(String body) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "csv");
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n" + body);
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n2,\"Matrix, The (1999)\",Action|Sci-Fi\n");
        return dir;
    }

    private Path fixture(String name, String... files) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve(name));
        for (String f : files) {
            try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name + "/" + f)) {
                Files.copy(in, dir.resolve(f));
            }
        }
        return dir;
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable load, String expected) {
        BadInputException e = assertThrows(BadInputException.class, load);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
        assertFalse(e.getMessage().contains("\n"), "one-line message");
    }
}
