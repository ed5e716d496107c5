package io.reelstream.connectors.source;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RatingsReaderTest {
    @TempDir
    Path dir;

    @Test
    void readsTheThreeMovieLensLayouts() throws Exception {
        Path csv = Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,31,2.5,1260759144\n1,1029,3.0,1260759179\n");
        Path dat = Files.writeString(dir.resolve("ratings.dat"), "1::1193::5::978300760\n1::661::3::978302109\n");
        Path tab = Files.writeString(dir.resolve("u.data"), "196\t242\t3\t881250949\n186\t302\t3\t891717742\n");
        for (Path file : new Path[] {csv, dat, tab}) {
            RatingsReader.Result result = RatingsReader.read(file, RatingsLayout.fromFileName(file));
            assertEquals(2, result.table().size(), file.toString());
            assertEquals(0, result.skippedLines());
        }
        RatingsTable t = RatingsReader.read(dat, RatingsLayout.DAT).table();
        assertEquals(1, t.userId(0));
        assertEquals(1193, t.movieId(0));
        assertEquals(5f, t.rating(0));
        assertEquals(978300760L, t.timestampSeconds(0));
        RatingsTable u = RatingsReader.read(tab, RatingsLayout.TAB).table();
        assertEquals(186, u.userId(1));
        assertEquals(891717742L, u.timestampSeconds(1));
    }

    @Test
    void skipsAndCountsMalformedLines() throws Exception {
        Path csv = Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n"
                + "1,31,2.5,1260759144\n"
                + "1,x,3.0,1260759179\n"     // not a number
                + "2,5,4.0\n"                // 3 fields
                + "\n"                       // blank: ignored, not counted
                + "3,7,-1,1260759179\n"      // negative rating
                + "4,8,NaN,1260759179\n"     // not finite
                + "5,9,4.5,1260759200\n");
        RatingsReader.Result result = RatingsReader.read(csv, RatingsLayout.CSV);
        assertEquals(2, result.table().size());
        assertEquals(4, result.skippedLines());
        assertEquals(5, result.table().userId(1));
    }

    @Test
    void layoutComesFromTheFileName() {
        assertEquals(RatingsLayout.CSV, RatingsLayout.fromFileName(Path.of("/x/ratings.csv")));
        assertEquals(RatingsLayout.DAT, RatingsLayout.fromFileName(Path.of("ratings.DAT")));
        assertEquals(RatingsLayout.TAB, RatingsLayout.fromFileName(Path.of("ml-100k/u.data")));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RatingsLayout.fromFileName(Path.of("ratings.parquet")));
        assertEquals(true, e.getMessage().contains("layout=csv|dat|tab"));
    }
}
