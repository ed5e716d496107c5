package io.reelstream.demo.eval;

import io.reelstream.demo.replay.HitTracker;
import io.reelstream.demo.replay.ReplayConsumer;
import io.reelstream.demo.stack.ModelStage;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table's rows and their markdown and CSV forms, from hand-made figures. */
class EvalReportTest {
    @Test
    void oneRowPerRuleThenOnePerOfflineModel() {
        HitTracker.Snapshot figures = new HitTracker.Snapshot(10, 100, 100, 95, 5, 80, 20, 10.0, 50);
        ReplayConsumer.Accounting accounting = new ReplayConsumer.Accounting(100, 95, 5, 0, 0, Map.of(), Map.of(), 0);
        RuleReplay.Result foldIn = new RuleReplay.Result("foldin", figures, accounting, 500, 2.0);
        ModelStage.OfflineFigures als = new ModelStage.OfflineFigures("als", 10, 40, 0.07, 0.03, 0.06, 0.1);

        List<EvalReport.Row> rows = EvalReport.rows(List.of(foldIn), List.of(als));

        assertEquals(2, rows.size());
        EvalReport.Row r = rows.get(0);
        assertEquals("replay foldin", r.run());
        assertEquals(80, r.n());
        assertEquals(20.0 / 80, r.hitRateOrRecall(), 1e-12);
        assertEquals(10.0 / 80, r.ndcg(), 1e-12);
        assertEquals(50.0 / 500, r.coverage(), 1e-12);
        assertEquals(50.0, r.swipesPerSecond(), 1e-9);
        assertEquals("offline als (PROTOCOL)", rows.get(1).run());
        assertEquals(0.07, rows.get(1).hitRateOrRecall(), 1e-12);

        String csv = EvalReport.csv(rows);
        assertEquals(3, csv.lines().count());
        assertTrue(csv.lines().skip(1).findFirst().orElseThrow().startsWith("replay foldin,replay,positive swipes,80,0.250000,0.125000,0.100000,20,5,50.0"), csv);
        EvalReport.Context c = new EvalReport.Context("data", "validation", 100, 80, 7, true, "run_x", 500, 10, "bin/replay-eval");
        String md = EvalReport.markdown(c, rows);
        assertTrue(md.contains("| replay foldin | positive swipes | 80 | 0.2500 | 0.1250 | 0.1000 | 20 | 5 | 50 |"), md);
        assertTrue(md.contains("| offline als (PROTOCOL) | scored users | 40 | 0.0700 | 0.0600 | 0.1000 | — | — | — |"), md);
    }
}
