package io.reelstream.bench.als;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AlsBenchTest {
    @Test
    void smallRunReportsIterationsMemoryAndHardware() {
        AlsBench cmd = new AlsBench();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cmd.out = new PrintStream(out, true);
        int exit = new CommandLine(cmd).execute("--preset", "small", "--factors", "8", "--iterations", "2",
                "--threads", "1", "--loss");
        String text = out.toString();
        assertEquals(0, exit, text);
        assertTrue(text.contains("data: 2,000 users x 1,000 items, 100,000 ratings"), text);
        assertTrue(text.contains("iteration  2:") && text.contains("loss"), text);
        assertTrue(text.contains("fit: 2 iterations"), text);
        assertTrue(text.contains("peak heap"), text);
        assertTrue(text.contains("cores"), text);
    }

    @Test
    void itemItemBenchTimesTheFitWithTheScalablePath() {
        ItemItemBench cmd = new ItemItemBench();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cmd.out = new PrintStream(out, true);
        int exit = new CommandLine(cmd).execute("--preset", "small", "--max-dense-items", "600", "--candidates", "32",
                "--threads", "1");
        String text = out.toString();
        assertEquals(0, exit, text);
        assertTrue(text.contains("x 1,000 items"), text);
        assertTrue(text.contains("(600 dense, 400 by sparse ridges over K 32)"), text);
        assertTrue(text.contains("dense solve") && text.contains("peak resident"), text);
    }

    @Test
    void trainScaleWritesItsSetOnceThenPrintsTheStageTable(@TempDir Path work) {
        String first = trainScale("--preset", "small", "--work", work.toString(), "--factors", "8", "--iterations", "2",
                "--threads", "1");
        assertTrue(first.contains("synthetic set: writing 100,000 ratings of 2,000 users x 1,000 movies"), first);
        for (String row : new String[] {"| load: parse ratings.csv", "| CSR: dense ids", "| fit setup:",
                "| ALS 2 iterations (k 8, cg 3, 1 threads)", "| per iteration: mean / min / max", "| peak heap:"}) {
            assertTrue(first.contains(row), row + " in\n" + first);
        }
        assertTrue(first.contains("iteration  2:"), first);
        String again = trainScale("--preset", "small", "--work", work.toString(), "--factors", "8", "--iterations", "1",
                "--threads", "1", "--fit", "train");
        assertTrue(again.contains("synthetic set: reusing"), again);
        assertTrue(again.contains("| PROTOCOL split"), again);
        CommandLine cl = new CommandLine(new TrainScaleBench());
        cl.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(2, cl.execute("--preset", "small", "--work", work.toString(), "--fit", "some"));
    }

    private static String trainScale(String... args) {
        TrainScaleBench cmd = new TrainScaleBench();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        cmd.out = new PrintStream(out, true);
        int exit = new CommandLine(cmd).execute(args);
        assertEquals(0, exit, out.toString());
        return out.toString();
    }

    @Test
    void unknownBackendIsABadFlag() {
        CommandLine cl = new CommandLine(new AlsBench());
        cl.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
        assertEquals(2, cl.execute("--preset", "small", "--backend", "cuda"));
    }

    @Test
    void cpuModelIsReadOrExplained() {
        String model = Hardware.cpuModel();
        assertTrue(!model.isBlank(), "cpu model line should never be empty");
    }
}
