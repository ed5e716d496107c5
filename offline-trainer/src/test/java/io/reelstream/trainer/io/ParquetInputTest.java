package io.reelstream.trainer.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.trainer.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ParquetInputTest {
    private static final String OPTIONAL_SCHEMA = "message ratings { optional int32 userId; optional int32 movieId;"
            + " optional double rating; optional int64 timestamp; }";

    @TempDir
    Path tmp;

    @Test
    void mlLatestSmallAsParquetLoadsToTheSameTableAsTheCsv() throws IOException {
        Dataset csv = MovieLensLoader.load(TestData.mlLatestSmall(), false);
        RatingsTable expected = csv.ratings();
        Path dir = Files.createDirectory(tmp.resolve("ml-parquet"));
        Files.copy(TestData.mlLatestSmall().resolve("movies.csv"), dir.resolve("movies.csv"));
        // 64 KB row groups: the 100,836 rows span dozens of them, snappy-compressed like pyarrow's default
        try (ParquetRatingsFile out = ParquetRatingsFile.create(dir.resolve("ratings.parquet"),
                ParquetRatingsFile.ML_SCHEMA, CompressionCodecName.SNAPPY, 1 << 16)) {
            for (int r = 0; r < expected.size(); r++) {
                out.row(expected.user(r), expected.movie(r), (double) expected.rating(r), expected.timestamp(r));
            }
        }

        Dataset parquet = MovieLensLoader.load(dir, false);

        assertEquals(MovieLensLayout.PARQUET, parquet.layout());
        RatingsTable actual = parquet.ratings();
        assertEquals(expected.size(), actual.size());
        for (int r = 0; r < expected.size(); r++) {
            assertEquals(expected.user(r), actual.user(r), "userId of row " + r);
            assertEquals(expected.movie(r), actual.movie(r), "movieId of row " + r);
            assertEquals(expected.rating(r), actual.rating(r), "rating of row " + r);
            assertEquals(expected.timestamp(r), actual.timestamp(r), "timestamp of row " + r);
            assertEquals(r + 1, actual.line(r), "1-based row number");
        }
        assertEquals(csv.movies(), parquet.movies());
        assertEquals(64, parquet.sha256ByFile().get("ratings.parquet").length());
        assertEquals(64, parquet.sha256ByFile().get("movies.csv").length());
        assertEquals(0, parquet.issues().total());
    }

    @Test
    void parquetFileGivenDirectlyWithWideTypesAndTimestampLogicalType() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("wide"));
        Files.writeString(dir.resolve("movies.csv"), "movieId,title,genres\n20,\"Matrix, The (1999)\",Action|Sci-Fi\n");
        Path file = dir.resolve("ratings-2024.parquet");
        String schema = "message r { required int64 userId; required int64 movieId; required float rating;"
                + " required int64 timestamp (TIMESTAMP(MILLIS,true)); }";
        try (ParquetRatingsFile out = ParquetRatingsFile.create(file, schema, CompressionCodecName.GZIP, 1 << 20)) {
            out.row(7L, 20L, 4.5f, 964_982_703_999L).row(8L, 20L, 0.5f, -1L);
        }

        Dataset d = MovieLensLoader.load(file, false);

        assertEquals(MovieLensLayout.PARQUET, d.layout());
        assertEquals(2, d.ratings().size());
        assertEquals(7, d.ratings().user(0));
        assertEquals(20, d.ratings().movie(0));
        assertEquals(4.5f, d.ratings().rating(0));
        assertEquals(964_982_703L, d.ratings().timestamp(0), "milliseconds to seconds");
        assertEquals(-1L, d.ratings().timestamp(1), "floor, not truncation, before 1970");
        assertEquals("The Matrix", d.movies().get(20).title(), "movies.csv beside the file");
        assertTrue(d.sha256ByFile().containsKey("ratings-2024.parquet"));
    }

    @Test
    void missingOrMistypedColumnNamesTheFileTheColumnAndWhatIsExpected() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("cols"));
        try (ParquetRatingsFile out = ParquetRatingsFile.create(dir.resolve("ratings.parquet"),
                "message r { required int32 userId; required int32 movieId; required double score; required int64 timestamp; }")) {
            out.row(1, 2, 4.0, 100L);
        }
        assertMessage(() -> MovieLensLoader.load(dir, false),
                "ratings.parquet: missing column 'rating' (found [userId, movieId, score, timestamp]); expected columns userId");

        try (ParquetRatingsFile out = ParquetRatingsFile.create(dir.resolve("ratings.parquet"),
                "message r { required int32 userId; required int32 movieId; required binary rating (STRING); required int64 timestamp; }")) {
            out.row(1, 2, "4.0", 100L);
        }
        assertMessage(() -> MovieLensLoader.load(dir, false),
                "ratings.parquet: column 'rating' has type BINARY, expected one of [FLOAT, DOUBLE]");
    }

    @Test
    void nullsOutOfRangeAndDuplicatesNameTheRowOrAreCounted() throws IOException {
        assertMessage(() -> load(false, row(1, 2, 4.0, 100L), row(1, 3, null, 100L)),
                "ratings.parquet:row 2: null value: rating is null; fix it or pass --skip-bad-lines");
        assertMessage(() -> load(false, row(1, 2, 4.0, 100L), row(null, 3, 4.0, 100L)), "ratings.parquet:row 2: null value: userId");
        assertMessage(() -> load(false, row(1, 2, 4.0, 100L), row(1, 3, 4.0, 100L), row(1, 4, 7.5, 100L)),
                "ratings.parquet:row 3: rating out of range: rating 7.5 is outside [0.5, 5.0]");
        assertMessage(() -> load(false, row(1, 2, 4.0, 100L), row(-1, 3, 4.0, 100L)), "ratings.parquet:row 2: malformed line");
        assertMessage(() -> load(false, row(1, 2, 4.0, 100L), row(3, 4, 2.0, 100L), row(1, 2, 3.0, 300L)),
                "ratings.parquet:row 3: duplicate (user, movie) pair: user 1 already rated movie 2 at row 1");

        Dataset d = load(true, row(1, 2, 4.0, 100L), row(1, 3, null, 100L), row(null, 3, 1.0, 1L), row(1, 4, Double.NaN, 5L),
                row(1, 5, 0.0, 5L), row(1, 2, 3.0, 300L), row(2, 2, 1.0, null), row(2, 3, 1.0, 9L));
        assertEquals(2, d.ratings().size());
        assertEquals(8, d.ratings().line(1), "row numbers count every row, skipped ones too");
        assertEquals(3, d.issues().count("ratings.parquet", LineIssue.NULL_VALUE));
        assertEquals(2, d.issues().count("ratings.parquet", LineIssue.OUT_OF_RANGE));
        assertEquals(1, d.issues().count("ratings.parquet", LineIssue.DUPLICATE));
        assertTrue(d.issues().summary().contains("ratings.parquet: 3 x null value (first at ratings.parquet:row 2: rating is null)"),
                d.issues().summary());
    }

    @Test
    void notAParquetFileIsNamed() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("fake"));
        Files.writeString(dir.resolve("ratings.parquet"), "userId,movieId,rating,timestamp\n1,2,3,4\n");
        assertMessage(() -> MovieLensLoader.load(dir, false), "ratings.parquet: cannot read the Parquet footer");
        Path text = Files.writeString(dir.resolve("ratings.txt"), "1,2,3,4\n");
        assertMessage(() -> MovieLensLoader.load(text, false), "is neither a directory nor a .parquet file");
    }

    private static Object[] row(Object... values) {
        return values;
    }

    private Dataset load(boolean skipBadLines, Object[]... rows) throws IOException {
        Path dir = Files.createTempDirectory(tmp, "pq");
        try (ParquetRatingsFile out = ParquetRatingsFile.create(dir.resolve("ratings.parquet"), OPTIONAL_SCHEMA)) {
            for (Object[] r : rows) out.row(r);
        }
        return MovieLensLoader.load(dir, skipBadLines);
    }

    private static void assertMessage(org.junit.jupiter.api.function.Executable load, String expected) {
        BadInputException e = assertThrows(BadInputException.class, load);
        assertTrue(e.getMessage().contains(expected), "message '" + e.getMessage() + "' lacks '" + expected + "'");
        assertFalse(e.getMessage().contains("\n"), "one-line message");
    }
}
