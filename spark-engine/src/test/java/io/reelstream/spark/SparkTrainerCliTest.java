package io.reelstream.spark;

import io.reelstream.trainer.cli.TrainerCli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad Spark settings stop {@code train --engine spark} with exit 2 and one line, before any data is read or Spark starts. */
class SparkTrainerCliTest {
    @TempDir
    Path tmp;

    @Test
    void badSparkSettingsExitTwoWithOneLineBeforeReadingData() {
        String missing = tmp.resolve("never-read").toString();
        assertEquals("spark.master = 'spark://nohost' (from flag) is not spark://host:port (a port is required, e.g."
                + " spark://master:7077)", failure("train", "--engine", "spark", "--master", "spark://nohost", "--data", missing));
        assertEquals("spark.master = 'locl[2]' (from flag) is not a Spark master URL: use " + SparkMaster.FORMS,
                failure("evaluate", "--engine", "spark", "--master", "locl[2]", "--data", missing));
        assertTrue(failure("train", "--engine", "spark", "--lambda", "2", "--data", missing)
                .contains("have no Spark counterpart"));
    }

    /** Runs the trainer, expects exit 2, returns its one error line without the "error: " prefix. */
    private static String failure(String... args) {
        StringWriter err = new StringWriter();
        var cli = TrainerCli.commandLine();
        cli.setOut(new PrintWriter(new StringWriter(), true));
        cli.setErr(new PrintWriter(err, true));
        assertEquals(2, cli.execute(args), err.toString());
        String line = err.toString().trim();
        assertFalse(line.contains("\n"), "one line, no stack trace: " + line);
        assertTrue(line.startsWith("error: "), line);
        return line.substring("error: ".length());
    }
}
