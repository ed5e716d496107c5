package io.reelstream.demo;

import io.reelstream.demo.eval.EvalReport;
import io.reelstream.demo.eval.ReplayOracle;
import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.demo.stack.DataLocator;
import io.reelstream.demo.stack.ModelStage;
import io.reelstream.topology.config.TopologyConfig.UpdateRuleKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * replay-eval on the first 400 validation swipes of ml-latest-small, every update rule on a real
 * broker: one row per rule with figures in [0, 1], the fold-in finds hits, the offline rows come
 * from the run's manifest, the fold-in's (and the static rule's) hits equal an independent computation with
 * core maths, and the
 * markdown and CSV reports are written.
 */
class ReplayEvalTest {
    static final int SWIPES = 400;
    static final int K = 10;

    @TempDir
    Path reports;
    @TempDir
    Path models;

    @Test
    void everyRuleGetsARowWithFiguresInRangeAndFoldInHits() throws Exception {
        ReplayEval eval = new ReplayEval();
        int exit = io.reelstream.demo.cli.Cli.configure(new CommandLine(eval))
                .execute("--max-swipes", Integer.toString(SWIPES), "--k", Integer.toString(K), "--models", models.toString(),
                        "--report", reports.toString());
        assertEquals(0, exit, "exit status");

        List<EvalReport.Row> rows = eval.rows();
        for (UpdateRuleKind rule : UpdateRuleKind.values()) {
            String name = "replay " + rule.wireName();
            assertEquals(1, rows.stream().filter(r -> r.run().equals(name)).count(), "one row for " + name + " in " + rows);
        }
        assertEquals(1, rows.stream().filter(r -> r.run().equals("replay itemitem")).count(), "an itemitem row in " + rows);
        for (EvalReport.Row r : rows) {
            assertInUnitRange(r.hitRateOrRecall(), r.run() + " HR/recall");
            assertInUnitRange(r.ndcg(), r.run() + " NDCG");
            assertInUnitRange(r.coverage(), r.run() + " coverage");
            if (r.kind().equals("replay")) assertTrue(r.n() > 0, r.run() + " has positive swipes");
        }
        EvalReport.Row foldIn = rows.stream().filter(r -> r.run().equals("replay foldin")).findFirst().orElseThrow();
        assertTrue(foldIn.hits() > 0 && foldIn.hitRateOrRecall() > 0, "fold-in HR@10 > 0: " + foldIn);
        // the topology's hits equal the same replay computed from the run's files with core maths only
        Path run = ModelStage.latest(models);
        ReplaySlice slice = ReplaySlice.load(DataLocator.bundled(), "validation", SWIPES);
        assertEquals(ReplayOracle.foldInHits(run, slice, K), foldIn.hits(), "fold-in hits: topology vs core-maths oracle");
        EvalReport.Row staticRow = rows.stream().filter(r -> r.run().equals("replay static")).findFirst().orElse(null);
        if (staticRow != null) {
            assertEquals(ReplayOracle.staticHits(run, slice, K), staticRow.hits(), "static hits: topology vs oracle");
        }
        assertTrue(rows.stream().anyMatch(r -> r.run().startsWith("offline als")), "offline ALS figures from the manifest: " + rows);

        String md = Files.readString(reports.resolve(EvalReport.MARKDOWN), StandardCharsets.UTF_8);
        assertTrue(md.contains("| replay foldin |"), md);
        List<String> csv = Files.readAllLines(reports.resolve(EvalReport.CSV), StandardCharsets.UTF_8);
        assertEquals(rows.size() + 1, csv.size(), "header + one line per row");
    }

    @Test
    void unknownRuleIsABadFlag() {
        assertEquals(2, ReplayEval.commandLine().execute("--rules", "telepathy"));
    }

    private static void assertInUnitRange(double v, String what) {
        assertTrue(v >= 0 && v <= 1, what + " = " + v + " is not in [0, 1]");
    }
}
