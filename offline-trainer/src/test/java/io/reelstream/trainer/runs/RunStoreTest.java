package io.reelstream.trainer.runs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.trainer.io.BadInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    @TempDir
    Path tmp;

    private static RunRecord run(String kind, Long parent, Integer trial, double ndcg) {
        Map<String, RunRecord.Param> params = new LinkedHashMap<>();
        params.put("als.factors", new RunRecord.Param("64", "default"));
        params.put("als.lambda", new RunRecord.Param(String.valueOf(ndcg * 10), "searched"));
        List<RunRecord.Metric> metrics = List.of(new RunRecord.Metric("als.ndcg@10", 5, ndcg / 2),
                new RunRecord.Metric("als.ndcg@10", 10, ndcg * 0.9), new RunRecord.Metric("als.ndcg@10", null, ndcg),
                new RunRecord.Metric("biased_mf.rmse", null, 0.88));
        return new RunRecord(0, kind, parent, trial, "finished", null, "2025-01-02T03:04:05Z", 1234, "als", "/data/ml",
                "abcdef0123456789", "temporal", "validation", 42L, "0.1.0+abc", null, params, metrics, Map.of("alsMs", 900L));
    }

    @Test
    void aRunRoundTripsWithParamsMetricsStepsAndTimings() {
        Path file = tmp.resolve("sub/runs.db");
        long id;
        try (RunStore store = RunStore.open(file)) {
            id = store.insert(run(RunRecord.EVALUATE, null, null, 0.0906));
        }
        try (RunStore store = RunStore.open(file)) { // reopened: the schema is recognised
            RunRecord back = store.get(id).orElseThrow();
            assertEquals(run(RunRecord.EVALUATE, null, null, 0.0906).withId(id), back);
            assertEquals(0.0906, back.metric("als.ndcg@10"), 0);
            assertTrue(store.get(id + 1).isEmpty());
        }
    }

    @Test
    void listIsNewestFirstAndFiltersTrialsOfATuneRun() {
        try (RunStore store = RunStore.open(tmp.resolve("runs.db"))) {
            long tune = store.insert(run(RunRecord.TUNE, null, null, Double.NaN));
            long t0 = store.insert(run(RunRecord.TRIAL, tune, 0, 0.08));
            long t1 = store.insert(run(RunRecord.TRIAL, tune, 1, 0.09));
            long train = store.insert(run(RunRecord.TRAIN, null, null, 0.0906));
            store.finish(tune, "finished", null, 5000, "out", List.of(new RunRecord.Metric("validation.als.ndcg@10", null, 0.09),
                    new RunRecord.Metric("test.als.ndcg@10", null, 0.085)), Map.of("searchMs", 4000L));
            assertEquals(List.of(train, t1, t0, tune), store.list(null, null, 0).stream().map(RunRecord::id).toList());
            assertEquals(List.of(t1, t0), store.list(RunRecord.TRIAL, tune, 0).stream().map(RunRecord::id).toList());
            assertEquals(List.of(train), store.list(null, null, 1).stream().map(RunRecord::id).toList());
            RunRecord tuneRun = store.get(tune).orElseThrow();
            assertEquals("finished", tuneRun.status());
            assertEquals(5000, tuneRun.durationMs());
            assertEquals(4000L, tuneRun.timingsMs().get("searchMs"));

            String list = RunsReport.list(store.list(null, null, 0));
            assertTrue(list.contains("trial 1 of run " + tune), list);
            assertTrue(list.contains("test 0.0850"), list);
            String show = RunsReport.show(store.get(t1).orElseThrow(), false);
            assertTrue(show.contains("als.ndcg@10 by step: 5: 0.0450 10: 0.0810"), show);
            assertTrue(show.contains("1 more params at their defaults"), show);
            String compare = RunsReport.compare(List.of(store.get(t0).orElseThrow(), store.get(t1).orElseThrow()), false);
            assertTrue(compare.contains("als.lambda"), compare);
            assertTrue(compare.contains("+0.0100"), "the NDCG delta: " + compare);
            assertTrue(!compare.contains("als.factors"), "equal params are left out: " + compare);
        }
    }

    @Test
    void aCorruptFileOrAForeignDatabaseFailsWithOneLineNamingIt() throws Exception {
        Path garbage = tmp.resolve("garbage.db");
        Files.write(garbage, "this is not a database, just text that is long enough to look like a header ......".repeat(20).getBytes());
        BadInputException e = assertThrows(BadInputException.class, () -> RunStore.open(garbage));
        assertTrue(e.getMessage().startsWith("runs store " + garbage + " is not a usable SQLite database"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());

        Path foreign = tmp.resolve("other.db");
        try (var c = DriverManager.getConnection("jdbc:sqlite:" + foreign); var s = c.createStatement()) {
            s.execute("CREATE TABLE notes (id INTEGER)");
        }
        e = assertThrows(BadInputException.class, () -> RunStore.open(foreign));
        assertTrue(e.getMessage().contains("is a SQLite database of something else"), e.getMessage());
    }
}
