package io.reelstream.lifecycle.service;

import io.reelstream.core.experiment.ArmAssignment;
import io.reelstream.embedded.EmbeddedKafkaCluster;
import io.reelstream.lifecycle.experiment.ArmMetrics;
import io.reelstream.lifecycle.experiment.ExperimentSpec;
import io.reelstream.lifecycle.experiment.KafkaExperiments;
import io.reelstream.lifecycle.registry.KafkaRegistry;
import io.reelstream.lifecycle.registry.RegistryView;
import io.reelstream.lifecycle.registry.StageRules;
import io.reelstream.schemas.ArmCounts;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentOutcome;
import io.reelstream.schemas.ExperimentStatus;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.ModelStage;
import io.reelstream.schemas.OnlineMetrics;
import io.reelstream.schemas.StageTransition;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.registry.ModelRegistryClient;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static io.reelstream.lifecycle.registry.Fixtures.als;
import static io.reelstream.lifecycle.registry.Fixtures.lineage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The service's decision loop through a real broker: the registry, the experiments and the
 * online-metrics topic are real, the arms' counts are simulated Bernoulli streams written as the
 * topology writes them (one cumulative OnlineMetrics record per arm and look). Each record is a look
 * of the service, so a run's looks are exactly the records written and the outcome does not depend
 * on timing. Retraining is off here (the demo module's tests run it with the real trainer).
 */
class LifecycleServiceKafkaTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static EmbeddedKafkaCluster kafka;

    @BeforeAll
    static void startKafka() {
        kafka = EmbeddedKafkaCluster.start();
    }

    @AfterAll
    static void stopKafka() {
        if (kafka != null) kafka.close();
    }

    @Test
    void aTrulyBetterTreatmentIsPromotedWithItsNumbersInTheRegistry() {
        Env env = new Env("better-", Map.of());
        env.register("v1", "v2");
        env.registry.promote("v1", "test", "first", false);
        env.start("exp-better", "v1", "v2", 500);
        List<String> lines = new ArrayList<>();
        try (LifecycleService s = env.service(lines)) {
            awaitWatching(s, "exp-better");
            env.stream("exp-better", "v1", "v2", 0.10, 0.15, 7, 200, 40_000);
            await(() -> env.experiment("exp-better").getStatus() == ExperimentStatus.CONCLUDED, "exp-better concluded");
        }
        Experiment x = env.experiment("exp-better");
        assertEquals(ExperimentOutcome.PROMOTE_TREATMENT, x.getDecision().getOutcome());
        assertTrue(x.getDecision().getSequentialPValue() < 0.05, "always-valid p " + x.getDecision().getSequentialPValue());
        assertTrue(x.getDecision().getLift() >= 0.05, "lift " + x.getDecision().getLift());
        RegistryView view = env.registry.read();
        assertEquals("v2", view.production().orElseThrow().getModelVersion());
        assertEquals(ModelStage.ARCHIVED, view.entry("v1").getStage());
        StageTransition promoted = last(view.entry("v2"));
        assertEquals("lifecycle", promoted.getBy());
        for (String key : List.of("experiment.lift", "experiment.lift.low", "experiment.lift.high", "experiment.p.value",
                "experiment.sequential.p.value", "experiment.z", "experiment.control.trials", "experiment.treatment.successes")) {
            assertTrue(promoted.getDetails().containsKey(key), key + " in " + promoted.getDetails());
        }
        String decision = lines.stream().filter(l -> l.startsWith("decision exp-better")).findFirst().orElse("");
        assertTrue(decision.contains("PROMOTE_TREATMENT") && decision.contains("lift") && decision.contains("always-valid p"), decision);
    }

    @Test
    void aTrulyWorseTreatmentIsStoppedAndArchived() {
        Env env = new Env("worse-", Map.of());
        env.register("v1", "v2");
        env.registry.promote("v1", "test", "first", false);
        env.start("exp-worse", "v1", "v2", 500);
        try (LifecycleService s = env.service(new ArrayList<>())) {
            awaitWatching(s, "exp-worse");
            env.stream("exp-worse", "v1", "v2", 0.10, 0.07, 11, 200, 40_000);
            await(() -> env.experiment("exp-worse").getStatus() == ExperimentStatus.CONCLUDED, "exp-worse concluded");
        }
        Experiment x = env.experiment("exp-worse");
        assertEquals(ExperimentOutcome.KEEP_CONTROL, x.getDecision().getOutcome());
        assertTrue(x.getDecision().getLift() < 0);
        RegistryView view = env.registry.read();
        assertEquals("v1", view.production().orElseThrow().getModelVersion());
        assertEquals(ModelStage.ARCHIVED, view.entry("v2").getStage());
    }

    /**
     * A/A: both arms the same 10 % hit rate, a look every 100 trials per arm up to 5 000 per arm (50
     * looks per arm and run), minSamples 1 000. The false-positive rate is printed; at most one
     * promotion in 24 runs (≥ 95 % not promoted) is required.
     */
    @Test
    void anAaExperimentIsNotPromotedInAtLeast95PercentOfSeededRuns() {
        Env env = new Env("aa-", Map.of());
        int runs = Integer.getInteger("aa.runs", 24); // -Daa.runs=200 for a finer estimate (~1 s per run)
        int promoted = 0, stopped = 0, running = 0;
        String control = "aa-v0", treatment = "aa-v1";
        env.register(control, treatment);
        env.registry.promote(control, "test", "first", false);
        int next = 2;
        try (LifecycleService s = env.service(new ArrayList<>())) {
            for (int run = 0; run < runs; run++) {
                String id = "aa-" + run;
                env.start(id, control, treatment, 1000);
                awaitWatching(s, id);
                long written = env.stream(id, control, treatment, 0.10, 0.10, 1000 + run, 100, 5_000);
                long target = env.metricsWritten;
                await(() -> s.status().metricsRecords() >= target, "the service to read " + target + " metrics records");
                await(() -> !s.status().runningP().containsKey(id) || env.experiment(id).getStatus() == ExperimentStatus.RUNNING,
                        "a settled experiment");
                Experiment x = env.experiment(id);
                if (x.getStatus() == ExperimentStatus.RUNNING) {
                    running++;
                    env.experiments.stop(id, "test", "A/A run over after " + written + " records");
                } else if (x.getDecision().getOutcome() == ExperimentOutcome.PROMOTE_TREATMENT) {
                    promoted++;
                    control = treatment;
                    treatment = "aa-v" + next++;
                    env.register(treatment);
                } else {
                    stopped++;
                    treatment = "aa-v" + next++;
                    env.register(treatment);
                }
            }
        }
        double rate = promoted / (double) runs;
        System.out.printf(Locale.ROOT, "A/A through the lifecycle service on a real broker: %d runs, promoted %d (false-positive"
                + " rate %.1f %%), stopped %d, still inconclusive %d; 10 %% vs 10 %% hit rate, a look every 100 trials per arm"
                + " up to 5000, minSamples 1000, alpha 0.05%n", runs, promoted, 100 * rate, stopped, running);
        assertTrue(promoted <= runs / 20.0, "A/A promoted in " + promoted + " of " + runs + " runs");
    }

    /**
     * A closed service leaves its running p in the experiment record; a new one resumes it, and
     * re-reads every swipe not yet used by a retrain (none is committed without one).
     */
    @Test
    void aRestartedServiceResumesTheRunningPAndTheSwipesSinceTheLastRetrain() {
        Env env = new Env("resume-", Map.of(LifecycleConfig.DECISION_PERSIST_MS_CONFIG, "1"));
        env.register("v1", "v2");
        env.registry.promote("v1", "test", "first", false);
        env.start("exp-resume", "v1", "v2", 1_000_000);
        env.swipes(0, 300);
        double p;
        try (LifecycleService s = env.service(new ArrayList<>())) {
            awaitWatching(s, "exp-resume");
            env.stream("exp-resume", "v1", "v2", 0.10, 0.13, 5, 200, 2_000);
            long target = env.metricsWritten;
            await(() -> s.status().metricsRecords() >= target && s.status().feedbackSwipes() == 300, "the service to read everything");
            p = s.status().runningP().get("exp-resume");
            assertTrue(p < 1, "the counts moved the always-valid p: " + p);
        }
        Experiment stored = env.experiment("exp-resume");
        assertEquals(ExperimentStatus.RUNNING, stored.getStatus());
        assertNotNull(stored.getDecision(), "the running p is stored in the record");
        assertEquals(ExperimentOutcome.INCONCLUSIVE, stored.getDecision().getOutcome());
        assertEquals(p, stored.getDecision().getSequentialPValue(), 1e-12);

        env.swipes(300, 100);
        try (LifecycleService s = env.service(new ArrayList<>())) {
            await(() -> s.status().feedbackSwipes() == 400 && s.status().runningP().containsKey("exp-resume"),
                    "the new service to re-read 400 swipes and watch exp-resume");
            assertEquals(p, s.status().runningP().get("exp-resume"), 1e-12, "resumed at the stored p");
        }
    }

    /**
     * A fresh deployment: two CANDIDATEs and nothing in production — the service promotes the newest
     * (lifecycle.bootstrap.promote), once; with the key off it leaves them.
     */
    @Test
    void aFreshDeploymentsNewestCandidateIsPromotedOnce() {
        Env env = new Env("bootstrap-", Map.of());
        env.register("v1", "v2");
        List<String> lines = new ArrayList<>();
        try (LifecycleService s = env.service(lines)) {
            await(() -> env.registry.read().production().map(e -> e.getModelVersion().equals("v2")).orElse(false),
                    "the newest candidate in production");
        }
        assertEquals(ModelStage.CANDIDATE, env.registry.read().entry("v1").getStage());
        assertTrue(lines.contains("bootstrap: promoted v2 to PRODUCTION (no version was in production)"), lines.toString());

        Env off = new Env("nobootstrap-", Map.of(LifecycleConfig.BOOTSTRAP_PROMOTE_CONFIG, "false"));
        off.register("v1");
        try (LifecycleService s = off.service(new ArrayList<>())) {
            long until = System.currentTimeMillis() + 1500; // several registry refreshes (100 ms)
            while (System.currentTimeMillis() < until) {
                assertTrue(off.registry.read().production().isEmpty(), "nothing promoted with the key off");
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
            }
        }
    }

    /** Production's windows on online-metrics: three at 10 %, then three at 4 % → quality-drop fires (retraining off: logged). */
    @Test
    void aQualityDropOfProductionFiresItsTrigger() {
        Env env = new Env("quality-", Map.of(LifecycleConfig.TRIGGER_CHECK_MS_CONFIG, "100", "trigger.quality.min.window.trials", "50",
                "trigger.drift.enabled", "false", "trigger.feedback.enabled", "false", "trigger.schedule.enabled", "false"));
        env.register("v1");
        env.registry.promote("v1", "test", "first", false);
        List<String> lines = new ArrayList<>();
        try (LifecycleService s = env.service(lines)) {
            long base = System.currentTimeMillis() + 60_000;
            try (KafkaProducer<String, OnlineMetrics> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()), Serdes.String().serializer(), AvroSerdes.serde(OnlineMetrics.class).serializer())) {
                for (int w = 0; w <= 6; w++) {
                    ArmCounts c = ArmCounts.newBuilder().setUsers(50).setSwipes(300).setPositives(200).setShownSwipes(100)
                            .setHits(w < 3 ? 20 : w < 6 ? 8 : 0).build();
                    p.send(new ProducerRecord<>(env.config.onlineMetricsTopic(), "version/v1", OnlineMetrics.newBuilder()
                            .setScope("version/v1").setModelVersion("v1").setCumulative(c).setWindowStart(base + w * 60_000L)
                            .setWindowMs(60_000L).setWindow(c).setUpdatedAt(base + w * 60_000L).build()));
                }
            }
            await(() -> {
                synchronized (lines) {
                    return lines.stream().anyMatch(l -> l.startsWith("retraining is off"));
                }
            }, "the quality-drop trigger");
        }
        String fired = lines.stream().filter(l -> l.startsWith("trigger [fired] quality-drop")).findFirst().orElse("");
        assertTrue(fired.contains("below 0.0800 (80% of reference 0.1000 = first 3 windows) in the last 3 windows since v1:"
                + " 0.0400, 0.0400, 0.0400"), fired);
    }

    /**
     * The retrain path with a stand-in trainer (the demo module runs the real one): a feedback-count
     * fire is deferred while an experiment runs, retrains once it is stopped, the training set holds
     * the data dir plus the swipes, the candidate goes into an experiment against production, and the
     * used swipes are committed.
     */
    @Test
    void aRetrainWaitsForTheRunningExperimentThenItsCandidateIsPutInAnExperiment(@org.junit.jupiter.api.io.TempDir
                                                                                  java.nio.file.Path dir) throws Exception {
        java.nio.file.Path data = java.nio.file.Files.createDirectories(dir.resolve("data"));
        java.nio.file.Files.writeString(data.resolve("ratings.csv"), "userId,movieId,rating,timestamp\n1,1,4.0,1\n2,2,2.0,2\n");
        Env env = new Env("retrain-", Map.of(LifecycleConfig.RETRAIN_ENABLED_CONFIG, "true",
                LifecycleConfig.DATA_DIR_CONFIG, data.toString(), LifecycleConfig.MODELS_DIR_CONFIG, dir.resolve("models").toString(),
                LifecycleConfig.TRAINER_COMMAND_CONFIG, "unused", LifecycleConfig.TRIGGER_CHECK_MS_CONFIG, "100",
                "trigger.feedback.min.new.swipes", "100", "trigger.drift.enabled", "false", "trigger.quality.enabled", "false",
                "trigger.schedule.enabled", "false"));
        env.register("v1", "v2");
        env.registry.promote("v1", "test", "first", false);
        env.start("exp-busy", "v1", "v2", 1000);
        List<String> trainingSets = new ArrayList<>();
        Retrainer stand = (trigger, set) -> {
            try {
                trainingSets.add(java.nio.file.Files.readString(set.resolve("ratings.csv")));
            } catch (java.io.IOException e) {
                throw new Retrainer.RetrainException("unreadable training set", e);
            }
            env.registry.register("v3", "als", lineage("v1"), als(0.1), "publish", "trigger " + trigger);
            return new Retrainer.Result("v3", set, List.of());
        };
        List<String> lines = new ArrayList<>();
        env.swipes(0, 150);
        try (LifecycleService s = LifecycleService.start(env.config, stand, new LifecycleListener() {
            @Override
            public void line(String line) {
                synchronized (lines) {
                    lines.add(line);
                }
            }
        }, Clock.systemUTC()).startThread()) {
            await(() -> {
                synchronized (lines) {
                    return lines.stream().anyMatch(l -> l.startsWith("retrain deferred while experiment exp-busy runs"));
                }
            }, "the deferral");
            assertEquals(0, s.status().retrains());
            env.experiments.stop("exp-busy", "test", "make room");
            await(() -> s.status().retrains() == 1, "the retrain after the experiment ended");
            await(() -> env.registry.read().runningExperiment().isPresent(), "the candidate's experiment");
            assertEquals(0, s.status().feedbackSwipes());
        }
        synchronized (lines) {
            assertEquals(1, lines.stream().filter(l -> l.startsWith("retrain deferred")).count(), "told once: " + lines);
        }
        Experiment x = env.registry.read().runningExperiment().orElseThrow();
        assertEquals("v1", x.getControlVersion());
        assertEquals("v3", x.getTreatmentVersion());
        assertEquals(1, trainingSets.size());
        List<String> rows = trainingSets.get(0).lines().toList();
        // the header and 150 swipes: the swipes of users 1 and 2 on movies 1 and 2 replace their ratings
        assertEquals(151, rows.size());
        assertTrue(!rows.contains("1,1,4.0,1") && rows.contains("1,1,2.5,1700000000"), "a dislike replaces the rating");
        assertTrue(rows.contains("3,3,5.0,1700000002"), "a superlike as 5.0, time in seconds");
        env.swipes(150, 10);
        try (LifecycleService s = env.service(new ArrayList<>())) {
            await(() -> s.status().feedbackSwipes() == 10, "a restarted service to read only the 10 swipes after the retrain");
        }
    }

    // ---------------------------------------------------------------- helpers

    /** One namespace on the shared broker: its own registry, experiments, online-metrics and swipes topics. */
    private static final class Env {
        final String ns;
        final LifecycleConfig config;
        final KafkaRegistry registry;
        final KafkaExperiments experiments;
        long metricsWritten;

        Env(String ns, Map<String, String> extra) {
            this.ns = ns;
            Map<String, String> sets = new LinkedHashMap<>();
            sets.put("bootstrap.servers", kafka.bootstrapServers());
            for (String t : List.of("topic.model-registry", "topic.model-registry-audit", "topic.experiments",
                    "topic.item-embeddings", "topic.item-neighbours")) {
                sets.put(t, ns + t.substring("topic.".length()));
            }
            sets.put("registry.transactional.id", "lifecycle-test-" + ns);
            sets.put(LifecycleConfig.SWIPES_TOPIC_CONFIG, ns + "swipes");
            sets.put(LifecycleConfig.ONLINE_METRICS_TOPIC_CONFIG, ns + "online-metrics");
            sets.put(LifecycleConfig.RETRAIN_ENABLED_CONFIG, "false");
            sets.put(LifecycleConfig.GROUP_ID_CONFIG, ns + "lifecycle");
            sets.put(LifecycleConfig.POLL_MS_CONFIG, "50");
            sets.put(LifecycleConfig.REGISTRY_REFRESH_MS_CONFIG, "100");
            sets.putAll(extra);
            config = LifecycleConfig.defaults(sets);
            kafka.createTopic(ns + "swipes", 2, Map.of());
            kafka.createTopic(ns + "online-metrics", 1, Map.of("cleanup.policy", "compact"));
            registry = new KafkaRegistry(new ModelRegistryClient(config.registry()), new StageRules(config.policy(), Clock.systemUTC()));
            experiments = new KafkaExperiments(registry);
        }

        LifecycleService service(List<String> lines) {
            LifecycleService s = LifecycleService.start(config, null, new LifecycleListener() {
                @Override
                public void line(String line) {
                    synchronized (lines) {
                        lines.add(line);
                    }
                }
            }, Clock.systemUTC());
            return s.startThread();
        }

        void register(String... versions) {
            for (String v : versions) registry.register(v, "als", lineage(null), als(0.09), "test", "published");
        }

        void start(String id, String control, String treatment, long minSamples) {
            experiments.start(ExperimentSpec.of(control, treatment, 0.5).withId(id).withDecisionRule(minSamples, 0.05, 0.05, true),
                    "test", "test");
        }

        Experiment experiment(String id) {
            return registry.read().experiment(id);
        }

        /**
         * Two Bernoulli streams (seeded), one OnlineMetrics record per arm every {@code step} trials
         * per arm, up to {@code max}; returns the records written.
         */
        long stream(String id, String control, String treatment, double pControl, double pTreatment, long seed, int step, int max) {
            SplittableRandom random = new SplittableRandom(seed);
            long hitsC = 0, hitsT = 0, n = 0, written = 0;
            String topic = config.onlineMetricsTopic();
            try (KafkaProducer<String, OnlineMetrics> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()), Serdes.String().serializer(), AvroSerdes.serde(OnlineMetrics.class).serializer())) {
                while (n < max) {
                    for (int i = 0; i < step; i++) {
                        if (random.nextDouble() < pControl) hitsC++;
                        if (random.nextDouble() < pTreatment) hitsT++;
                    }
                    n += step;
                    p.send(new ProducerRecord<>(topic, ArmMetrics.scope(id, ArmAssignment.CONTROL),
                            metrics(id, ArmAssignment.CONTROL, control, n, hitsC)));
                    p.send(new ProducerRecord<>(topic, ArmMetrics.scope(id, ArmAssignment.TREATMENT),
                            metrics(id, ArmAssignment.TREATMENT, treatment, n, hitsT)));
                    written += 2;
                }
                p.flush();
            }
            metricsWritten += written;
            return written;
        }

        void swipes(int from, int count) {
            try (KafkaProducer<Integer, Swipe> p = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                    kafka.bootstrapServers()), Serdes.Integer().serializer(), AvroSerdes.serde(Swipe.class).serializer())) {
                for (int i = from; i < from + count; i++) {
                    int user = 1 + i % 37;
                    p.send(new ProducerRecord<>(config.swipesTopic(), user, Swipe.newBuilder().setEventId("s" + i).setUserId(user)
                            .setMovieId(1 + i % 50).setPreference(i % 3 == 0 ? -1 : 2).setBucket(null)
                            .setEventTime(1_700_000_000_000L + i * 1000L).setSource("test").build()));
                }
                p.flush();
            }
        }
    }

    static OnlineMetrics metrics(String id, String arm, String version, long trials, long hits) {
        ArmCounts c = ArmCounts.newBuilder().setUsers(Math.max(1, trials / 5)).setSwipes(2 * trials).setPositives(trials)
                .setShownSwipes(trials).setHits(hits).build();
        return OnlineMetrics.newBuilder().setScope(ArmMetrics.scope(id, arm)).setModelVersion(version).setExperimentId(id)
                .setArm(arm).setCumulative(c).setWindowStart(0L).setWindowMs(60_000L).setWindow(c)
                .setUpdatedAt(System.currentTimeMillis()).build();
    }

    private static void awaitWatching(LifecycleService s, String id) {
        await(() -> s.status() != null && s.status().runningP().containsKey(id), "the service to watch " + id);
    }

    private static StageTransition last(ModelRegistryEntry e) {
        return e.getTransitions().get(e.getTransitions().size() - 1);
    }

    static void await(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("waited " + WAIT + " for " + what);
            LockSupport.parkNanos(20_000_000L);
        }
    }
}
