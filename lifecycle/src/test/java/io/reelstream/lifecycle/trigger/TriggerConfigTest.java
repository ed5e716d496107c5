package io.reelstream.lifecycle.trigger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.reelstream.core.experiment.Metric;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerConfigTest {
    static String error(Map<String, String> values) {
        return assertThrows(IllegalArgumentException.class, () -> TriggerConfig.fromMap(values)).getMessage();
    }

    @Test
    void defaultsEnableEveryRule() {
        TriggerConfig c = TriggerConfig.DEFAULT;
        assertEquals(Metric.HIT_RATE, c.qualityDrop().metric());
        assertEquals(0.8, c.qualityDrop().fraction());
        assertEquals(3, c.qualityDrop().consecutiveWindows());
        assertEquals(0.2, c.drift().psiThreshold());
        assertEquals(5000, c.feedbackCount().minNewSwipes());
        assertEquals(7 * 86_400_000L, c.schedule().intervalMs());
        assertEquals(6 * 3_600_000L, c.cooldownMs());
        assertEquals("triggers(quality-drop hit_rate < 0.8x ref for 3 windows; drift PSI > 0.2; feedback-count >= 5000 swipes;"
                + " schedule every 7d; cooldown 6h)", c.toString());
    }

    @Test
    void readsTriggerKeysAndIgnoresOthers() {
        TriggerConfig c = TriggerConfig.fromMap(Map.of(
                "trigger.quality.fraction", "0.7", "trigger.quality.windows", "2", "trigger.quality.metric", "like_rate",
                "trigger.schedule.interval.ms", "PT36H", "trigger.cooldown.ms", "60000", "trigger.drift.enabled", "FALSE",
                "als.factors", "64"));
        assertEquals(0.7, c.qualityDrop().fraction());
        assertEquals(2, c.qualityDrop().consecutiveWindows());
        assertEquals(Metric.LIKE_RATE, c.qualityDrop().metric());
        assertEquals(36 * 3_600_000L, c.schedule().intervalMs());
        assertEquals(60_000L, c.cooldownMs());
        assertFalse(c.drift().enabled());
        assertFalse(c.enabled(TriggerKind.DRIFT));
    }

    @Test
    void aConfigThatCanNeverFireOrFiresOnNothingNamesItsKey() {
        assertTrue(error(Map.of("trigger.quality.fraction", "0")).startsWith("trigger.quality.fraction must be in (0, 1)"));
        assertTrue(error(Map.of("trigger.quality.fraction", "1.0")).startsWith("trigger.quality.fraction must be in (0, 1)"));
        assertTrue(error(Map.of("trigger.quality.windows", "0")).startsWith("trigger.quality.windows must be >= 1"));
        assertTrue(error(Map.of("trigger.quality.reference.windows", "0"))
                .startsWith("trigger.quality.reference.windows must be >= 1"));
        assertTrue(error(Map.of("trigger.quality.min.window.trials", "0"))
                .startsWith("trigger.quality.min.window.trials must be >= 1"));
        assertTrue(error(Map.of("trigger.drift.psi.threshold", "0")).startsWith("trigger.drift.psi.threshold must be a finite PSI > 0"));
        assertTrue(error(Map.of("trigger.drift.psi.threshold", "NaN")).startsWith("trigger.drift.psi.threshold"));
        assertTrue(error(Map.of("trigger.drift.min.swipes", "0")).startsWith("trigger.drift.min.swipes must be >= 1"));
        assertTrue(error(Map.of("trigger.feedback.min.new.swipes", "0")).startsWith("trigger.feedback.min.new.swipes must be >= 1"));
        assertTrue(error(Map.of("trigger.feedback.min.new.swipes", "-5")).startsWith("trigger.feedback.min.new.swipes"));
        assertTrue(error(Map.of("trigger.schedule.interval.ms", "0")).startsWith("trigger.schedule.interval.ms must be > 0 ms"));
        assertTrue(error(Map.of("trigger.schedule.interval.ms", "PT-1H")).startsWith("trigger.schedule.interval.ms must be > 0"));
        assertTrue(error(Map.of("trigger.cooldown.ms", "0")).startsWith("trigger.cooldown.ms must be > 0 ms"));
    }

    @Test
    void everythingDisabledIsRejected() {
        Map<String, String> off = new HashMap<>();
        for (String k : new String[] {"quality", "drift", "feedback", "schedule"}) off.put("trigger." + k + ".enabled", "false");
        assertEquals("no retraining trigger is enabled: set one of trigger.quality.enabled, trigger.drift.enabled,"
                + " trigger.feedback.enabled, trigger.schedule.enabled to true", error(off));
    }

    @Test
    void aDisabledRuleIsNotChecked() {
        TriggerConfig c = TriggerConfig.fromMap(Map.of("trigger.schedule.enabled", "false", "trigger.schedule.interval.ms", "0"));
        assertFalse(c.schedule().enabled());
    }

    @Test
    void malformedValuesAndUnknownKeysNameTheKey() {
        assertTrue(error(Map.of("trigger.feedback.min.swipes", "10")).startsWith(
                "unknown config key 'trigger.feedback.min.swipes'; trigger keys are trigger.quality.enabled,"));
        assertEquals("trigger.quality.fraction = 'most' is invalid: expected a number",
                error(Map.of("trigger.quality.fraction", "most")));
        assertEquals("trigger.drift.enabled = 'yes' is invalid: expected true or false", error(Map.of("trigger.drift.enabled", "yes")));
        assertEquals("trigger.cooldown.ms = '6 hours' is invalid: expected milliseconds or an ISO-8601 duration such as PT6H",
                error(Map.of("trigger.cooldown.ms", "6 hours")));
        assertEquals("trigger.quality.metric: unknown experiment metric 'ndcg': choose one of hit_rate, like_rate",
                error(Map.of("trigger.quality.metric", "ndcg")));
    }
}
