package io.reelstream.lifecycle.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.experiment.ExperimentAnalysis;
import io.reelstream.core.experiment.Outcome;
import io.reelstream.schemas.ArmCounts;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentDecision;
import io.reelstream.schemas.ExperimentOutcome;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExperimentStatsTest {
    /** Counts where hit_rate = hits/positives and like_rate = hits/shownSwipes. */
    static ArmCounts counts(long positives, long shownSwipes, long hits) {
        return ArmCounts.newBuilder().setUsers(100).setSwipes(3 * positives).setPositives(positives)
                .setShownSwipes(shownSwipes).setHits(hits).build();
    }

    @Test
    void promotesASignificantFifteenPercentLift() {
        // 1000/10 000 vs 1150/10 000: lift +15 %, always-valid p 0.0174 < 0.05 (MsprtTest), fixed p 6.2e-4
        ExperimentAnalysis a = ExperimentRecords.analyze(counts(10_000, 20_000, 1000), counts(10_000, 20_000, 1150),
                "hit_rate", 1000, 0.05, 0.05, 1.0);
        assertEquals(Outcome.PROMOTE_TREATMENT, a.outcome());
        assertEquals(ExperimentAnalysis.Reason.TREATMENT_BETTER, a.reason());
        assertTrue(a.decided());
        assertEquals(0.10, a.controlRate(), 1e-12);
        assertEquals(0.115, a.treatmentRate(), 1e-12);
        assertEquals(0.15, a.lift(), 1e-12);
        assertEquals(0.06149384056135143, a.liftLow(), 1e-8);
        assertEquals(0.0006164549192148455, a.pValue(), 1e-10);
        assertEquals(0.01736349230197839, a.sequentialPValue(), 1e-12);
        System.out.println(a.summary());
        assertEquals("hit_rate control 1000/10000 = 10.00% | treatment 1150/10000 = 11.50% | lift +15.00% [95% CI +6.15%,"
                + " +24.59%] | p 6.2e-04 | always-valid p 0.0174 | PROMOTE_TREATMENT: treatment better: lift +15.00% >= +5.0%"
                + " and always-valid p 0.0174 < 0.05", a.summary());
    }

    @Test
    void keepsControlWhenTheTreatmentIsSignificantlyWorse() {
        ExperimentAnalysis a = ExperimentRecords.analyze(counts(10_000, 20_000, 1150), counts(10_000, 20_000, 1000),
                "hit_rate", 1000, 0.05, 0.05, 1.0);
        assertEquals(Outcome.KEEP_CONTROL, a.outcome());
        assertEquals(1 / 1.15 - 1, a.lift(), 1e-12);
        assertEquals(0.01736349230197839, a.sequentialPValue(), 1e-12); // the mSPRT is symmetric in the arms
        assertTrue(a.explain().startsWith("treatment worse: lift -13.04%"), a.explain());
    }

    @Test
    void aSignificantLiftBelowTheBarIsInconclusive() {
        // 10.0 % vs 10.3 % on a million trials each: z ≈ 7, Λ ≈ 2e9, yet the lift is only +3 %
        ExperimentAnalysis a = ExperimentRecords.analyze(counts(1_000_000, 2_000_000, 100_000),
                counts(1_000_000, 2_000_000, 103_000), "hit_rate", 1000, 0.05, 0.05, 1.0);
        assertEquals(Outcome.INCONCLUSIVE, a.outcome());
        assertEquals(ExperimentAnalysis.Reason.BELOW_MIN_LIFT, a.reason());
        assertTrue(a.sequentialPValue() < 1e-6);
        assertEquals("significant but below the bar: lift +3.00% < +5.0%", a.explain());
        // with the bar at 2 % the same numbers promote
        assertEquals(Outcome.PROMOTE_TREATMENT, ExperimentRecords.analyze(counts(1_000_000, 2_000_000, 100_000),
                counts(1_000_000, 2_000_000, 103_000), "hit_rate", 1000, 0.02, 0.05, 1.0).outcome());
    }

    @Test
    void waitsForMinSamplesInBothArmsEvenWhenTheDifferenceIsHuge() {
        ExperimentAnalysis a = ExperimentRecords.analyze(counts(999, 999, 10), counts(5000, 5000, 2500), "hit_rate", 1000,
                0.05, 0.05, 1.0);
        assertEquals(ExperimentAnalysis.Reason.WAITING_FOR_SAMPLES, a.reason());
        assertTrue(a.sequentialPValue() < 1e-6, "the always-valid p still advances while waiting");
        assertEquals("waiting for 1000 trials per arm (control 999, treatment 5000)", a.explain());
    }

    @Test
    void notSignificantUntilTheAlwaysValidPIsBelowAlphaAndThenItsRunningValueCounts() {
        // 500/5000 vs 560/5000: fixed p 0.0513, 1/Λ = 0.48 → not significant on its own
        ExperimentAnalysis fresh = ExperimentRecords.analyze(counts(5000, 9000, 500), counts(5000, 9000, 560), "hit_rate",
                1000, 0.05, 0.05, 1.0);
        assertEquals(ExperimentAnalysis.Reason.NOT_SIGNIFICANT, fresh.reason());
        assertEquals(0.4811139479604411, fresh.sequentialPValue(), 1e-12);
        assertEquals("not significant: always-valid p 0.4811 >= 0.05", fresh.explain());
        // an earlier look already reached 0.01: the running minimum keeps it, and the +12 % lift promotes
        ExperimentAnalysis carried = ExperimentRecords.analyze(counts(5000, 9000, 500), counts(5000, 9000, 560), "hit_rate",
                1000, 0.05, 0.05, 0.01);
        assertEquals(0.01, carried.sequentialPValue(), 0);
        assertEquals(Outcome.PROMOTE_TREATMENT, carried.outcome());
    }

    @Test
    void identicalArmsAndEmptyArmsAreInconclusive() {
        ExperimentAnalysis same = ExperimentRecords.analyze(counts(5000, 9000, 700), counts(5000, 9000, 700), "hit_rate",
                1000, 0.05, 0.05, 1.0);
        assertEquals(Outcome.INCONCLUSIVE, same.outcome());
        assertEquals(1.0, same.pValue(), 1e-12);
        assertEquals(1.0, same.sequentialPValue(), 0);
        ExperimentAnalysis empty = ExperimentRecords.analyze(counts(0, 0, 0), counts(0, 0, 0), "hit_rate", 0, 0.05, 0.05, 1.0);
        assertEquals(Outcome.INCONCLUSIVE, empty.outcome());
        assertEquals(ExperimentAnalysis.Reason.NOT_SIGNIFICANT, empty.reason());
        assertTrue(Double.isNaN(empty.controlRate()) && Double.isNaN(empty.lift()));
        assertTrue(empty.summary().contains("control 0/0 = n/a"), empty.summary());
    }

    @Test
    void likeRateDividesByShownSwipesAndHitRateByPositives() {
        ArmCounts c = counts(4000, 10_000, 800), t = counts(5000, 10_000, 900);
        ExperimentAnalysis hit = ExperimentRecords.analyze(c, t, "hit_rate", 100, 0.05, 0.05, 1.0);
        assertEquals(List.of(4000L, 800L, 5000L, 900L),
                List.of(hit.controlTrials(), hit.controlSuccesses(), hit.treatmentTrials(), hit.treatmentSuccesses()));
        ExperimentAnalysis like = ExperimentRecords.analyze(c, t, "LIKE_RATE", 100, 0.05, 0.05, 1.0);
        assertEquals("like_rate", like.metric());
        assertEquals(List.of(10_000L, 800L, 10_000L, 900L),
                List.of(like.controlTrials(), like.controlSuccesses(), like.treatmentTrials(), like.treatmentSuccesses()));
    }

    @Test
    void anUnknownMetricNamesTheChoices() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentRecords.analyze(counts(1, 1, 0), counts(1, 1, 0), "ndcg", 0, 0.05, 0.05, 1.0));
        assertEquals("unknown experiment metric 'ndcg': choose one of hit_rate, like_rate", e.getMessage());
    }

    @Test
    void rejectsInconsistentCountsAndParametersOutOfRange() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> ExperimentRecords.analyze(counts(10, 10, 11), counts(10, 10, 1), "hit_rate", 0, 0.05, 0.05, 1.0));
        assertTrue(e.getMessage().startsWith("control arm: hit_rate needs 0 <= hits <= positives"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ExperimentRecords.analyze(counts(10, 10, 1), counts(10, 10, 1), "hit_rate", -1, 0.05, 0.05, 1.0));
        var lift = assertThrows(IllegalArgumentException.class,
                () -> ExperimentRecords.analyze(counts(10, 10, 1), counts(10, 10, 1), "hit_rate", 0, -0.05, 0.05, 1.0));
        assertTrue(lift.getMessage().startsWith("minLift"), lift.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ExperimentRecords.analyze(counts(10, 10, 1), counts(10, 10, 1), "hit_rate", 0, 0.05, 0, 1.0));
        assertThrows(IllegalArgumentException.class,
                () -> ExperimentRecords.analyze(counts(10, 10, 1), counts(10, 10, 1), "hit_rate", 0, 0.05, 0.05, 1.5));
        assertThrows(IllegalArgumentException.class,
                () -> ExperimentRecords.analyze(null, counts(10, 10, 1), "hit_rate", 0, 0.05, 0.05, 1.0));
    }

    @Test
    void becomesTheAvroDecisionAndTheRegistryDetails() {
        ExperimentAnalysis a = ExperimentRecords.analyze(counts(10_000, 20_000, 1000), counts(10_000, 20_000, 1150),
                "hit_rate", 1000, 0.05, 0.05, 1.0);
        ExperimentDecision d = ExperimentRecords.toDecision(a, 1_700_000_000_000L);
        assertEquals(ExperimentOutcome.PROMOTE_TREATMENT, d.getOutcome());
        assertEquals(10_000L, d.getControlTrials());
        assertEquals(1150L, d.getTreatmentSuccesses());
        assertEquals(a.lift(), d.getLift(), 0);
        assertEquals(a.liftLow(), d.getLiftLow(), 0);
        assertEquals(a.liftHigh(), d.getLiftHigh(), 0);
        assertEquals(a.pValue(), d.getPValue(), 0);
        assertEquals(a.sequentialPValue(), d.getSequentialPValue(), 0);
        assertEquals(1_700_000_000_000L, d.getDecidedAt());
        assertTrue(d.getNote().startsWith("hit_rate: treatment better"), d.getNote());
        assertEquals(List.of("control.trials", "control.successes", "control.rate", "treatment.trials", "treatment.successes",
                "treatment.rate", "lift", "lift.low", "lift.high", "difference", "difference.low", "difference.high", "z",
                "p.value", "p.sequential", "min.samples", "min.lift", "alpha"), List.copyOf(a.details().keySet()));
        assertEquals(0.01736349230197839, a.details().get("p.sequential"), 1e-12);
    }

    @Test
    void analysesAnExperimentRecordWithItsOwnRuleAndItsLastSequentialP() {
        Experiment.Builder e = Experiment.newBuilder().setExperimentId("exp-1").setControlVersion("run_a")
                .setTreatmentVersion("run_b").setTreatmentShare(0.5).setStatus(io.reelstream.schemas.ExperimentStatus.RUNNING).setStartedAt(0L).setStartedBy("test")
                .setMetric("hit_rate").setMinSamples(20_000).setMinLift(0.05).setAlpha(0.05);
        ArmCounts c = counts(10_000, 20_000, 1000), t = counts(10_000, 20_000, 1150);
        assertEquals(ExperimentAnalysis.Reason.WAITING_FOR_SAMPLES, ExperimentRecords.analyze(e.build(), c, t).reason());

        e.setMinSamples(1000).setAlpha(0.01); // 0.0174 is not below 0.01 ...
        assertEquals(ExperimentAnalysis.Reason.NOT_SIGNIFICANT, ExperimentRecords.analyze(e.build(), c, t).reason());
        ExperimentDecision earlier = ExperimentRecords.toDecision(ExperimentRecords.analyze(counts(5000, 9000, 500),
                counts(5000, 9000, 560), "hit_rate", 1000, 0.05, 0.05, 0.004), 1L);
        e.setDecision(earlier); // ... but a stored running p of 0.004 is
        ExperimentAnalysis a = ExperimentRecords.analyze(e.build(), c, t);
        assertEquals(0.004, a.sequentialPValue(), 0);
        assertEquals(Outcome.PROMOTE_TREATMENT, a.outcome());
        assertFalse(a.summary().contains("\n"));
    }
}
