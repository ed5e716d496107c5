package io.reelstream.demo;

import io.reelstream.core.experiment.ExperimentAnalysis;
import io.reelstream.core.experiment.Outcome;
import io.reelstream.demo.replay.ConnectReplay;
import io.reelstream.demo.replay.HitTracker;
import io.reelstream.demo.replay.ReplayConsumer;
import io.reelstream.demo.replay.ReplaySlice;
import io.reelstream.demo.rest.RestProbe;
import io.reelstream.demo.stack.Closer;
import io.reelstream.demo.stack.KafkaStack;
import io.reelstream.demo.stack.ModelStage;
import io.reelstream.demo.stack.Stages;
import io.reelstream.demo.stack.TempDirs;
import io.reelstream.demo.stack.TopologyStage;
import io.reelstream.lifecycle.registry.KafkaRegistry;
import io.reelstream.lifecycle.registry.RegistryPolicy;
import io.reelstream.lifecycle.service.CandidatePlan;
import io.reelstream.lifecycle.service.LifecycleConfig;
import io.reelstream.lifecycle.service.LifecycleListener;
import io.reelstream.lifecycle.service.LifecycleService;
import io.reelstream.lifecycle.trigger.RetrainTriggers;
import io.reelstream.lifecycle.trigger.TriggerConfig;
import io.reelstream.lifecycle.trigger.TriggerEvaluation;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.Topics;
import io.reelstream.schemas.registry.RegistryClientConfig;
import io.reelstream.topology.config.TopologyConfig;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * {@code bin/demo --once --lifecycle}: the model lifecycle loop on the embedded broker with the
 * bundled data, one readable line per step.
 * <ol>
 *   <li>v1, a deliberately weak ALS (2 factors, 1 iteration) trained on ml-latest-small's PROTOCOL
 *       train slice, is published and promoted: PRODUCTION;</li>
 *   <li>the topology serves it, and the lifecycle service runs in this JVM with a small feedback-count
 *       threshold ({@value #FEEDBACK_THRESHOLD} swipes) and a small minSamples ({@value #MIN_SAMPLES}
 *       trials per arm) so the loop finishes in minutes; its data dir is the train slice;</li>
 *   <li>the first {@value #FEEDBACK_THRESHOLD} validation swipes are replayed through the Connect source:
 *       the feedback-count trigger fires, the service retrains with the trainer's shipped defaults on
 *       the train slice + those swipes (a child JVM), publishes v2 as a CANDIDATE and starts an
 *       experiment v1 vs v2 (half the users each);</li>
 *   <li>the rest of the validation slice and the test slice are replayed until the service decides:
 *       v2 promoted (or stopped and archived);</li>
 *   <li>the topology serves the promoted v2 without a restart; then a rollback restores v1.</li>
 * </ol>
 */
public final class LifecycleDemo {
    /** New swipes that start the retrain. */
    public static final int FEEDBACK_THRESHOLD = 2000;
    /** Trials per arm before the experiment may decide (the product default is 1000). */
    public static final long MIN_SAMPLES = 300;
    /**
     * v1: deliberately weak — an ALS version with 2 factors after 1 iteration — so a retrain with the
     * shipped defaults (the item-to-item model) is truly better, and the lifecycle chooses between kinds.
     */
    static final Map<String, String> WEAK_V1 = Map.of("als.factors", "2", "als.iterations", "1",
            "serving.kind", "als", "itemitem.enabled", "false");
    static final Duration RETRAIN_TIMEOUT = Duration.ofMinutes(20);
    static final Duration SERVE_TIMEOUT = Duration.ofSeconds(90);
    static final String APPLICATION_ID = "reelstream-lifecycle-demo";

    /** What the lifecycle demo was asked to do. */
    public record Options(Path dataDir, double rate, int restPort, Map<String, String> lifecycleOverrides,
                          Map<String, String> topologyOverrides) {}

    /** What the run did. */
    public record Summary(String v1, String v2, String trigger, Experiment experiment, ExperimentAnalysis analysis,
                          String servingAfterDecision, String servingAfterRollback, String restUrl) {
        public boolean decided() {
            return analysis != null;
        }

        public String promoted() {
            return analysis != null && analysis.outcome() == Outcome.PROMOTE_TREATMENT ? v2 : null;
        }
    }

    private final Options options;
    private final Closer closer;
    private final PrintStream out;
    private final Stages stages = new Stages();

    public LifecycleDemo(Options options, Closer closer, PrintStream out) {
        this.options = options;
        this.closer = closer;
        this.out = out;
    }

    public Summary run() throws Exception {
        long started = System.nanoTime();
        say("demo", "the model lifecycle on an embedded broker with " + options.dataDir().getFileName() + "; small thresholds"
                + " so it finishes in minutes: a retrain after " + FEEDBACK_THRESHOLD + " new swipes, a decision after at least "
                + MIN_SAMPLES + " trials per arm (the product defaults are 5000 and 1000)");
        KafkaStack kafka = stages.run("broker", "starting a single-node KRaft broker in a temp dir",
                () -> closer.register("embedded Kafka", KafkaStack.start()));
        kafka.createStandardTopics();
        Path work = closer.register("temp lifecycle dir", TempDirs.create("reelstream-lifecycle-demo-")).path();

        // the service retrains on the train slice (+ the swipes it reads): the replayed slices are new data to it
        ReplaySlice train = ReplaySlice.load(options.dataDir(), "train", 0);
        Path serviceData = Files.createDirectories(work.resolve("train-slice"));
        train.writeCsv(serviceData);
        Path movies = options.dataDir().resolve("movies.csv");
        if (Files.isRegularFile(movies)) Files.copy(movies, serviceData.resolve("movies.csv"));

        Path v1Run = stages.run("train v1", "training a deliberately weak v1 (ALS 2 factors, 1 iteration)",
                () -> ModelStage.train(options.dataDir(), work.resolve("models-v1"), WEAK_V1));
        ModelStage.Published v1 = stages.run("publish v1", "publishing and promoting v1",
                () -> ModelStage.publish(v1Run, kafka.bootstrapServers()));
        say("v1", v1.modelVersion() + " PRODUCTION: ALS k 2, 1 iteration (deliberately weak), fit on the PROTOCOL train slice: "
                + offline(v1.offline()) + " on validation");

        Map<String, String> topologyConfig = new LinkedHashMap<>();
        topologyConfig.put(TopologyConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        topologyConfig.put(TopologyConfig.REST_PORT_CONFIG, Integer.toString(options.restPort()));
        topologyConfig.putAll(options.topologyOverrides());
        TopologyStage topology = stages.run("topology", "starting Kafka Streams and REST",
                () -> closer.register("topology + REST", TopologyStage.start(kafka.bootstrapServers(), kafka.admin(), topologyConfig)));
        RestProbe rest = new RestProbe(topology.restUrl());

        AtomicReference<String> v2 = new AtomicReference<>();
        AtomicReference<String> trigger = new AtomicReference<>();
        AtomicReference<String> retrainProblem = new AtomicReference<>();
        AtomicReference<Experiment> experiment = new AtomicReference<>();
        AtomicReference<ExperimentAnalysis> analysis = new AtomicReference<>();
        AtomicReference<LifecycleService> serviceRef = new AtomicReference<>();
        LifecycleListener listener = new LifecycleListener() {
            @Override
            public void line(String line) {
                say("lifecycle", line);
            }

            @Override
            public void fired(RetrainTriggers.Step step) {
                if (trigger.get() == null) trigger.set(step.fired().stream().map(TriggerEvaluation::explanation).reduce((a, b) -> a + "; " + b).orElse(""));
            }

            @Override
            public void retrained(String version, String by, CandidatePlan plan, String outcome) {
                if (v2.get() != null) return; // the demo follows the first retrain
                if (plan.kind() != CandidatePlan.Kind.EXPERIMENT || !outcome.startsWith("started experiment")) {
                    retrainProblem.set(version + " was not put in an experiment: " + outcome);
                }
                v2.compareAndSet(null, version);
            }

            @Override
            public void retrainFailed(String by, String error) {
                retrainProblem.set("the retrain failed: " + error);
            }

            @Override
            public void concluded(Experiment x, ExperimentAnalysis a) {
                experiment.set(x);
                analysis.set(a);
                // the demo ends with this experiment: no retrain on the swipes still arriving, so the rollback drill
                // is not refused by a new experiment
                LifecycleService s = serviceRef.get();
                if (s != null) s.holdRetrains("the demo's experiment decided; the run ends with it");
            }
        };
        LifecycleConfig config = serviceConfig(kafka.bootstrapServers(), serviceData, work.resolve("models"));
        LifecycleService service = stages.run("lifecycle", "starting the lifecycle service",
                () -> closer.register("lifecycle service", LifecycleService.start(config, null, listener, Clock.systemUTC())));
        serviceRef.set(service);
        service.startThread();

        ReplaySlice validation = ReplaySlice.load(options.dataDir(), "validation", 0);
        ReplaySlice test = ReplaySlice.load(options.dataDir(), "test", 0);
        if (validation.size() <= FEEDBACK_THRESHOLD) {
            throw new IllegalArgumentException("the validation slice of " + options.dataDir() + " has " + validation.size()
                    + " swipes; the lifecycle demo needs more than " + FEEDBACK_THRESHOLD);
        }
        ReplayConsumer observer = closer.register("replay observer", new ReplayConsumer(kafka.bootstrapServers(),
                new ReplayConsumer.Topics(Topics.SWIPES_TOPIC, Topics.RECOMMENDATIONS_TOPIC, Topics.SWIPES_DLQ_TOPIC),
                new HitTracker(Demo.K, new int[0])));
        ConnectReplay connect = stages.run("connect", "starting an in-process Kafka Connect worker",
                () -> closer.register("Connect worker", ConnectReplay.startWorker(kafka.bootstrapServers())));

        // phase 1: enough swipes for the feedback-count trigger; wait for the retrain and the experiment
        Path phase1 = csv(work.resolve("phase1"), w -> validation.writeRows(w, 0, FEEDBACK_THRESHOLD));
        stages.run("replay 1", "replaying the first " + FEEDBACK_THRESHOLD + " validation swipes through the Connect source", () -> {
            connect.startReplay(phase1, "all", Topics.SWIPES_TOPIC, options.rate());
            await(() -> observer.snapshot().answered() >= FEEDBACK_THRESHOLD, Demo.STALL_TIMEOUT.multipliedBy(2),
                    "the first " + FEEDBACK_THRESHOLD + " swipes to be answered", connect);
        });
        say("replay", String.format(Locale.ROOT, "%d validation swipes answered by v1 (%d lists, %d dead letters)",
                observer.snapshot().answered(), observer.snapshot().lists(), observer.snapshot().deadLetters()));
        stages.run("retrain", "waiting for the feedback-count trigger, the retrain (trainer defaults) and the experiment",
                () -> await(() -> v2.get() != null || retrainProblem.get() != null, RETRAIN_TIMEOUT, "the retrain", null));
        if (retrainProblem.get() != null) throw new IllegalStateException(retrainProblem.get());
        Path v2Run = config.modelsDir().resolve(v2.get());
        say("v2", v2.get() + " CANDIDATE → STAGING: the shipped defaults ("
                + (ModelStage.offlineFigures(v2Run).containsKey("itemitem") ? "the item-to-item model" : "ALS") + ") on the train slice + "
                + FEEDBACK_THRESHOLD + " streamed swipes: " + offline(ModelStage.offlineFigures(v2Run))
                + " on its own PROTOCOL split (v1: " + offline(v1.offline()) + ")");

        // phase 2: the rest of validation, then test, until the experiment decides
        int total = validation.size() + test.size();
        Path phase2 = csv(work.resolve("phase2"), w -> {
            validation.writeRows(w, FEEDBACK_THRESHOLD, validation.size());
            test.writeRows(w, 0, test.size());
        });
        stages.run("replay 2", "replaying the other " + (total - FEEDBACK_THRESHOLD) + " validation and test swipes until the"
                + " experiment decides", () -> {
            connect.startReplay(phase2, "all", Topics.SWIPES_TOPIC, options.rate());
            await(() -> analysis.get() != null || observer.snapshot().answered() >= total, Duration.ofMinutes(30),
                    "a decision or the end of the replay", connect);
        });
        ExperimentAnalysis a = analysis.get();
        Experiment x = experiment.get();
        if (a == null) {
            say("experiment", "no decision after " + observer.snapshot().answered() + " replayed swipes: 'reelstream experiments"
                    + " status' shows where it stands");
            Summary s = new Summary(v1.modelVersion(), v2.get(), trigger.get(), null, null, null, null, topology.restUrl());
            printSummary(s, v1, v2Run, started);
            return s;
        }
        String servingAfterDecision;
        String servingAfterRollback = null;
        if (a.outcome() == Outcome.PROMOTE_TREATMENT) {
            servingAfterDecision = stages.run("serve v2", "waiting for the topology to serve " + v2.get(),
                    () -> awaitServing(topology, rest, v2.get()));
            say("serve", servingAfterDecision);
            KafkaRegistry registry = KafkaRegistry.connect(RegistryClientConfig.defaults(kafka.bootstrapServers()),
                    RegistryPolicy.defaults(), Clock.systemUTC());
            KafkaRegistry.Applied rolled = stages.run("rollback", "models rollback",
                    () -> registry.rollback("demo", "rollback drill after the promotion"));
            say("rollback", "rolled back: " + rolled.after().production().map(e -> e.getModelVersion()).orElse("none")
                    + " is PRODUCTION again, " + v2.get() + " ARCHIVED (" + rolled.transitions().size() + " transitions)");
            servingAfterRollback = stages.run("serve v1", "waiting for the topology to serve " + v1.modelVersion(),
                    () -> awaitServing(topology, rest, v1.modelVersion()));
            say("serve", servingAfterRollback);
        } else {
            servingAfterDecision = v1.modelVersion() + " keeps serving; " + v2.get() + " was stopped and ARCHIVED";
            say("serve", servingAfterDecision + "; no rollback: production never changed");
        }
        closer.closeNow(service); // its last lines before the summary
        Summary s = new Summary(v1.modelVersion(), v2.get(), trigger.get(), x, a, servingAfterDecision, servingAfterRollback,
                topology.restUrl());
        printSummary(s, v1, v2Run, started);
        return s;
    }

    /** The service's configuration for the demo; --lifecycle-set keys win. */
    private LifecycleConfig serviceConfig(String bootstrapServers, Path data, Path models) {
        Map<String, String> sets = new LinkedHashMap<>();
        sets.put(RegistryClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        sets.put(LifecycleConfig.DATA_DIR_CONFIG, data.toString());
        sets.put(LifecycleConfig.MODELS_DIR_CONFIG, models.toString());
        sets.put(LifecycleConfig.ON_CANDIDATE_CONFIG, "experiment");
        sets.put(LifecycleConfig.EXPERIMENT_MIN_SAMPLES_CONFIG, Long.toString(MIN_SAMPLES));
        sets.put(TriggerConfig.FEEDBACK_MIN_NEW_SWIPES_CONFIG, Integer.toString(FEEDBACK_THRESHOLD));
        // the demo shows the feedback-count trigger; the others need hours of windows or a week
        sets.put(TriggerConfig.QUALITY_ENABLED_CONFIG, "false");
        sets.put(TriggerConfig.DRIFT_ENABLED_CONFIG, "false");
        sets.put(TriggerConfig.SCHEDULE_ENABLED_CONFIG, "false");
        sets.put(LifecycleConfig.TRIGGER_CHECK_MS_CONFIG, "1000");
        sets.put(LifecycleConfig.REGISTRY_REFRESH_MS_CONFIG, "500");
        sets.put(LifecycleConfig.DECISION_PERSIST_MS_CONFIG, "10000");
        sets.putAll(options.lifecycleOverrides());
        return LifecycleConfig.defaults(sets);
    }

    /** Waits until the instance serves {@code version} and a REST list carries it; the line to print. */
    private static String awaitServing(TopologyStage topology, RestProbe rest, String version) throws Exception {
        long t0 = System.nanoTime();
        await(() -> topology.instance().models().current() != null
                && version.equals(topology.instance().models().current().version()), SERVE_TIMEOUT, "the topology to serve " + version, null);
        RestProbe.Answer models = rest.get("/models");
        int user = 1;
        RestProbe.Answer list = rest.get("/users/" + user + "/recommendations?n=3");
        String listVersion = list.body() == null ? "?" : list.body().path("modelVersion").asText();
        return String.format(Locale.ROOT, "the topology serves %s %.1f s later, no restart: GET /models production %s; GET"
                        + " /users/%d/recommendations modelVersion %s", version, (System.nanoTime() - t0) / 1e9,
                models.body() == null ? "?" : models.body().path("production").asText(), user, listVersion);
    }

    private void printSummary(Summary s, ModelStage.Published v1, Path v2Run, long started) {
        out.println();
        out.println("=== reelstream lifecycle demo summary ===");
        out.printf(Locale.ROOT, "v1 (weak, PRODUCTION)  %s: %s%n", s.v1(), offline(v1.offline()));
        out.printf(Locale.ROOT, "trigger                %s%n", s.trigger() == null ? "-" : s.trigger());
        out.printf(Locale.ROOT, "v2 (retrained)         %s: %s%n", s.v2(), s.v2() == null ? "-" : offline(ModelStage.offlineFigures(v2Run)));
        ExperimentAnalysis a = s.analysis();
        if (a != null) {
            out.printf(Locale.ROOT, "experiment             %s: %s control %d/%d = %.4f vs treatment %d/%d = %.4f (min %d trials per arm)%n",
                    s.experiment().getExperimentId(), a.metric(), a.controlSuccesses(), a.controlTrials(), a.controlRate(),
                    a.treatmentSuccesses(), a.treatmentTrials(), a.treatmentRate(), a.minSamples());
            out.printf(Locale.ROOT, "lift                   %+.2f %% [95 %% CI %+.2f %%, %+.2f %%]%n", 100 * a.lift(), 100 * a.liftLow(),
                    100 * a.liftHigh());
            out.printf(Locale.ROOT, "p-values               fixed-horizon %.3g, always-valid (mSPRT) %.3g%n", a.pValue(), a.sequentialPValue());
            out.printf(Locale.ROOT, "decision               %s: %s%n", a.outcome(), a.explain());
            out.printf(Locale.ROOT, "after the decision     %s%n", s.servingAfterDecision());
            if (s.servingAfterRollback() != null) out.printf(Locale.ROOT, "after the rollback     %s%n", s.servingAfterRollback());
        } else {
            out.println("experiment             no decision");
        }
        out.printf(Locale.ROOT, "stages                 %s; total %.1f s%n", stages.summary(), (System.nanoTime() - started) / 1e9);
        if (s.promoted() != null) {
            out.printf(Locale.ROOT, "promoted %s: lift %+.2f %%, always-valid p %.3g (fixed-horizon p %.3g)%n", s.promoted(),
                    100 * a.lift(), a.sequentialPValue(), a.pValue());
        } else if (a != null) {
            out.printf(Locale.ROOT, "not promoted: %s kept, lift %+.2f %%, always-valid p %.3g%n", s.v1(), 100 * a.lift(), a.sequentialPValue());
        }
        out.flush();
    }

    /** The served model's offline figures: the item-to-item model's when the run has one, else ALS's. */
    private static String offline(Map<String, ModelStage.OfflineFigures> figures) {
        ModelStage.OfflineFigures f = figures.containsKey("itemitem") ? figures.get("itemitem") : figures.get("als");
        if (f == null) return "(no offline metrics)";
        return String.format(Locale.ROOT, "%s NDCG@%d %.4f, Recall@%d %.4f", f.model(), f.k(), f.ndcg(), f.k(), f.recall());
    }

    private void say(String step, String text) {
        out.printf(Locale.ROOT, "%-11s %s%n", "[" + step + "]", text);
        out.flush();
    }

    @FunctionalInterface
    private interface Rows {
        void write(BufferedWriter w) throws IOException;
    }

    private static Path csv(Path dir, Rows rows) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve("ratings.csv");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("userId,movieId,rating,timestamp\n");
            rows.write(w);
        }
        return file;
    }

    private static void await(BooleanSupplier condition, Duration timeout, String what, ConnectReplay connect)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (connect != null && connect.failed()) throw new IllegalStateException("the replay connector failed: " + connect.status());
            if (System.nanoTime() > deadline) throw new IllegalStateException("waited " + timeout.toSeconds() + " s for " + what);
            Thread.sleep(100);
        }
    }
}
