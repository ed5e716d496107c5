package io.reelstream.lifecycle.service;

import io.reelstream.lifecycle.trigger.TriggerConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleConfigTest {
    @TempDir
    Path dir;

    private static final Map<String, String> OFF = Map.of(LifecycleConfig.RETRAIN_ENABLED_CONFIG, "false");

    @Test
    void defaultsThenFileThenEnvThenSetLaterWins() throws IOException {
        Path file = dir.resolve("lifecycle.properties");
        Files.writeString(file, "lifecycle.on.candidate=promote\nlifecycle.experiment.share=0.2\ntrigger.feedback.min.new.swipes=10\n"
                + "lifecycle.retrain.enabled=false\n");
        LifecycleConfig c = LifecycleConfig.load(file, Map.of("REELSTREAM_LIFECYCLE_EXPERIMENT_SHARE", "0.3",
                "REELSTREAM_BOOTSTRAP_SERVERS", "kafka:9092"), Map.of(TriggerConfig.FEEDBACK_MIN_NEW_SWIPES_CONFIG, "20"));
        assertEquals(CandidatePlan.OnCandidate.PROMOTE, c.onCandidate());
        assertEquals(0.3, c.experiment().share(), 1e-12, "env over file");
        assertEquals("kafka:9092", c.bootstrapServers());
        assertEquals(20, c.triggers().feedbackCount().minNewSwipes(), "--set over file");
        String d = c.describe();
        assertTrue(d.contains("lifecycle.experiment.share") && d.contains("env REELSTREAM_LIFECYCLE_EXPERIMENT_SHARE"), d);
        assertTrue(d.contains("(--set)"), d);
    }

    @Test
    void badInputIsRefusedWithTheKeyNamed() {
        assertTrue(msg(Map.of("lifecycle.no.such.key", "1")).contains("unknown config key 'lifecycle.no.such.key'"));
        assertTrue(msg(Map.of("trigger.feedback.min.new.swipes", "0")).contains("trigger.feedback.min.new.swipes"));
        assertTrue(msg(Map.of("trigger.quality.enabled", "false", "trigger.drift.enabled", "false",
                "trigger.feedback.enabled", "false", "trigger.schedule.enabled", "false")).contains("no retraining trigger is enabled"));
        assertTrue(msg(Map.of("lifecycle.on.candidate", "ship-it")).contains("lifecycle.on.candidate"));
        assertTrue(msg(Map.of("lifecycle.experiment.share", "1.5")).contains("lifecycle.experiment.share"));
        assertTrue(msg(Map.of("lifecycle.experiment.metric", "ndcg")).contains("lifecycle.experiment.metric"));
        assertTrue(msg(Map.of("lifecycle.trainer.set", "als.factors")).contains("lifecycle.trainer.set"));
    }

    @Test
    void retrainingNeedsAMovieLensDataDirAndATrainer() throws IOException {
        String missing = assertThrows(IllegalArgumentException.class, () -> LifecycleConfig.defaults(Map.of())).getMessage();
        assertTrue(missing.contains("lifecycle.data.dir is required"), missing);
        String notThere = assertThrows(IllegalArgumentException.class, () -> LifecycleConfig.defaults(Map.of(
                LifecycleConfig.DATA_DIR_CONFIG, dir.resolve("nope").toString()))).getMessage();
        assertTrue(notThere.contains("lifecycle.data.dir") && notThere.contains("is not a directory"), notThere);
        String empty = assertThrows(IllegalArgumentException.class, () -> LifecycleConfig.defaults(Map.of(
                LifecycleConfig.DATA_DIR_CONFIG, dir.toString()))).getMessage();
        assertTrue(empty.contains("holds no ratings.csv"), empty);
        Files.writeString(dir.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,1\n");
        // the trainer is not on this module's classpath: the default command is refused, an explicit one accepted
        String noTrainer = assertThrows(IllegalArgumentException.class, () -> LifecycleConfig.defaults(Map.of(
                LifecycleConfig.DATA_DIR_CONFIG, dir.toString()))).getMessage();
        assertTrue(noTrainer.contains("lifecycle.trainer.command"), noTrainer);
        LifecycleConfig c = LifecycleConfig.defaults(Map.of(LifecycleConfig.DATA_DIR_CONFIG, dir.toString(),
                LifecycleConfig.TRAINER_COMMAND_CONFIG, "java -jar trainer.jar", LifecycleConfig.TRAINER_SET_CONFIG,
                "als.factors=8, als.iterations=2"));
        assertEquals(java.util.List.of("java", "-jar", "trainer.jar"), c.trainerCommand());
        assertEquals(Map.of("als.factors", "8", "als.iterations", "2"), c.trainerSettings());
        assertTrue(LifecycleConfig.defaults(OFF).dataDir() == null);
    }

    private static String msg(Map<String, String> sets) {
        Map<String, String> all = new java.util.HashMap<>(OFF);
        all.putAll(sets);
        return assertThrows(IllegalArgumentException.class, () -> LifecycleConfig.defaults(all)).getMessage();
    }
}
