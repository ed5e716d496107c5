package io.reelstream.lifecycle.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.lifecycle.drift.PreferenceMix;
import io.reelstream.lifecycle.drift.Psi;
import io.reelstream.core.experiment.Metric;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RetrainTriggersTest {
    static final long H = 3_600_000L;
    static final long DAY = 24 * H;
    static final long T0 = 1_700_000_000_000L; // the last training finished here

    static final TriggerConfig.QualityDrop QUALITY = new TriggerConfig.QualityDrop(true, Metric.HIT_RATE, 0.8, 3, 3, 200);

    static Observations obs(long now, long newSwipes, List<QualityWindow> windows, double reference, List<Psi.Result> drift) {
        return new Observations(now, "run_X", T0, newSwipes, windows, reference, drift);
    }

    /** Hourly windows from T0 with the given hit rates over 1000 positives each. */
    static List<QualityWindow> hourly(double... rates) {
        List<QualityWindow> w = new ArrayList<>();
        for (int i = 0; i < rates.length; i++) w.add(new QualityWindow(T0 + i * H, 1000, Math.round(rates[i] * 1000)));
        return w;
    }

    // ---- feedback-count ----

    @Test
    void feedbackCountFiresAtItsThresholdAndNotBelow() {
        TriggerConfig.FeedbackCount c = new TriggerConfig.FeedbackCount(true, 5000);
        TriggerEvaluation fired = TriggerRules.feedbackCount(c, obs(T0 + H, 5230, List.of(), Double.NaN, List.of()));
        assertTrue(fired.fired());
        assertEquals("feedback-count: 5230 new swipes since run_X (threshold 5000)", fired.explanation());
        assertEquals("[fired] feedback-count: 5230 new swipes since run_X (threshold 5000)", fired.toString());
        assertTrue(TriggerRules.feedbackCount(c, obs(T0 + H, 5000, List.of(), Double.NaN, List.of())).fired());
        TriggerEvaluation quiet = TriggerRules.feedbackCount(c, obs(T0 + H, 4999, List.of(), Double.NaN, List.of()));
        assertFalse(quiet.fired());
        assertEquals("[quiet] feedback-count: 4999 new swipes since run_X (threshold 5000)", quiet.toString());
    }

    // ---- schedule ----

    @Test
    void scheduleFiresAnIntervalAfterTheLastTraining() {
        TriggerConfig.Schedule c = new TriggerConfig.Schedule(true, 7 * DAY);
        TriggerEvaluation due = TriggerRules.schedule(c, obs(T0 + 7 * DAY + 2 * H, 0, List.of(), Double.NaN, List.of()));
        assertTrue(due.fired());
        assertEquals("schedule: 7d 2h since run_X (interval 7d)", due.explanation());
        assertTrue(TriggerRules.schedule(c, obs(T0 + 7 * DAY, 0, List.of(), Double.NaN, List.of())).fired());
        TriggerEvaluation early = TriggerRules.schedule(c, obs(T0 + 7 * DAY - 1, 0, List.of(), Double.NaN, List.of()));
        assertFalse(early.fired());
        assertEquals("schedule: 6d 23h since run_X (interval 7d)", early.explanation());
    }

    // ---- drift ----

    static Psi.Result mix(long... recent) {
        return PreferenceMix.psi(new long[] {1000, 1500, 3500, 4000}, recent);
    }

    @Test
    void driftFiresAboveItsThresholdOnceTheSampleIsLargeEnough() {
        TriggerConfig.Drift c = new TriggerConfig.Drift(true, 0.2, 1000);
        Psi.Result shifted = mix(500, 500, 500, 500);  // uniform: PSI 0.2927
        Psi.Result same = mix(100, 150, 350, 400);      // the training mix: PSI 0
        TriggerEvaluation fired = TriggerRules.drift(c, obs(T0 + H, 2000, List.of(), Double.NaN, List.of(same, shifted)));
        assertTrue(fired.fired());
        assertEquals(0.2927, fired.value(), 1e-4);
        assertEquals("drift: preference-mix PSI 0.2927 > 0.2 over 2000 swipes since run_X (preference-mix 0.0000,"
                + " preference-mix 0.2927)", fired.explanation());

        TriggerEvaluation below = TriggerRules.drift(c, obs(T0 + H, 1000, List.of(), Double.NaN, List.of(same)));
        assertFalse(below.fired());
        assertTrue(below.explanation().startsWith("drift: preference-mix PSI 0.0000 <= 0.2"), below.explanation());

        TriggerEvaluation small = TriggerRules.drift(c, obs(T0 + H, 200, List.of(), Double.NaN, List.of(mix(50, 50, 50, 50))));
        assertFalse(small.fired());
        assertEquals("drift: waiting for 1000 recent swipes since run_X (have 200)", small.explanation());

        assertEquals("drift: no PSI reading yet",
                TriggerRules.drift(c, obs(T0 + H, 0, List.of(), Double.NaN, List.of())).explanation());
        // a threshold above the reading: quiet
        assertFalse(TriggerRules.drift(new TriggerConfig.Drift(true, 0.3, 1000),
                obs(T0 + H, 2000, List.of(), Double.NaN, List.of(shifted))).fired());
    }

    // ---- quality-drop ----

    @Test
    void qualityDropFiresOnKConsecutiveWindowsBelowTheFractionOfTheFirstWindows() {
        // reference = first 3 windows: (120 + 118 + 122)/3000 = 0.12, bar 0.8 · 0.12 = 0.096
        TriggerEvaluation e = TriggerRules.qualityDrop(QUALITY,
                obs(T0 + 9 * H, 0, hourly(0.12, 0.118, 0.122, 0.115, 0.09, 0.085, 0.09), Double.NaN, List.of()));
        assertTrue(e.fired());
        assertEquals(0.096, e.threshold(), 1e-12);
        assertEquals("quality-drop: hit_rate below 0.0960 (80% of reference 0.1200 = first 3 windows) in the last 3 windows"
                + " since run_X: 0.0900, 0.0850, 0.0900", e.explanation());
    }

    @Test
    void qualityDropDoesNotFireOnFewerLowWindowsARecoveryOrAnInterruptedRun() {
        TriggerEvaluation two = TriggerRules.qualityDrop(QUALITY,
                obs(T0 + 9 * H, 0, hourly(0.12, 0.12, 0.12, 0.09, 0.09), Double.NaN, List.of()));
        assertFalse(two.fired());
        assertEquals("quality-drop: hit_rate 2 of 3 consecutive windows below 0.0960 (80% of reference 0.1200 = first 3"
                + " windows); latest 0.0900 over 1000 trials", two.explanation());
        assertFalse(TriggerRules.qualityDrop(QUALITY,
                obs(T0 + 9 * H, 0, hourly(0.12, 0.12, 0.12, 0.09, 0.09, 0.09, 0.11), Double.NaN, List.of())).fired());
        assertFalse(TriggerRules.qualityDrop(QUALITY,
                obs(T0 + 9 * H, 0, hourly(0.12, 0.12, 0.12, 0.09, 0.11, 0.09, 0.09), Double.NaN, List.of())).fired());
        // exactly at the bar is not below it
        assertFalse(TriggerRules.qualityDrop(QUALITY,
                obs(T0 + 9 * H, 0, hourly(0.12, 0.12, 0.12, 0.096, 0.096, 0.096), Double.NaN, List.of())).fired());
    }

    @Test
    void qualityDropSkipsSmallWindowsAndWaitsForItsReference() {
        List<QualityWindow> w = new ArrayList<>(hourly(0.12, 0.12, 0.12, 0.09, 0.09));
        w.add(new QualityWindow(T0 + 5 * H, 50, 10));  // 0.20 over 50 trials: too noisy to count or to break the run
        w.add(new QualityWindow(T0 + 6 * H, 1000, 90));
        assertTrue(TriggerRules.qualityDrop(QUALITY, obs(T0 + 9 * H, 0, w, Double.NaN, List.of())).fired());

        TriggerEvaluation waiting = TriggerRules.qualityDrop(QUALITY,
                obs(T0 + 2 * H, 0, hourly(0.12, 0.12), Double.NaN, List.of()));
        assertFalse(waiting.fired());
        assertEquals("quality-drop: hit_rate reference needs 3 windows of >= 200 trials, have 2", waiting.explanation());
    }

    @Test
    void qualityDropUsesAGivenReferenceRateAndOnlyWindowsSinceTheLastTraining() {
        // reference at promotion 0.15 → bar 0.12; every window counts
        assertTrue(TriggerRules.qualityDrop(QUALITY, obs(T0 + 3 * H, 0, hourly(0.11, 0.115, 0.119), 0.15, List.of())).fired());
        // the same three low windows, but they started before the last training (at T0): they no longer count
        List<QualityWindow> before = List.of(new QualityWindow(T0 - 3 * H, 1000, 110), new QualityWindow(T0 - 2 * H, 1000, 115),
                new QualityWindow(T0 - H, 1000, 119));
        TriggerEvaluation e = TriggerRules.qualityDrop(QUALITY, obs(T0 + 10, 0, before, 0.15, List.of()));
        assertFalse(e.fired());
        assertEquals("quality-drop: hit_rate: no window of >= 200 trials since run_X to compare with 0.1200 (80% of"
                + " reference 0.1500)", e.explanation());
    }

    // ---- all rules, cooldown ----

    @Test
    void allEnabledRulesAreEvaluatedInOrderAndTheFiredOnesNamedForTheLineage() {
        RetrainTriggers triggers = new RetrainTriggers(TriggerConfig.DEFAULT);
        RetrainTriggers.Step step = triggers.evaluate(obs(T0 + 8 * DAY, 6000, List.of(), Double.NaN, List.of()),
                RetrainTriggers.CooldownState.EMPTY);
        assertEquals(List.of(TriggerKind.QUALITY_DROP, TriggerKind.DRIFT, TriggerKind.FEEDBACK_COUNT, TriggerKind.SCHEDULE),
                step.evaluations().stream().map(TriggerEvaluation::kind).toList());
        assertEquals("feedback-count+schedule", step.triggerName());
        assertEquals(Map.of(TriggerKind.FEEDBACK_COUNT, T0 + 8 * DAY, TriggerKind.SCHEDULE, T0 + 8 * DAY),
                step.state().firedAt());
        System.out.println(step);

        RetrainTriggers onlyFeedback = new RetrainTriggers(TriggerConfig.fromMap(Map.of("trigger.quality.enabled", "false",
                "trigger.drift.enabled", "false", "trigger.schedule.enabled", "false")));
        assertEquals(1, onlyFeedback.conditions(obs(T0, 0, List.of(), Double.NaN, List.of())).size());
    }

    @Test
    void aFiredRuleStaysQuietUntilItsRetrainFinishesAndThenLooksAtNewEvidenceOnly() {
        RetrainTriggers triggers = new RetrainTriggers(TriggerConfig.fromMap(Map.of("trigger.schedule.enabled", "false",
                "trigger.cooldown.ms", String.valueOf(6 * H))));
        long t1 = T0 + 2 * H;
        RetrainTriggers.Step first = triggers.evaluate(obs(t1, 5230, List.of(), Double.NaN, List.of()),
                RetrainTriggers.CooldownState.EMPTY);
        assertEquals("feedback-count", first.triggerName());

        // 10 minutes later: still 5000+ new swipes, the retrain is running (last training still T0) → held back
        RetrainTriggers.Step second = triggers.evaluate(obs(t1 + 600_000, 5400, List.of(), Double.NaN, List.of()), first.state());
        assertFalse(second.anyFired());
        TriggerEvaluation held = second.evaluations().get(2);
        assertTrue(held.conditionMet());
        assertEquals("[cooldown] feedback-count: 5400 new swipes since run_X (threshold 5000); cooling down: fired 10m ago,"
                + " retrain not finished (quiet for at most 5h 50m more)", held.toString());
        assertEquals(t1, second.state().firedAt().get(TriggerKind.FEEDBACK_COUNT));

        // the retrain registered run_Y at t1 + 1h: the count starts again from it, nothing fires, the cooldown is over
        long t2 = t1 + H;
        RetrainTriggers.Step after = triggers.evaluate(new Observations(t2 + 60_000, "run_Y", t2, 120, List.of(), Double.NaN,
                List.of()), second.state());
        assertFalse(after.anyFired());
        assertTrue(after.state().firedAt().isEmpty());
        // ... and 5000 new swipes after run_Y fire it again
        RetrainTriggers.Step again = triggers.evaluate(new Observations(t2 + 5 * H, "run_Y", t2, 5001, List.of(), Double.NaN,
                List.of()), after.state());
        assertEquals("feedback-count", again.triggerName());
    }

    @Test
    void aRetrainThatNeverFinishesFreesItsTriggerAfterTheCooldown() {
        RetrainTriggers triggers = new RetrainTriggers(TriggerConfig.fromMap(Map.of("trigger.cooldown.ms", "PT6H")));
        long t1 = T0 + H;
        RetrainTriggers.CooldownState s = triggers.evaluate(obs(t1, 6000, List.of(), Double.NaN, List.of()),
                RetrainTriggers.CooldownState.EMPTY).state();
        assertFalse(triggers.evaluate(obs(t1 + 6 * H - 1, 9000, List.of(), Double.NaN, List.of()), s).anyFired());
        assertEquals("feedback-count",
                triggers.evaluate(obs(t1 + 6 * H, 9000, List.of(), Double.NaN, List.of()), s).triggerName());
    }

    @Test
    void cooldownsArePerRule() {
        RetrainTriggers triggers = new RetrainTriggers(TriggerConfig.DEFAULT);
        long t1 = T0 + H;
        RetrainTriggers.CooldownState s = triggers.evaluate(obs(t1, 6000, List.of(), Double.NaN, List.of()),
                RetrainTriggers.CooldownState.EMPTY).state();
        // an hour later drift shows up: it fires although feedback-count is cooling down
        RetrainTriggers.Step step = triggers.evaluate(obs(t1 + H, 7000, List.of(), Double.NaN, List.of(mix(500, 500, 500, 500))), s);
        assertEquals("drift", step.triggerName());
        assertEquals(Map.of(TriggerKind.FEEDBACK_COUNT, t1, TriggerKind.DRIFT, t1 + H), step.state().firedAt());
    }
}
