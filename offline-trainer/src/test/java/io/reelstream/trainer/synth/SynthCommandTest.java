package io.reelstream.trainer.synth;

import io.reelstream.trainer.io.Dataset;
import io.reelstream.trainer.io.MovieLensLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SynthCommandTest {
    @Test
    void writesAnMl20mLayoutTheLoaderReads(@TempDir Path dir) throws Exception {
        SynthCommand cmd = new SynthCommand();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        cmd.err = new PrintStream(err, true);
        int exit = new CommandLine(cmd).execute("--preset", "small", "--users", "500", "--ratings", "20000",
                "--out", dir.toString(), "--seed", "3");
        assertEquals(0, exit);

        List<String> ratings = Files.readAllLines(dir.resolve(SynthCommand.RATINGS_FILE));
        assertEquals(SynthCommand.RATINGS_HEADER, ratings.get(0));
        assertEquals(20_001, ratings.size());
        assertTrue(ratings.get(1).matches("\\d+,\\d+,[0-5]\\.[05],\\d+"), ratings.get(1));
        List<String> movies = Files.readAllLines(dir.resolve(SynthCommand.MOVIES_FILE));
        assertEquals(SynthCommand.MOVIES_HEADER, movies.get(0));
        assertEquals(1_001, movies.size());
        assertTrue(err.toString().contains("100 %"), "progress line should reach 100 %: " + err);

        Dataset data = MovieLensLoader.load(dir, false);
        assertEquals(20_000, data.ratings().size());
        assertEquals(1_000, data.movies().size());
    }

    @Test
    void halfStarsPrintLikeMovieLens() {
        assertEquals("3.5", SynthCommand.halfStar(3.5f));
        assertEquals("4.0", SynthCommand.halfStar(4f));
        assertEquals("0.5", SynthCommand.halfStar(0.5f));
    }

    @Test
    void unknownPresetIsABadFlag(@TempDir Path dir) {
        SynthCommand cmd = new SynthCommand();
        CommandLine cl = new CommandLine(cmd);
        cl.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(2, cl.execute("--preset", "huge", "--out", dir.toString()));
    }
}
