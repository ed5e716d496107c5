package io.reelstream.trainer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.trainer.TestData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TrainerCliTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = TrainerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void helpListsSubcommandsAndConfigKeys() {
        assertEquals(0, run("--help"));
        assertTrue(out.toString().contains("train"));
        assertTrue(out.toString().contains("evaluate"));
        assertEquals(0, run("train", "--help"));
        assertTrue(out.toString().contains("REELSTREAM_ALS_FACTORS"), out.toString());
        assertTrue(out.toString().contains("--skip-bad-lines"));
    }

    @Test
    void badFlagsAndFilesExitWithTwoAndOneLine() {
        assertEquals(2, run("train", "--no-such-flag"));
        assertOneLine("Unknown option: '--no-such-flag'");
        assertEquals(2, run("train", "--factors", "many"));
        assertOneLine("--factors");
        Path missing = tmp.resolve("missing");
        assertEquals(2, run("train", "--data", missing.toString(), "--models", tmp.resolve("m").toString(), "--no-progress"));
        assertOneLine("data directory " + missing + " does not exist");
        assertEquals(2, run("evaluate", "--set", "eval.k=0", "--no-progress"));
        assertOneLine("eval.k = '0' (from flag) is invalid");
        assertEquals(2, run("evaluate", "--set", "itemitem.lambda=0", "--no-progress"));
        assertOneLine("itemitem.lambda = '0' (from flag) is invalid: expected a number > 0");
        assertEquals(2, run("evaluate", "--set", "itemitem.neighbours=-1", "--no-progress"));
        assertOneLine("itemitem.neighbours = '-1' (from flag) is invalid");
        assertEquals(2, run("evaluate", "--set", "recency.half.life.swipes=0", "--no-progress"));
        assertOneLine("recency.half.life.swipes = '0' (from flag) is invalid");
    }

    @Test
    void anEngineThatIsNotOnTheClasspathExitsTwoBeforeReadingData() {
        Path missing = tmp.resolve("not-read");
        assertEquals(2, run("train", "--engine", "spark", "--data", missing.toString(), "--no-progress"));
        assertOneLine("als.engine = 'spark' (from flag) is not on this classpath; engines here: local; the Spark engine"
                + " lives in the spark-engine module: run bin/train-spark");
        assertEquals(2, run("train", "--engine", "Spark!", "--no-progress"));
        assertOneLine("als.engine = 'Spark!' (from flag) is invalid: expected an engine name such as local or spark");
        assertEquals(2, run("tune", "--set", "als.engine=spark", "--no-progress"));
        assertOneLine("tune fits its trials in this JVM with the local engine");
    }

    @Test
    void aCatalogueBeyondTheDenseCapWithoutTheScalablePathExitsTwoBeforeFitting() {
        assertEquals(2, run("evaluate", "--data", TestData.mlLatestSmall().toString(), "--set", "itemitem.max.dense.items=5000",
                "--set", "itemitem.scalable=false", "--report-dir", tmp.resolve("r").toString(), "--no-progress"));
        assertOneLine("8,230 fitted items exceed the dense item-to-item solve's cap itemitem.max.dense.items=5000");
    }

    @Test
    void evaluateWritesTheReportAndNoModel() throws Exception {
        Path report = tmp.resolve("report");
        int code = run("evaluate", "--data", TestData.mlLatestSmall().toString(), "--models", tmp.resolve("models").toString(),
                "--factors", "8", "--iterations", "1", "--content-neighbours", "5", "--report-dir", report.toString(),
                "--no-progress");
        assertEquals(0, code, err.toString());
        assertTrue(out.toString().contains("popularity"), out.toString());
        assertTrue(out.toString().contains("itemitem"), out.toString());
        assertTrue(out.toString().contains("configuration:"));
        assertTrue(Files.isRegularFile(report.resolve("eval_summary.json")));
        assertTrue(Files.isRegularFile(report.resolve("eval_per_user.csv")));
        assertTrue(out.toString().contains("RMSE"), "the rating predictors' table: " + out);
        // no model run and no LATEST; only the runs store records the evaluation
        try (var files = Files.list(tmp.resolve("models"))) {
            assertEquals(java.util.List.of(tmp.resolve("models/runs.db")), files.toList());
        }
        assertTrue(out.toString().contains("recorded as run 1 in " + tmp.resolve("models/runs.db")), out.toString());
    }

    private void assertOneLine(String expected) {
        String text = err.toString().trim();
        assertTrue(text.contains(expected), text);
        assertFalse(text.contains("\n"), "one line, no stack trace: " + text);
        assertFalse(text.contains("\tat "), text);
        err.getBuffer().setLength(0);
    }
}
