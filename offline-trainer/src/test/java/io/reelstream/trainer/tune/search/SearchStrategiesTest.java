package io.reelstream.trainer.tune.search;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.junit.jupiter.api.Test;

/** Each strategy on a known objective (maximum 1.0), and TPE against random at equal trials. */
class SearchStrategiesTest {

    private static Study.Result search(Sampler sampler, int trials) {
        return new Study(SyntheticObjective.space(), sampler, null, System::nanoTime)
                .optimize(t -> SyntheticObjective.value(t.assignment()), new Study.Settings(trials, 1, 1),
                        Study.Listener.NONE);
    }

    @Test
    void gridVisitsEveryPointAndFindsTheExactOptimumOnTheGrid() {
        // 5 lambdas × 5 factors × (a: 3 steps, b: 3 steps × 3 widths, c: 3 steps) = 25 × 15 = 375 points
        assertEquals(375, GridSampler.combinations(SyntheticObjective.space()).size());
        Study.Result r = search(new GridSampler(7), 1000);
        assertEquals(Study.StopReason.GRID_EXHAUSTED, r.stopReason());
        assertEquals(375, r.trials().size());
        assertEquals(375, r.trials().stream().map(t -> t.params().toString()).distinct().count(), "no point twice");
        assertEquals(1.0, r.best().orElseThrow().value(), 1e-12, "λ 0.1, k 16, s 4, b, w 0.7 are all grid points");
        assertEquals(Map.of("lambda", "0.1", "factors", "16", "mode", "b", "steps", "4", "width", "0.7"),
                SyntheticObjective.space().assignment(r.best().orElseThrow().params()));
    }

    @Test
    void randomSearchGetsCloseWithinItsBudget() {
        Study.Result r = search(new RandomSampler(1), 300);
        assertTrue(r.best().orElseThrow().value() > 0.95, "best " + r.best());
    }

    @Test
    void tpeFindsTheOptimumWithinItsBudget() {
        Study.Result r = search(new TpeSampler(1), 150);
        TrialRecord best = r.best().orElseThrow();
        Map<String, String> a = SyntheticObjective.space().assignment(best.params());
        assertTrue(best.value() > 0.99, "best " + best.value() + " at " + a);
        assertEquals("b", a.get("mode"));
        assertEquals("4", a.get("steps"));
        assertEquals(0.1, Double.parseDouble(a.get("lambda")), 0.02);
        assertEquals(16, Double.parseDouble(a.get("factors")), 3);
        assertEquals(0.7, Double.parseDouble(a.get("width")), 0.1);
    }

    @Test
    void tpeBeatsRandomAtEqualTrialsOverTenSeeds() {
        int trials = 80;
        double tpe = meanBest(seed -> new TpeSampler(seed), trials);
        double random = meanBest(seed -> new RandomSampler(seed), trials);
        System.out.printf("mean best of %d trials over 10 seeds: TPE %.4f, random %.4f%n", trials, tpe, random);
        assertTrue(tpe > random + 0.03, "TPE " + tpe + " vs random " + random);
    }

    private static double meanBest(LongFunction<Sampler> sampler, int trials) {
        double sum = 0;
        for (long seed = 1; seed <= 10; seed++) sum += search(sampler.apply(seed), trials).best().orElseThrow().value();
        return sum / 10;
    }

    @Test
    void samplersDrawTheSameTrialsForTheSameSeedAndHistory() {
        for (Sampler s : List.of(new RandomSampler(5), new TpeSampler(5), new GridSampler(5))) {
            Study.Result a = search(s, 30);
            Study.Result b = search(s, 30);
            assertEquals(a.trials().stream().map(TrialRecord::params).toList(),
                    b.trials().stream().map(TrialRecord::params).toList(), s.getClass().getSimpleName());
        }
    }

    @Test
    void conditionalParametersAppearOnlyWhenTheirConditionHolds() {
        for (Sampler s : List.of(new RandomSampler(9), new TpeSampler(9), new GridSampler(9))) {
            for (TrialRecord t : search(s, 60).trials()) {
                assertEquals(TrialState.COMPLETE, t.state(), "SyntheticObjective throws on a width without mode=b: " + t);
                assertEquals("b".equals(t.params().get("mode")), t.params().containsKey("width if mode=b"), t.params().toString());
            }
        }
    }
}
