package io.reelstream.trainer.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.reelstream.trainer.TestData;
import io.reelstream.trainer.cli.TrainerCli;
import io.reelstream.trainer.runs.RunRecord;
import io.reelstream.trainer.runs.RunStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** tune end to end on the bundled data with a tiny space, the reproduction of its best trial, and its bad inputs. */
class TuneCommandTest {
    private static final String TINY_SPACE = """
            tune.model = choice als
            als.factors = int 4..12 log
            als.lambda = float 0.3..3 log
            als.iterations = int 2..6
            """;

    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = TrainerCli.commandLine();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private Path space(String text) throws Exception {
        Path f = Files.createTempFile(tmp, "space", ".properties");
        Files.writeString(f, text);
        return f;
    }

    @Test
    void aSmallTuneWritesItsFilesRecordsItsTrialsAndTheBestTrialReproduces() throws Exception {
        Path outDir = tmp.resolve("out");
        Path models = tmp.resolve("models");
        int code = run("tune", "--data", TestData.mlLatestSmall().toString(), "--out", outDir.toString(), "--models", models.toString(),
                "--space", space(TINY_SPACE).toString(), "--trials", "6", "--batch", "2", "--threads", "2", "--prune-every", "2",
                "--budget", "10m", "--set", "content.neighbours=5", "--set", "rating.factors=4", "--set", "rating.iterations=2");
        assertEquals(0, code, err.toString());
        for (String f : List.of("best.properties", "report.html", "trials.jsonl", "tune.json")) {
            assertTrue(Files.isRegularFile(outDir.resolve(f)), f);
        }
        assertTrue(err.toString().contains("trial 6/6"), "a progress line per trial: " + err);
        assertTrue(out.toString().contains("score on test"), "the test table is printed: " + out);

        List<String> trials = Files.readAllLines(outDir.resolve("trials.jsonl"));
        assertEquals(6, trials.size());
        ObjectMapper json = new ObjectMapper();
        JsonNode summary = json.readTree(outDir.resolve("tune.json").toFile());
        int bestTrial = summary.get("best").get("trial").asInt();
        double bestValue = summary.get("best").get("value").asDouble();
        assertEquals(bestValue, summary.get("validation").get("models").get("als").get("ndcg").asDouble(), 1e-9,
                "the refit of the chosen config on train scores what its trial scored");
        assertTrue(summary.get("test").get("models").get("als").get("ndcg").asDouble() > 0.03);

        String html = Files.readString(outDir.resolve("report.html"));
        assertTrue(html.contains("<svg") && html.contains("best so far") && html.contains("als.factors"), "plots in the report");
        assertFalse(html.replace("http://www.w3.org/2000/svg", "").contains("http"), "self-contained: nothing fetched");

        Properties best = new Properties();
        try (var r = Files.newBufferedReader(outDir.resolve("best.properties"))) {
            best.load(r);
        }
        assertEquals("42", best.getProperty("als.seed"));
        assertEquals("5", best.getProperty("content.neighbours"), "the base's own keys are kept");
        assertFalse(best.containsKey("threads") || best.containsKey("models.dir"), best.toString());

        long tuneRun;
        double recorded;
        try (RunStore store = RunStore.open(models.resolve("runs.db"))) {
            RunRecord tune = store.list(RunRecord.TUNE, null, 0).get(0);
            tuneRun = tune.id();
            assertEquals("finished", tune.status());
            assertEquals(bestValue, tune.metric("validation.als.ndcg@10"), 1e-9);
            List<RunRecord> recordedTrials = store.list(RunRecord.TRIAL, tuneRun, 0);
            assertEquals(6, recordedTrials.size());
            RunRecord bestRun = recordedTrials.stream().filter(t -> t.trialNumber() == bestTrial).findFirst().orElseThrow();
            recorded = bestRun.metric("als.ndcg@10");
            assertEquals(bestValue, recorded, 0);
            assertEquals(42L, bestRun.seed());
            assertEquals(summary.get("data").get("fingerprint").asText(), bestRun.dataFingerprint());
        }

        // train --config best.properties (its recorded seed) gives the trial's validation NDCG again
        code = run("train", "--config", outDir.resolve("best.properties").toString(), "--models", tmp.resolve("models2").toString(),
                "--no-progress");
        assertEquals(0, code, err.toString());
        try (RunStore store = RunStore.open(tmp.resolve("models2/runs.db"))) {
            RunRecord train = store.list(RunRecord.TRAIN, null, 0).get(0);
            assertEquals(recorded, train.metric("als.ndcg@10"), 1e-9, "train --config best.properties reproduces the trial");
        }

        assertEquals(0, run("runs", "list", "--models", models.toString(), "--tune", String.valueOf(tuneRun)));
        assertTrue(out.toString().contains("trial 5 of run " + tuneRun), out.toString());
        assertEquals(0, run("runs", "show", "--models", models.toString(), String.valueOf(tuneRun)));
        assertTrue(out.toString().contains("validation.als.ndcg@10"), out.toString());
        assertEquals(0, run("runs", "compare", "--models", models.toString(), "2", "3"));
        assertTrue(out.toString().contains("als.ndcg@10"), out.toString());
    }

    @Test
    void badInputGivesOneLineAndExitTwo() throws Exception {
        String data = TestData.mlLatestSmall().toString();
        String models = tmp.resolve("models").toString();
        assertBad("unknown search kind 'annealing': use grid, random or bayesian (TPE)",
                "tune", "--data", data, "--out", tmp.resolve("o1").toString(), "--models", models, "--search", "annealing");
        Path empty = space("# nothing here\n");
        assertBad("tune space " + empty + " has no parameters",
                "tune", "--data", data, "--out", tmp.resolve("o2").toString(), "--models", models, "--space", empty.toString());
        Path outside = space("als.factors = int 0..16\n");
        assertBad(outside + ":1: als.factors = int 0..16 is outside what the key accepts",
                "tune", "--data", data, "--out", tmp.resolve("o3").toString(), "--models", models, "--space", outside.toString());
        Path unknown = space("als.factorz = int 8..16\n");
        assertBad(unknown + ":1: unknown config key 'als.factorz'",
                "tune", "--data", data, "--out", tmp.resolve("o4").toString(), "--models", models, "--space", unknown.toString());
        assertBad("--budget 1 ms is too small for one trial: loading the data alone took",
                "tune", "--data", data, "--out", tmp.resolve("o5").toString(), "--models", models, "--budget", "1ms");
        assertBad("--budget 'soon' is not a duration", "tune", "--out", tmp.resolve("o6").toString(), "--budget", "soon");

        Path corrupt = tmp.resolve("corrupt.db");
        Files.writeString(corrupt, "not a database ".repeat(100));
        String store = "runs.store=" + corrupt;
        assertBad("runs store " + corrupt + " is not a usable SQLite database",
                "tune", "--data", data, "--out", tmp.resolve("o7").toString(), "--set", store, "--space", space(TINY_SPACE).toString());
        assertBad("runs store " + corrupt + " is not a usable SQLite database", "train", "--data", data, "--set", store, "--no-progress");
        assertBad("runs store " + corrupt + " is not a usable SQLite database", "runs", "list", "--store", corrupt.toString());
        assertBad("no runs store at " + tmp.resolve("none.db"), "runs", "list", "--store", tmp.resolve("none.db").toString());
    }

    private void assertBad(String expected, String... args) {
        int code = run(args);
        String text = err.toString().trim();
        assertEquals(2, code, text);
        assertTrue(text.startsWith("error: " + expected), text);
        assertFalse(text.contains("\n"), "one line: " + text);
    }
}
