package io.reelstream.lifecycle.service;

import io.reelstream.core.experiment.ArmAssignment;
import io.reelstream.core.experiment.ExperimentAnalysis;
import io.reelstream.core.preference.Preference;
import io.reelstream.lifecycle.experiment.ArmMetrics;
import io.reelstream.lifecycle.experiment.ExperimentSpec;
import io.reelstream.lifecycle.experiment.KafkaExperiments;
import io.reelstream.lifecycle.registry.GateRefusedException;
import io.reelstream.lifecycle.registry.KafkaRegistry;
import io.reelstream.lifecycle.registry.RegistryView;
import io.reelstream.lifecycle.registry.RuleException;
import io.reelstream.lifecycle.registry.StageRules;
import io.reelstream.lifecycle.stats.ExperimentRecords;
import io.reelstream.lifecycle.trigger.Observations;
import io.reelstream.lifecycle.trigger.RetrainTriggers;
import io.reelstream.lifecycle.trigger.TriggerEvaluation;
import io.reelstream.schemas.Experiment;
import io.reelstream.schemas.ExperimentStatus;
import io.reelstream.schemas.ModelRegistryEntry;
import io.reelstream.schemas.OnlineMetrics;
import io.reelstream.schemas.Swipe;
import io.reelstream.schemas.registry.ModelRegistryClient;
import io.reelstream.schemas.registry.RegistryException;
import io.reelstream.schemas.serde.AvroSerdes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The lifecycle service: the loop train → register → experiment → promote → serve → monitor →
 * retrain, run by itself. One thread reads the topics and decides; one worker thread runs a retrain
 * (minutes of training must not stop the experiment decisions). Every change goes through the
 * registry's fenced writer ({@link KafkaRegistry}, {@link KafkaExperiments}).
 *
 * <pre>
 *   online-metrics (read_committed, from the start: compacted)
 *     exp/&lt;id&gt;/&lt;arm&gt; changed  → ExperimentWatch.look → CONCLUDE (promote or stop+archive) | PERSIST p | WAIT
 *     version/&lt;production&gt;  → QualityWindows (production's closed windows)
 *   swipes (read_committed, group lifecycle.group.id, offsets committed only when a retrain used them)
 *     → FeedbackLog: the feedback count, the drift counts, the next retrain's extra rows
 *   model-registry + experiments (re-read every lifecycle.registry.refresh.ms)
 *   every lifecycle.trigger.check.ms: RetrainTriggers.evaluate(observations, cooldown)
 *     fired → retrain on the data dir + the swipes so far (worker) → publish (CANDIDATE, --trigger)
 *           → CandidatePlan: promote through the gate | start an experiment | leave it
 * </pre>
 *
 * <p>Resume: nothing is kept outside Kafka. A restarted service reads the registry and experiments,
 * the latest online-metrics per scope, and the swipes after the group's committed offsets — exactly
 * the swipes since the last retrain; a running experiment continues from the always-valid p stored
 * in its record (stored every lifecycle.decision.persist.ms and at a clean stop). What is lost:
 * production's earlier closed windows (the topic keeps the latest per scope) and the triggers'
 * cooldowns, so a condition that still holds may fire once more.
 */
public final class LifecycleService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LifecycleService.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

    /** What the service has done and sees, for tests, the demo and a status line. */
    public record Status(long feedbackSwipes, long skippedSwipes, long swipesRead, boolean retraining, int retrains,
                         int failedRetrains, List<String> published, Map<String, Double> runningP, int concluded,
                         List<TriggerEvaluation> lastTriggers, String production, long metricsRecords) {}

    private final LifecycleConfig config;
    private final Clock clock;
    private final Retrainer retrainer;
    private final LifecycleListener listener;
    private final KafkaRegistry registry;
    private final KafkaExperiments experiments;
    private final RetrainTriggers triggers;
    private final Deserializer<OnlineMetrics> metricsSerde = AvroSerdes.serde(OnlineMetrics.class).deserializer();
    private final Deserializer<Swipe> swipeSerde = AvroSerdes.serde(Swipe.class).deserializer();

    // main-thread state
    private KafkaConsumer<String, byte[]> metricsConsumer;
    private KafkaConsumer<byte[], byte[]> swipesConsumer;
    private RegistryView view = RegistryView.empty();
    private long lastRefresh = Long.MIN_VALUE / 2;
    private long lastTriggerCheck = Long.MIN_VALUE / 2;
    private final Map<String, OnlineMetrics> metricsByScope = new HashMap<>();
    private final Set<String> changedExperiments = new HashSet<>();
    private final Map<String, ExperimentWatch> watches = new LinkedHashMap<>();
    private final QualityWindows quality;
    private final FeedbackLog feedback;
    private RatingsFiles.Counts trainingCounts;
    private String trainingWhat;
    private DriftReference reference;
    private String referenceProduction;
    private RetrainTriggers.CooldownState cooldown = RetrainTriggers.CooldownState.EMPTY;
    private final ExecutorService worker;
    private Future<Retrainer.Result> retrain;
    private RetrainSnapshot snapshot;
    private boolean noModelNoted;
    private String quietNoted;
    private long lastAssignAttempt = Long.MIN_VALUE / 2;
    private long skippedSwipes;
    private long swipesRead;
    private long metricsRecords;
    private int retrains;
    private int failedRetrains;
    private int concluded;
    private final List<String> published = new ArrayList<>();
    private List<TriggerEvaluation> lastTriggers = List.of();

    private volatile boolean running = true;
    private volatile String held;
    private volatile RuntimeException failure;
    private final java.util.concurrent.CountDownLatch stopped = new java.util.concurrent.CountDownLatch(1);
    private volatile Status status;
    private volatile Thread thread;

    /** What a retrain took: how many rows of the feedback log, and the swipes positions to commit after it. */
    private record RetrainSnapshot(String trigger, int rows, List<FeedbackLog.Row> used, Map<TopicPartition, OffsetAndMetadata> offsets,
                                   Path dataDir, long startedAt) {}

    /**
     * Connects and checks the broker: an unreachable one fails here with one line naming it.
     *
     * @param retrainer null for {@link ProcessRetrainer} on the config's trainer command
     * @throws RegistryException when Kafka cannot be reached within registry.timeout.ms
     */
    public static LifecycleService start(LifecycleConfig config, Retrainer retrainer, LifecycleListener listener, Clock clock) {
        LifecycleService s = new LifecycleService(config, retrainer, listener, clock);
        s.registry.client().ensureTopics();
        s.refreshRegistry(true);
        s.loadTrainingData();
        s.openConsumers();
        s.publishStatus();
        return s;
    }

    private LifecycleService(LifecycleConfig config, Retrainer retrainer, LifecycleListener listener, Clock clock) {
        this.config = config;
        this.clock = clock;
        this.listener = listener == null ? new LifecycleListener() {} : listener;
        this.registry = new KafkaRegistry(new ModelRegistryClient(config.registry(), clock), new StageRules(config.policy(), clock));
        this.experiments = new KafkaExperiments(registry);
        this.triggers = new RetrainTriggers(config.triggers());
        this.quality = new QualityWindows(config.triggers().qualityDrop().metric());
        this.feedback = new FeedbackLog(config.retrainEnabled());
        this.retrainer = !config.retrainEnabled() ? null : retrainer != null ? retrainer
                : ProcessRetrainer.of(config, (step, ms, note) -> line(String.format(Locale.ROOT, "retrain %s: %s (%.1f s)", step,
                note, ms / 1000.0)));
        this.worker = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "lifecycle-retrain");
            t.setDaemon(true);
            return t;
        });
    }

    /** Runs the loop on a new thread ("lifecycle-service"); {@link #close()} stops it. */
    public LifecycleService startThread() {
        Thread t = new Thread(this::run, "lifecycle-service");
        t.setDaemon(true);
        thread = t;
        t.start();
        return this;
    }

    /** The loop, until {@link #close()}. */
    public void run() {
        if (thread == null) thread = Thread.currentThread();
        line("started: " + config.triggers() + "; on a new candidate: " + config.onCandidate()
                + (config.retrainEnabled() ? "; retrain on " + config.dataDir() + " + swipes into " + config.modelsDir()
                : "; retraining off") + "; production " + view.production().map(ModelRegistryEntry::getModelVersion).orElse("none"));
        try {
            while (running) step();
        } catch (WakeupException e) {
            if (running) {
                failure = e;
                throw e;
            }
        } catch (RuntimeException e) {
            failure = e;
            log.error("lifecycle service stopped on an unexpected failure", e);
            throw e;
        } finally {
            storeRunningP();
            closeConsumers();
            stopped.countDown();
        }
    }

    /**
     * Waits until the loop has ended: after {@link #close()}, or on a failure (then returned; null
     * after a clean stop).
     */
    public RuntimeException awaitStop() throws InterruptedException {
        stopped.await();
        return failure;
    }

    /** One pass: read what arrived, decide, maybe retrain. */
    void step() {
        long now = clock.millis();
        if (now - lastRefresh >= config.registryRefreshMs()) refreshRegistry(false);
        pollMetrics();
        pollSwipes();
        decideExperiments();
        finishRetrain();
        now = clock.millis();
        if (now - lastTriggerCheck >= config.triggerCheckMs()) {
            lastTriggerCheck = now;
            checkTriggers(now);
        }
        publishStatus();
    }

    public Status status() {
        return status;
    }

    public LifecycleConfig config() {
        return config;
    }

    @Override
    public void close() {
        running = false;
        KafkaConsumer<?, ?> m = metricsConsumer, s = swipesConsumer;
        if (m != null) m.wakeup();
        if (s != null) s.wakeup();
        Thread t = thread;
        if (t == null) {
            closeConsumers();
        } else if (t != Thread.currentThread()) {
            try {
                t.join(Duration.ofSeconds(30).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        worker.shutdownNow();
        try {
            worker.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---------------------------------------------------------------- registry

    private void refreshRegistry(boolean first) {
        try {
            RegistryView before = view;
            view = registry.read();
            lastRefresh = clock.millis();
            String production = view.production().map(ModelRegistryEntry::getModelVersion).orElse(null);
            String previous = before.production().map(ModelRegistryEntry::getModelVersion).orElse(null);
            if (!first && production != null && !production.equals(previous)) {
                line("production is now " + production + (previous == null ? "" : " (was " + previous + ")"));
            }
            if (production == null && config.bootstrapPromote() && bootstrapPromote()) return;
            syncWatches();
            if (trainingCounts != null && !java.util.Objects.equals(production, referenceProduction)) rebuildReference();
        } catch (RegistryException e) {
            if (first) throw e;
            log.warn("reading the registry failed (keeping the last view): {}", e.getMessage());
            lastRefresh = clock.millis();
        }
    }

    /**
     * No version has ever been put in production (or none is now) and no experiment runs: the newest
     * CANDIDATE is promoted (gate vacuous), so a fresh deployment's first model serves. Returns true
     * when it promoted (the registry was re-read).
     */
    private boolean bootstrapPromote() {
        if (view.experiments().values().stream().anyMatch(x -> x.getStatus() == io.reelstream.schemas.ExperimentStatus.RUNNING)) {
            return false;
        }
        Optional<ModelRegistryEntry> newest = view.entries().values().stream()
                .filter(e -> e.getStage() == io.reelstream.schemas.ModelStage.CANDIDATE)
                .max(java.util.Comparator.comparingLong(ModelRegistryEntry::getRegisteredAt)
                        .thenComparing(ModelRegistryEntry::getModelVersion));
        if (newest.isEmpty()) return false;
        String version = newest.get().getModelVersion();
        try {
            registry.promote(version, config.by(), "bootstrap: no PRODUCTION version yet (" + BOOTSTRAP_PROMOTE_KEY + ")", false);
            line("bootstrap: promoted " + version + " to PRODUCTION (no version was in production)");
        } catch (RuleException | RegistryException e) {
            log.warn("bootstrap promotion of {} failed: {}", version, e.getMessage());
            return false;
        }
        refreshRegistry(false);
        return true;
    }

    private static final String BOOTSTRAP_PROMOTE_KEY = LifecycleConfig.BOOTSTRAP_PROMOTE_CONFIG;

    /** A watch per RUNNING auto-promote experiment, resumed from its stored p; ended ones dropped. */
    private void syncWatches() {
        long now = clock.millis();
        Set<String> runningIds = new HashSet<>();
        for (Experiment x : view.experiments().values()) {
            if (x.getStatus() != ExperimentStatus.RUNNING || !x.getAutoPromote()) continue;
            runningIds.add(x.getExperimentId());
            if (!watches.containsKey(x.getExperimentId())) {
                ExperimentWatch w = ExperimentWatch.resume(x, config.decisionPersistMs(), now);
                watches.put(x.getExperimentId(), w);
                changedExperiments.add(x.getExperimentId());
                line("watching experiment " + x.getExperimentId() + ": " + x.getControlVersion() + " (control) vs "
                        + x.getTreatmentVersion() + " (treatment, " + percent(x.getTreatmentShare()) + " of users), "
                        + x.getMetric() + ", min " + x.getMinSamples() + " trials per arm, min lift " + percent(x.getMinLift())
                        + ", alpha " + x.getAlpha() + (w.p() < 1 ? String.format(Locale.ROOT, "; resumed at always-valid p %.4g", w.p()) : ""));
            }
        }
        watches.keySet().removeIf(id -> !runningIds.contains(id));
    }

    // ---------------------------------------------------------------- online metrics

    private void pollMetrics() {
        if (metricsConsumer.assignment().isEmpty() && !assignMetrics()) return;
        for (ConsumerRecord<String, byte[]> r : metricsConsumer.poll(Duration.ofMillis(config.pollMs() / 2 + 1))) {
            metricsRecords++;
            String scope = r.key();
            if (scope == null) continue;
            if (r.value() == null) {
                metricsByScope.remove(scope);
                continue;
            }
            OnlineMetrics m;
            try {
                m = metricsSerde.deserialize(r.topic(), r.value());
            } catch (RuntimeException e) {
                log.warn("skipping malformed online-metrics record {}[{}]@{} key '{}': {}", r.topic(), r.partition(), r.offset(),
                        scope, e.getMessage());
                continue;
            }
            metricsByScope.put(scope, m);
            quality.add(scope, m);
            String id = experimentOf(scope);
            if (id != null) decide(id); // every change is a look, even within one poll
        }
    }

    private boolean assignMetrics() {
        long now = clock.millis();
        if (now - lastAssignAttempt < 2_000) return false;
        lastAssignAttempt = now;
        List<PartitionInfo> infos = metricsConsumer.partitionsFor(config.onlineMetricsTopic(), Duration.ofSeconds(5));
        if (infos == null || infos.isEmpty()) return false;
        List<TopicPartition> parts = infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
        metricsConsumer.assign(parts);
        metricsConsumer.seekToBeginning(parts);
        return true;
    }

    /** exp/&lt;id&gt;/&lt;arm&gt; → id, else null. */
    static String experimentOf(String scope) {
        if (!scope.startsWith("exp/")) return null;
        int cut = scope.lastIndexOf('/');
        return cut > 4 ? scope.substring(4, cut) : null;
    }

    /** Experiments that got a watch since the last pass: look at the counts already read. */
    private void decideExperiments() {
        if (changedExperiments.isEmpty()) return;
        List<String> ids = new ArrayList<>(changedExperiments);
        changedExperiments.clear();
        for (String id : ids) decide(id);
    }

    /** One look at experiment {@code id}'s arms, when it is watched and both arms have counts. */
    private void decide(String id) {
        ExperimentWatch w = watches.get(id);
        Experiment x = view.experiment(id);
        if (w == null || x == null || x.getStatus() != ExperimentStatus.RUNNING) return;
        OnlineMetrics c = metricsByScope.get(ArmMetrics.scope(id, ArmAssignment.CONTROL));
        OnlineMetrics t = metricsByScope.get(ArmMetrics.scope(id, ArmAssignment.TREATMENT));
        if (c == null || t == null) return;
        Optional<ExperimentWatch.Look> look;
        long now = clock.millis();
        try {
            look = w.look(x, c.getCumulative(), t.getCumulative(), now);
        } catch (IllegalArgumentException e) {
            log.warn("experiment {}: counts not analysable ({}); waiting for the next update", id, e.getMessage());
            return;
        }
        if (look.isEmpty()) return;
        ExperimentAnalysis a = look.get().analysis();
        switch (look.get().action()) {
            case CONCLUDE -> conclude(x, a, now);
            case PERSIST -> {
                try {
                    experiments.recordLook(id, ExperimentRecords.toDecision(a, now));
                    w.stored(now);
                    log.info("experiment {}: stored always-valid p {} ({} looks)", id,
                            String.format(Locale.ROOT, "%.4g", a.sequentialPValue()), w.looks());
                } catch (RuleException e) {
                    refreshRegistry(false);
                } catch (RegistryException e) {
                    log.warn("experiment {}: storing the running p failed ({}); will retry", id, e.getMessage());
                }
            }
            case WAIT -> { }
        }
    }

    private void conclude(Experiment x, ExperimentAnalysis a, long now) {
        String id = x.getExperimentId();
        try {
            Map<String, Double> details = new LinkedHashMap<>(a.details());
            details.remove("p.sequential"); // the rules record it as experiment.sequential.p.value
            experiments.conclude(id, ExperimentRecords.toDecision(a, now), details, config.by(), "auto-decision: " + a.explain());
        } catch (RuleException e) {
            line("experiment " + id + ": not concluded (" + e.getMessage() + ")");
            refreshRegistry(false);
            return;
        } catch (RegistryException e) {
            // the decision stands; the next change of the arms' counts is a new look that decides again
            log.warn("experiment {}: concluding {} failed ({}); retrying at the next look", id, a.outcome(), e.getMessage());
            return;
        }
        watches.remove(id);
        concluded++;
        String what = switch (a.outcome()) {
            case PROMOTE_TREATMENT -> "promoted " + x.getTreatmentVersion() + " to PRODUCTION over " + x.getControlVersion();
            case KEEP_CONTROL -> "stopped; kept " + x.getControlVersion() + ", archived " + x.getTreatmentVersion();
            case INCONCLUSIVE -> "inconclusive";
        };
        line("decision " + id + ": " + a.outcome() + " — " + what + String.format(Locale.ROOT,
                ": %s control %d/%d = %.4f, treatment %d/%d = %.4f, lift %+.2f%% [%s CI %+.2f%%, %+.2f%%], p %.3g,"
                        + " always-valid p %.3g", a.metric(), a.controlSuccesses(), a.controlTrials(), a.controlRate(),
                a.treatmentSuccesses(), a.treatmentTrials(), a.treatmentRate(), 100 * a.lift(),
                level(a.alpha()), 100 * a.liftLow(), 100 * a.liftHigh(), a.pValue(), a.sequentialPValue()));
        listener.concluded(x, a);
        refreshRegistry(false);
    }

    /** On a clean stop: each running experiment's p, if it fell since it was last stored. */
    private void storeRunningP() {
        for (ExperimentWatch w : watches.values()) {
            if (!w.unstored()) continue;
            Experiment x = view.experiment(w.experimentId());
            OnlineMetrics c = metricsByScope.get(ArmMetrics.scope(w.experimentId(), ArmAssignment.CONTROL));
            OnlineMetrics t = metricsByScope.get(ArmMetrics.scope(w.experimentId(), ArmAssignment.TREATMENT));
            if (x == null || c == null || t == null) continue;
            try {
                ExperimentAnalysis a = ExperimentRecords.analyze(c.getCumulative(), t.getCumulative(), x.getMetric(),
                        x.getMinSamples(), x.getMinLift(), x.getAlpha(), w.p());
                if (a.decided()) continue; // the next run decides it at once
                experiments.recordLook(w.experimentId(), ExperimentRecords.toDecision(a, clock.millis()));
                log.info("experiment {}: stored always-valid p {} at stop", w.experimentId(), a.sequentialPValue());
            } catch (RuntimeException e) {
                log.warn("experiment {}: could not store the running p at stop: {}", w.experimentId(), e.getMessage());
            }
        }
    }

    // ---------------------------------------------------------------- swipes

    private void pollSwipes() {
        for (ConsumerRecord<byte[], byte[]> r : swipesConsumer.poll(Duration.ofMillis(config.pollMs() / 2 + 1))) {
            swipesRead++;
            if (r.value() == null) {
                skippedSwipes++;
                continue;
            }
            try {
                Swipe s = swipeSerde.deserialize(r.topic(), r.value());
                int preference = s.getPreference() != null ? s.getPreference()
                        : s.getBucket() != null ? Preference.fromBucket(s.getBucket()) : 0;
                if (!Preference.isValidPreference(preference)) {
                    skippedSwipes++;
                    continue;
                }
                feedback.add(s.getUserId(), s.getMovieId(), preference, s.getEventTime());
            } catch (RuntimeException e) {
                skippedSwipes++;
                if (skippedSwipes <= 10 || skippedSwipes % 1000 == 0) {
                    log.warn("skipping a swipe the trainer could not use, {}[{}]@{}: {} ({} skipped so far)", r.topic(), r.partition(),
                            r.offset(), e.getMessage(), skippedSwipes);
                }
            }
        }
    }

    // ---------------------------------------------------------------- triggers and retrain

    private void checkTriggers(long now) {
        Optional<ModelRegistryEntry> last = view.entries().values().stream()
                .max(Comparator.comparingLong(ModelRegistryEntry::getRegisteredAt).thenComparing(ModelRegistryEntry::getModelVersion));
        if (last.isEmpty()) {
            if (!noModelNoted) line("no model version registered yet: the triggers wait for the first one");
            noModelNoted = true;
            return;
        }
        String production = view.production().map(ModelRegistryEntry::getModelVersion).orElse(null);
        Observations o = new Observations(now, last.get().getModelVersion(), last.get().getRegisteredAt(), feedback.count(),
                quality.closed(production), Double.NaN, reference == null ? List.of() : reference.readings(feedback));
        RetrainTriggers.Step step = triggers.evaluate(o, cooldown);
        lastTriggers = step.evaluations();
        if (!step.anyFired()) {
            cooldown = step.state();
            return;
        }
        // Deferred or held: the condition is not spent, so the cooldown does not start (the trigger fires
        // again once the experiment ends or the hold is lifted) and the fire is told once per reason.
        Optional<Experiment> experiment = view.runningExperiment();
        String quiet = held != null ? "retrain held (" + held + ")"
                : retrainer != null && retrain == null && experiment.isPresent() && !config.retrainDuringExperiment()
                ? "retrain deferred while experiment " + experiment.get().getExperimentId() + " runs (its candidate could be"
                + " neither tested nor promoted; " + LifecycleConfig.RETRAIN_DURING_EXPERIMENT_CONFIG + " = false)" : null;
        if (quiet != null) {
            if (!quiet.equals(quietNoted)) {
                for (TriggerEvaluation e : step.fired()) line("trigger " + e, Map.of("trigger", e.kind().wireName()));
                line(quiet + ": " + step.triggerName() + " waits; the " + feedback.count() + " swipes stay for the next retrain");
                quietNoted = quiet;
            }
            return;
        }
        quietNoted = null;
        cooldown = step.state();
        for (TriggerEvaluation e : step.fired()) line("trigger " + e, Map.of("trigger", e.kind().wireName()));
        listener.fired(step);
        if (retrainer == null) {
            line("retraining is off (" + LifecycleConfig.RETRAIN_ENABLED_CONFIG + " = false): nothing started");
        } else if (retrain != null) {
            line("a retrain is running already: " + step.triggerName() + " waits for it");
        } else {
            startRetrain(step.triggerName(), now);
        }
    }

    /**
     * No retrain starts from now on (an operator's pause; triggers are still evaluated and logged).
     * Safe from any thread, including a listener callback.
     */
    public void holdRetrains(String reason) {
        held = reason == null || reason.isBlank() ? "held" : reason;
    }

    private void startRetrain(String trigger, long now) {
        int rows = feedback.size();
        List<FeedbackLog.Row> used = feedback.first(rows);
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : swipesConsumer.assignment()) offsets.put(tp, new OffsetAndMetadata(swipesConsumer.position(tp)));
        Path dir = config.modelsDir().resolve("lifecycle-data").resolve("training-" + STAMP.format(Instant.ofEpochMilli(now)));
        snapshot = new RetrainSnapshot(trigger, rows, used, offsets, dir, now);
        line(String.format(Locale.ROOT, "retrain started by %s: %s + %d swipes since the last retrain (%s)", trigger,
                config.dataDir(), rows, summarize(used)), Map.of("trigger", trigger));
        Path data = config.dataDir();
        retrain = worker.submit(() -> {
            RatingsFiles.writeTrainingSet(data, used, dir);
            return retrainer.retrain(trigger, dir);
        });
    }

    private void finishRetrain() {
        if (retrain == null || !retrain.isDone()) return;
        RetrainSnapshot s = snapshot;
        Retrainer.Result result;
        try {
            result = retrain.get();
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            failedRetrains++;
            retrain = null;
            snapshot = null;
            line("retrain by " + s.trigger() + " FAILED: " + cause.getMessage() + " (the swipes stay for the next one;"
                    + " training set kept in " + s.dataDir() + ")");
            listener.retrainFailed(s.trigger(), String.valueOf(cause.getMessage()));
            return;
        }
        retrain = null;
        snapshot = null;
        retrains++;
        published.add(result.version());
        // the retrain used these swipes: commit past them, so a restart re-reads only newer ones
        try {
            if (!s.offsets().isEmpty()) swipesConsumer.commitSync(s.offsets(), Duration.ofSeconds(30));
        } catch (KafkaException e) {
            log.warn("committing the swipes offsets after the retrain failed ({}); a restart re-reads them", e.getMessage());
        }
        feedback.dropFirst(s.rows());
        deleteQuietly(s.dataDir());
        trainingCounts = RatingsFiles.plus(trainingCounts, s.used());
        trainingWhat = config.dataDir() + " + " + s.rows() + " swipes (" + result.version() + ")";
        refreshRegistry(false);
        rebuildReference();
        ModelRegistryEntry entry = view.entry(result.version());
        String metrics = entry == null ? "not in the registry yet" : "stage " + entry.getStage() + ", offline "
                + offline(entry) + ", production " + view.production().map(p -> p.getModelVersion() + " " + offline(p)).orElse("none");
        line("retrain published " + result.version() + " (trigger " + s.trigger() + ", " + s.rows() + " swipes, "
                + String.format(Locale.ROOT, "%.1f s", (clock.millis() - s.startedAt()) / 1000.0) + "): " + metrics, Map.of("trigger", s.trigger(), "modelVersion", result.version()));
        CandidatePlan plan = CandidatePlan.plan(config.onCandidate(), view, result.version());
        String outcome = act(plan);
        listener.retrained(result.version(), s.trigger(), plan, outcome);
    }

    /** Carries out a candidate plan; one line with what happened. */
    private String act(CandidatePlan plan) {
        String outcome;
        try {
            switch (plan.kind()) {
                case PROMOTE -> {
                    KafkaRegistry.Applied a = registry.promote(plan.version(), config.by(), "retrained candidate", false);
                    outcome = "promoted " + plan.version() + " to PRODUCTION: " + lastReason(a, plan.version());
                }
                case EXPERIMENT -> {
                    ExperimentSpec e = config.experiment();
                    ExperimentSpec spec = new ExperimentSpec(null, plan.control(), plan.version(), e.share(), e.metric(),
                            e.minSamples(), e.minLift(), e.alpha(), true);
                    KafkaRegistry.Applied a = experiments.start(spec, config.by(), "retrained candidate against production");
                    Experiment x = a.change().experiments().get(0);
                    outcome = "started experiment " + x.getExperimentId() + ": " + x.getControlVersion() + " (control) vs "
                            + x.getTreatmentVersion() + " (treatment, " + percent(x.getTreatmentShare()) + " of users), "
                            + x.getMetric() + ", min " + x.getMinSamples() + " trials per arm, min lift " + percent(x.getMinLift());
                }
                default -> outcome = plan.reason();
            }
        } catch (GateRefusedException e) {
            outcome = plan.version() + " stays a CANDIDATE: " + e.getMessage();
        } catch (RuleException | RegistryException e) {
            outcome = plan.version() + " stays a CANDIDATE: " + e.getMessage();
        }
        line("candidate " + plan.version() + ": " + outcome);
        refreshRegistry(false);
        return outcome;
    }

    // ---------------------------------------------------------------- training data and drift reference

    private void loadTrainingData() {
        if (config.dataDir() == null) {
            line("drift: no training data to compare the swipes with (" + LifecycleConfig.DATA_DIR_CONFIG + " unset); the drift"
                    + " trigger stays quiet");
            return;
        }
        trainingCounts = RatingsFiles.count(config.dataDir());
        trainingWhat = config.dataDir().toString();
        rebuildReference();
    }

    private void rebuildReference() {
        Optional<ModelRegistryEntry> production = view.production();
        referenceProduction = production.map(ModelRegistryEntry::getModelVersion).orElse(null);
        reference = DriftReference.of(trainingCounts, production.map(ModelRegistryEntry::getOfflineMetrics).orElse(null), trainingWhat);
        log.info("drift reference: {}", reference.source());
    }

    // ---------------------------------------------------------------- consumers

    private void openConsumers() {
        Properties m = common("reelstream-lifecycle-metrics");
        m.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        metricsConsumer = new KafkaConsumer<>(m, new StringDeserializer(), new ByteArrayDeserializer());
        Properties s = common("reelstream-lifecycle-swipes");
        // offsets move only when a retrain used the swipes (commitSync in finishRetrain)
        s.put(ConsumerConfig.GROUP_ID_CONFIG, config.groupId());
        s.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        s.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        swipesConsumer = new KafkaConsumer<>(s, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        swipesConsumer.subscribe(List.of(config.swipesTopic()));
    }

    private Properties common(String clientId) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.bootstrapServers());
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        // the topology writes both topics exactly once: never read an aborted transaction
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) config.registry().timeout().toMillis());
        return p;
    }

    private void closeConsumers() {
        for (KafkaConsumer<?, ?> c : new KafkaConsumer<?, ?>[] {metricsConsumer, swipesConsumer}) {
            if (c == null) continue;
            try {
                c.close(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                log.debug("closing a consumer: {}", e.toString());
            }
        }
    }

    // ---------------------------------------------------------------- helpers

    private void publishStatus() {
        Map<String, Double> ps = new LinkedHashMap<>();
        watches.forEach((id, w) -> ps.put(id, w.p()));
        status = new Status(feedback.count(), skippedSwipes, swipesRead, retrain != null, retrains, failedRetrains,
                List.copyOf(published), Map.copyOf(ps), concluded, lastTriggers,
                view.production().map(ModelRegistryEntry::getModelVersion).orElse(null), metricsRecords);
    }

    private void line(String text) {
        line(text, Map.of());
    }

    /** A step of the loop: logged with its key fields (trigger, modelVersion, experiment) and told to the listener. */
    private void line(String text, Map<String, String> keyFields) {
        var event = log.atInfo();
        for (var field : keyFields.entrySet()) event = event.addKeyValue(field.getKey(), field.getValue());
        event.log("[lifecycle] {}", text);
        listener.line(text);
    }

    private static String summarize(List<FeedbackLog.Row> rows) {
        long[] c = new long[4];
        for (FeedbackLog.Row r : rows) c[Preference.toBucket(r.preference()) - 1]++;
        return "strong no " + c[0] + ", dislike " + c[1] + ", like " + c[2] + ", superlike " + c[3];
    }

    private static String offline(ModelRegistryEntry e) {
        String kind = e.getKind();
        Map<String, Double> m = e.getOfflineMetrics();
        String out = List.of("ndcg", "recall").stream().filter(k -> m.containsKey(kind + "." + k))
                .map(k -> String.format(Locale.ROOT, "%s.%s %.4f", kind, k, m.get(kind + "." + k)))
                .collect(Collectors.joining(", "));
        return out.isEmpty() ? "(no offline metrics)" : out;
    }

    private static String lastReason(KafkaRegistry.Applied a, String version) {
        for (int i = a.transitions().size() - 1; i >= 0; i--) {
            if (a.transitions().get(i).getModelVersion().equals(version)) return a.transitions().get(i).getReason();
        }
        return "";
    }

    private static String percent(double share) {
        return java.math.BigDecimal.valueOf(100 * share).stripTrailingZeros().toPlainString() + " %";
    }

    private static String level(double alpha) {
        return java.math.BigDecimal.valueOf(100 * (1 - alpha)).stripTrailingZeros().toPlainString() + "%";
    }

    private static void deleteQuietly(Path dir) {
        try (var walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            log.debug("could not delete {}: {}", dir, e.toString());
        }
    }
}
