package io.reelstream.trainer.tune.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StudyTest {
    private static final SearchSpace SPACE = SearchSpace.parse("""
            x = float 0..1
            iterations = int 5..20
            """, "test");

    /** A fake "training": value rises with the step to x (so better x stays better at every step); reports every 5 steps. */
    private static double train(Study.Trial t) {
        double x = Double.parseDouble(t.assignment().get("x"));
        int iterations = Integer.parseInt(t.assignment().get("iterations"));
        for (int step = 5; step < iterations; step += 5) {
            if (!t.report(step, x * step / 20.0)) return Double.NaN;
        }
        return x * iterations / 20.0;
    }

    private static Study.Result run(int batch, int parallel, MedianPruner pruner, Study.Objective objective) {
        return new Study(SPACE, new TpeSampler(11), pruner, System::nanoTime)
                .optimize(objective, new Study.Settings(40, batch, parallel), Study.Listener.NONE);
    }

    @Test
    void theSameTrialsWhateverTheThreadCount() {
        Study.Result one = run(4, 1, MedianPruner.defaults(), StudyTest::train);
        Study.Result three = run(4, 3, MedianPruner.defaults(), StudyTest::train);
        assertEquals(summary(one), summary(three));
        assertTrue(one.trials().stream().anyMatch(t -> t.state() == TrialState.PRUNED), "the pruner had work to do");
        assertEquals(Study.StopReason.TRIALS_DONE, one.stopReason());
    }

    private static List<String> summary(Study.Result r) {
        List<String> out = new ArrayList<>();
        for (TrialRecord t : r.trials()) out.add(t.number() + " " + t.params() + " " + t.state() + " " + t.value() + " " + t.intermediate());
        return out;
    }

    @Test
    void prunedTrialsStopEarlyAndSayWhy() {
        Study.Result r = run(1, 1, MedianPruner.defaults(), StudyTest::train);
        TrialRecord pruned = r.trials().stream().filter(t -> t.state() == TrialState.PRUNED).findFirst().orElseThrow();
        assertTrue(pruned.reason().startsWith("pruned at step " + pruned.lastStep() + ": "), pruned.reason());
        assertTrue(Double.isNaN(pruned.value()));
        for (TrialRecord t : r.trials().subList(0, 5)) assertTrue(t.state() != TrialState.PRUNED, "5 startup trials first");
    }

    @Test
    void aFailedTrialIsRecordedWithItsReasonAndTheSearchGoesOn() {
        Study.Result r = run(2, 2, null, t -> {
            if (t.number() % 3 == 1) throw new IllegalStateException("matrix not positive definite\nat row 3");
            return train(t);
        });
        assertEquals(40, r.trials().size());
        TrialRecord failed = r.trials().get(1);
        assertEquals(TrialState.FAILED, failed.state());
        assertEquals("IllegalStateException: matrix not positive definite", failed.reason());
        assertEquals(27, r.trials().stream().filter(TrialRecord::complete).count());
        assertTrue(r.best().orElseThrow().complete());
    }

    @Test
    void theDeadlineStopsRunningTrialsAndNewBatches() {
        AtomicLong clock = new AtomicLong();
        // every report costs 1 s of fake time; deadline after 12 s
        Study.Result r = new Study(SPACE, new RandomSampler(1), null, clock::get).optimize(t -> {
            for (int step = 5; step <= 20; step += 5) {
                clock.addAndGet(1_000_000_000L);
                if (!t.report(step, 0.5)) return Double.NaN;
            }
            return 0.5;
        }, new Study.Settings(100, 1, 1, 12_000_000_000L, Study.Reserve.NONE), Study.Listener.NONE);
        assertEquals(Study.StopReason.BUDGET, r.stopReason());
        assertEquals(TrialState.COMPLETE, r.trials().get(0).state());
        assertEquals(TrialState.COMPLETE, r.trials().get(1).state());
        // the third batch started at 8 s: 8 + 4 s mean batch = 12, still fits; it is stopped at 12 s
        assertEquals(3, r.trials().size(), r.trials().toString());
        assertEquals(TrialState.CANCELLED, r.trials().get(2).state());
        assertEquals("time budget ran out after step 20", r.trials().get(2).reason());
    }

    @Test
    void noCompleteTrialWhenTheBudgetIsSmallerThanOne() {
        AtomicLong clock = new AtomicLong();
        Study.Result r = new Study(SPACE, new RandomSampler(1), null, clock::get).optimize(t -> {
            clock.addAndGet(5_000_000_000L);
            t.report(5, 0.1);
            return 0.1;
        }, new Study.Settings(10, 2, 2, 3_000_000_000L, Study.Reserve.NONE), Study.Listener.NONE);
        assertTrue(r.best().isEmpty());
        assertEquals(Study.StopReason.BUDGET, r.stopReason());
        assertTrue(r.trials().stream().allMatch(t -> t.state() == TrialState.CANCELLED));
    }

    @Test
    void theReserveForWorkAfterTheSearchMovesTheStopEarlier() {
        AtomicLong clock = new AtomicLong();
        // 4 reports of 1 s per trial; the caller needs as long as the longest complete trial after the search
        Study.Reserve longestTrial = finished -> finished.stream().filter(TrialRecord::complete)
                .mapToLong(TrialRecord::durationNanos).max().orElse(0);
        Study.Result r = new Study(SPACE, new RandomSampler(1), null, clock::get).optimize(t -> {
            for (int step = 5; step <= 20; step += 5) {
                clock.addAndGet(1_000_000_000L);
                if (!t.report(step, 0.5)) return Double.NaN;
            }
            return 0.5;
        }, new Study.Settings(100, 1, 1, 12_000_000_000L, longestTrial), Study.Listener.NONE);
        // trial 0 ends at 4 s (reserve 4 s); trial 1 starts (4 + 4 + 4 <= 12) and is stopped at 12 - 4 = 8 s
        assertEquals(2, r.trials().size(), r.trials().toString());
        assertEquals(TrialState.COMPLETE, r.trials().get(0).state());
        assertEquals(TrialState.CANCELLED, r.trials().get(1).state());
        assertEquals(8_000_000_000L, clock.get());
    }
}
