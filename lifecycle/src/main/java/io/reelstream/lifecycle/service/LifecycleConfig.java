package io.reelstream.lifecycle.service;

import io.reelstream.core.experiment.Metric;
import io.reelstream.lifecycle.experiment.ExperimentSpec;
import io.reelstream.lifecycle.registry.RegistryPolicy;
import io.reelstream.lifecycle.trigger.TriggerConfig;
import io.reelstream.schemas.Topics;
import io.reelstream.schemas.registry.RegistryClientConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * The lifecycle service's one typed configuration. Sources, later wins: the defaults, a properties
 * file ({@code --config FILE}), environment variables {@code REELSTREAM_<KEY>} (the key upper-cased,
 * dots and dashes as underscores: {@code REELSTREAM_LIFECYCLE_ON_CANDIDATE}), then {@code --set KEY=VALUE}.
 * An unknown key, a malformed value, a trigger configuration that cannot fire and (with retraining
 * on) a data dir without MovieLens ratings are refused at once with the key named. {@link #describe()}
 * prints every key with its value and where it came from.
 */
public final class LifecycleConfig {
    public static final String ENV_PREFIX = "REELSTREAM_";

    public static final String SWIPES_TOPIC_CONFIG = "topic.swipes";
    public static final String ONLINE_METRICS_TOPIC_CONFIG = "topic.online-metrics";
    public static final String ON_CANDIDATE_CONFIG = "lifecycle.on.candidate";
    public static final String DEFAULT_ON_CANDIDATE = "experiment";
    public static final String EXPERIMENT_SHARE_CONFIG = "lifecycle.experiment.share";
    public static final double DEFAULT_EXPERIMENT_SHARE = 0.5;
    public static final String EXPERIMENT_METRIC_CONFIG = "lifecycle.experiment.metric";
    public static final String EXPERIMENT_MIN_SAMPLES_CONFIG = "lifecycle.experiment.min.samples";
    public static final String EXPERIMENT_MIN_LIFT_CONFIG = "lifecycle.experiment.min.lift";
    public static final String EXPERIMENT_ALPHA_CONFIG = "lifecycle.experiment.alpha";
    /**
     * With no PRODUCTION version at all (a fresh deployment), promote the newest CANDIDATE — the gate
     * has nothing to compare with — so the first published model serves without a human step.
     */
    public static final String BOOTSTRAP_PROMOTE_CONFIG = "lifecycle.bootstrap.promote";
    public static final boolean DEFAULT_BOOTSTRAP_PROMOTE = true;
    public static final String RETRAIN_ENABLED_CONFIG = "lifecycle.retrain.enabled";
    public static final boolean DEFAULT_RETRAIN_ENABLED = true;
    public static final String DATA_DIR_CONFIG = "lifecycle.data.dir";
    public static final String MODELS_DIR_CONFIG = "lifecycle.models.dir";
    public static final String DEFAULT_MODELS_DIR = "models";
    public static final String TRAINER_COMMAND_CONFIG = "lifecycle.trainer.command";
    public static final String TRAINER_SET_CONFIG = "lifecycle.trainer.set";
    public static final String TUNE_ENABLED_CONFIG = "lifecycle.tune.enabled";
    public static final String RETRAIN_DURING_EXPERIMENT_CONFIG = "lifecycle.retrain.during.experiment";
    public static final String RETRAIN_TIMEOUT_MS_CONFIG = "lifecycle.retrain.timeout.ms";
    public static final long DEFAULT_RETRAIN_TIMEOUT_MS = Duration.ofMinutes(60).toMillis();
    public static final String POLL_MS_CONFIG = "lifecycle.poll.ms";
    public static final long DEFAULT_POLL_MS = 200;
    public static final String REGISTRY_REFRESH_MS_CONFIG = "lifecycle.registry.refresh.ms";
    public static final long DEFAULT_REGISTRY_REFRESH_MS = 1000;
    public static final String TRIGGER_CHECK_MS_CONFIG = "lifecycle.trigger.check.ms";
    public static final long DEFAULT_TRIGGER_CHECK_MS = 10_000;
    public static final String DECISION_PERSIST_MS_CONFIG = "lifecycle.decision.persist.ms";
    public static final long DEFAULT_DECISION_PERSIST_MS = 60_000;
    public static final String GROUP_ID_CONFIG = "lifecycle.group.id";
    public static final String DEFAULT_GROUP_ID = "reelstream-lifecycle";
    public static final String BY_CONFIG = "lifecycle.by";
    public static final String DEFAULT_BY = "lifecycle";

    /** The trainer's main class, run by the default trainer command. */
    public static final String TRAINER_MAIN = "io.reelstream.trainer.cli.TrainerCli";

    /** Every key: name, default, meaning (for --help and {@link #describe()}). */
    public static final List<String[]> KEYS = keys();

    private final Map<String, String> values;
    private final Map<String, String> origins;
    private final RegistryClientConfig registry;
    private final RegistryPolicy policy;
    private final TriggerConfig triggers;
    private final CandidatePlan.OnCandidate onCandidate;
    private final ExperimentSpec experiment;
    private final Path dataDir;
    private final List<String> trainerCommand;
    private final Map<String, String> trainerSettings;

    private LifecycleConfig(Map<String, String> values, Map<String, String> origins) {
        this.values = values;
        this.origins = origins;
        RegistryClientConfig r = RegistryClientConfig.defaults(values.get(RegistryClientConfig.BOOTSTRAP_SERVERS_CONFIG));
        for (String[] k : RegistryClientConfig.KEYS) r = r.with(k[0], values.get(k[0]));
        this.registry = r;
        RegistryPolicy p = RegistryPolicy.defaults();
        for (String[] k : RegistryPolicy.KEYS) p = p.with(k[0], values.get(k[0]));
        this.policy = p;
        Map<String, String> trigger = new LinkedHashMap<>();
        for (String k : TriggerConfig.KEYS) trigger.put(k, values.get(k));
        this.triggers = TriggerConfig.fromMap(trigger);
        this.onCandidate = parse(ON_CANDIDATE_CONFIG, CandidatePlan.OnCandidate::parse);
        String metric = parse(EXPERIMENT_METRIC_CONFIG, s -> Metric.parse(s).wireName());
        double share = dbl(EXPERIMENT_SHARE_CONFIG);
        if (!(share > 0 && share < 1)) throw bad(EXPERIMENT_SHARE_CONFIG, "must be in (0, 1), exclusive");
        long minSamples = lng(EXPERIMENT_MIN_SAMPLES_CONFIG);
        if (minSamples < 1) throw bad(EXPERIMENT_MIN_SAMPLES_CONFIG, "must be >= 1 trial per arm");
        double minLift = dbl(EXPERIMENT_MIN_LIFT_CONFIG);
        if (!(minLift >= 0) || Double.isInfinite(minLift)) throw bad(EXPERIMENT_MIN_LIFT_CONFIG, "must be >= 0 (0.05 = 5 % better)");
        double alpha = dbl(EXPERIMENT_ALPHA_CONFIG);
        if (!(alpha > 0 && alpha < 1)) throw bad(EXPERIMENT_ALPHA_CONFIG, "must be in (0, 1)");
        this.experiment = new ExperimentSpec(null, null, null, share, metric, minSamples, minLift, alpha, true);
        for (String k : List.of(POLL_MS_CONFIG, REGISTRY_REFRESH_MS_CONFIG, TRIGGER_CHECK_MS_CONFIG, DECISION_PERSIST_MS_CONFIG,
                RETRAIN_TIMEOUT_MS_CONFIG)) {
            if (lng(k) < 1) throw bad(k, "must be >= 1 ms");
        }
        bool(TUNE_ENABLED_CONFIG);
        bool(RETRAIN_DURING_EXPERIMENT_CONFIG);
        if (values.get(GROUP_ID_CONFIG).isBlank()) throw bad(GROUP_ID_CONFIG, "must not be empty");
        this.trainerSettings = settings(values.get(TRAINER_SET_CONFIG));
        String data = values.get(DATA_DIR_CONFIG);
        this.dataDir = data.isBlank() ? null : Path.of(data).toAbsolutePath().normalize();
        if (retrainEnabled()) {
            if (dataDir == null) {
                throw bad(DATA_DIR_CONFIG, "is required while " + RETRAIN_ENABLED_CONFIG + " = true: the MovieLens directory"
                        + " a retrain trains on (with the swipes gathered since the last retrain); or set "
                        + RETRAIN_ENABLED_CONFIG + "=false");
            }
            try {
                RatingsFiles.layout(dataDir);
            } catch (IllegalArgumentException e) {
                throw bad(DATA_DIR_CONFIG, "= " + dataDir + ": " + e.getMessage());
            }
        }
        String command = values.get(TRAINER_COMMAND_CONFIG).trim();
        this.trainerCommand = command.isEmpty() ? defaultTrainerCommand() : List.of(command.split("\\s+"));
        if (retrainEnabled() && command.isEmpty() && !onClasspath(TRAINER_MAIN)) {
            throw bad(TRAINER_COMMAND_CONFIG, "is not set and the trainer (" + TRAINER_MAIN + ") is not on this JVM's"
                    + " classpath: run the service from the demo jar (bin/reelstream lifecycle) or set it, e.g. 'java -jar"
                    + " offline-trainer/target/offline-trainer.jar'");
        }
    }

    /** Defaults only (tests set keys with {@link #load}). */
    public static LifecycleConfig defaults(Map<String, String> sets) {
        return load(null, Map.of(), sets);
    }

    /**
     * Defaults, then {@code file} (may be null), then REELSTREAM_* in {@code env}, then {@code sets}.
     *
     * @throws IllegalArgumentException naming the key, file or value at fault
     */
    public static LifecycleConfig load(Path file, Map<String, String> env, Map<String, String> sets) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (String[] k : KEYS) {
            values.put(k[0], k[1]);
            origins.put(k[0], "default");
        }
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
            for (String key : p.stringPropertyNames()) set(values, origins, key, p.getProperty(key), "file " + file);
        }
        for (String[] k : KEYS) {
            String v = env.get(envName(k[0]));
            if (v != null) set(values, origins, k[0], v, "env " + envName(k[0]));
        }
        sets.forEach((k, v) -> set(values, origins, k, v, "--set"));
        return new LifecycleConfig(values, origins);
    }

    /** REELSTREAM_ + the key upper-cased, dots and dashes as underscores. */
    public static String envName(String key) {
        return ENV_PREFIX + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** This config with more keys set (tests, the demo). */
    public LifecycleConfig with(Map<String, String> sets) {
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, String> o = new LinkedHashMap<>(origins);
        sets.forEach((k, x) -> set(v, o, k, x, "override"));
        return new LifecycleConfig(v, o);
    }

    private static void set(Map<String, String> values, Map<String, String> origins, String key, String value, String origin) {
        if (!values.containsKey(key)) {
            throw new IllegalArgumentException("unknown config key '" + key + "' (from " + origin + "); 'reelstream lifecycle"
                    + " --help' lists the keys");
        }
        values.put(key, value == null ? "" : value.trim());
        origins.put(key, origin);
    }

    // ---------------------------------------------------------------- typed views

    public RegistryClientConfig registry() { return registry; }
    public RegistryPolicy policy() { return policy; }
    public TriggerConfig triggers() { return triggers; }
    public CandidatePlan.OnCandidate onCandidate() { return onCandidate; }
    /** The experiment a candidate starts: share, metric, minSamples, minLift, alpha (arms and id filled in later). */
    public ExperimentSpec experiment() { return experiment; }
    public String bootstrapServers() { return registry.bootstrapServers(); }
    public String swipesTopic() { return values.get(SWIPES_TOPIC_CONFIG); }
    public String onlineMetricsTopic() { return values.get(ONLINE_METRICS_TOPIC_CONFIG); }
    public boolean retrainEnabled() { return bool(RETRAIN_ENABLED_CONFIG); }
    public boolean bootstrapPromote() { return bool(BOOTSTRAP_PROMOTE_CONFIG); }
    /** The MovieLens dir a retrain trains on, or null when retraining is off and none was given. */
    public Path dataDir() { return dataDir; }
    public Path modelsDir() { return Path.of(values.get(MODELS_DIR_CONFIG)).toAbsolutePath().normalize(); }
    public List<String> trainerCommand() { return trainerCommand; }
    /** {@code lifecycle.trainer.set}: trainer keys passed as --set KEY=VALUE to train (and tune). */
    public Map<String, String> trainerSettings() { return trainerSettings; }
    public boolean tuneEnabled() { return bool(TUNE_ENABLED_CONFIG); }
    /** Retrain while an experiment runs (its candidate then waits as a CANDIDATE); false defers the retrain until it ends. */
    public boolean retrainDuringExperiment() { return bool(RETRAIN_DURING_EXPERIMENT_CONFIG); }
    public Duration retrainTimeout() { return Duration.ofMillis(lng(RETRAIN_TIMEOUT_MS_CONFIG)); }
    public long pollMs() { return lng(POLL_MS_CONFIG); }
    public long registryRefreshMs() { return lng(REGISTRY_REFRESH_MS_CONFIG); }
    public long triggerCheckMs() { return lng(TRIGGER_CHECK_MS_CONFIG); }
    public long decisionPersistMs() { return lng(DECISION_PERSIST_MS_CONFIG); }
    public String groupId() { return values.get(GROUP_ID_CONFIG); }
    public String by() { return values.get(BY_CONFIG).isBlank() ? DEFAULT_BY : values.get(BY_CONFIG); }

    /** The raw value of a key. */
    public String get(String key) {
        return values.get(key);
    }

    /** Every key = value, with where it came from; one line each. */
    public String describe() {
        StringBuilder sb = new StringBuilder("lifecycle service configuration:\n");
        int width = values.keySet().stream().mapToInt(String::length).max().orElse(10);
        values.forEach((k, v) -> sb.append(String.format(Locale.ROOT, "  %-" + width + "s = %s%s%n", k,
                k.equals(TRAINER_COMMAND_CONFIG) && v.isEmpty() ? "(this JVM) " + abbreviate(String.join(" ", trainerCommand)) : v,
                "default".equals(origins.get(k)) ? "" : "   (" + origins.get(k) + ")")));
        return sb.toString();
    }

    // ---------------------------------------------------------------- helpers

    private static List<String> defaultTrainerCommand() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), TRAINER_MAIN);
    }

    private static boolean onClasspath(String className) {
        try {
            Class.forName(className, false, LifecycleConfig.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 120 ? s : s.substring(0, 60) + " ... " + s.substring(s.length() - 55);
    }

    private static Map<String, String> settings(String csv) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String part : csv.split(",")) {
            String s = part.trim();
            if (s.isEmpty()) continue;
            int eq = s.indexOf('=');
            if (eq <= 0) throw bad(TRAINER_SET_CONFIG, "expects KEY=VALUE[,KEY=VALUE...], got '" + s + "'");
            out.put(s.substring(0, eq).trim(), s.substring(eq + 1).trim());
        }
        return Map.copyOf(out);
    }

    private <T> T parse(String key, java.util.function.Function<String, T> f) {
        try {
            return f.apply(values.get(key));
        } catch (IllegalArgumentException e) {
            throw bad(key, "= '" + values.get(key) + "': " + e.getMessage());
        }
    }

    private long lng(String key) {
        try {
            return Long.parseLong(values.get(key));
        } catch (NumberFormatException e) {
            throw bad(key, "= '" + values.get(key) + "' is not a whole number");
        }
    }

    private double dbl(String key) {
        try {
            return Double.parseDouble(values.get(key));
        } catch (NumberFormatException e) {
            throw bad(key, "= '" + values.get(key) + "' is not a number");
        }
    }

    private boolean bool(String key) {
        String v = values.get(key).toLowerCase(Locale.ROOT);
        if (v.equals("true")) return true;
        if (v.equals("false")) return false;
        throw bad(key, "= '" + values.get(key) + "' is not true or false");
    }

    private static IllegalArgumentException bad(String key, String what) {
        return new IllegalArgumentException(key + " " + what);
    }

    private static List<String[]> keys() {
        List<String[]> k = new ArrayList<>();
        k.add(new String[] {RegistryClientConfig.BOOTSTRAP_SERVERS_CONFIG, RegistryClientConfig.DEFAULT_BOOTSTRAP_SERVERS, "Kafka bootstrap servers"});
        k.add(new String[] {SWIPES_TOPIC_CONFIG, Topics.SWIPES_TOPIC, "swipes read for the feedback count, drift and retraining"});
        k.add(new String[] {ONLINE_METRICS_TOPIC_CONFIG, Topics.ONLINE_METRICS_TOPIC, "per-arm and per-version online counts (topology)"});
        k.addAll(RegistryClientConfig.KEYS);
        k.addAll(RegistryPolicy.KEYS);
        TriggerConfig d = TriggerConfig.DEFAULT;
        k.add(new String[] {TriggerConfig.QUALITY_ENABLED_CONFIG, "" + d.qualityDrop().enabled(), "quality-drop trigger on production's windows"});
        k.add(new String[] {TriggerConfig.QUALITY_METRIC_CONFIG, d.qualityDrop().metric().wireName(), "hit_rate or like_rate"});
        k.add(new String[] {TriggerConfig.QUALITY_FRACTION_CONFIG, "" + d.qualityDrop().fraction(), "a window is low below fraction x reference"});
        k.add(new String[] {TriggerConfig.QUALITY_WINDOWS_CONFIG, "" + d.qualityDrop().consecutiveWindows(), "consecutive low windows to fire"});
        k.add(new String[] {TriggerConfig.QUALITY_REFERENCE_WINDOWS_CONFIG, "" + d.qualityDrop().referenceWindows(), "first windows pooled into the reference"});
        k.add(new String[] {TriggerConfig.QUALITY_MIN_WINDOW_TRIALS_CONFIG, "" + d.qualityDrop().minWindowTrials(), "windows with fewer trials are skipped"});
        k.add(new String[] {TriggerConfig.DRIFT_ENABLED_CONFIG, "" + d.drift().enabled(), "drift trigger (PSI of preference mix and item popularity)"});
        k.add(new String[] {TriggerConfig.DRIFT_PSI_THRESHOLD_CONFIG, "" + d.drift().psiThreshold(), "fires above this PSI"});
        k.add(new String[] {TriggerConfig.DRIFT_MIN_SWIPES_CONFIG, "" + d.drift().minSwipes(), "recent swipes needed before PSI counts"});
        k.add(new String[] {TriggerConfig.FEEDBACK_ENABLED_CONFIG, "" + d.feedbackCount().enabled(), "feedback-count trigger"});
        k.add(new String[] {TriggerConfig.FEEDBACK_MIN_NEW_SWIPES_CONFIG, "" + d.feedbackCount().minNewSwipes(), "new swipes since the last training"});
        k.add(new String[] {TriggerConfig.SCHEDULE_ENABLED_CONFIG, "" + d.schedule().enabled(), "schedule trigger"});
        k.add(new String[] {TriggerConfig.SCHEDULE_INTERVAL_MS_CONFIG, "" + d.schedule().intervalMs(), "ms (or ISO-8601) since the last training"});
        k.add(new String[] {TriggerConfig.COOLDOWN_MS_CONFIG, "" + d.cooldownMs(), "a fired trigger stays quiet this long while its retrain runs"});
        k.add(new String[] {ON_CANDIDATE_CONFIG, DEFAULT_ON_CANDIDATE, "a retrained candidate: promote (gate) | experiment (against production) | none"});
        k.add(new String[] {EXPERIMENT_SHARE_CONFIG, "" + DEFAULT_EXPERIMENT_SHARE, "treatment's share of users in a started experiment"});
        k.add(new String[] {EXPERIMENT_METRIC_CONFIG, ExperimentSpec.DEFAULT_METRIC, "hit_rate or like_rate"});
        k.add(new String[] {EXPERIMENT_MIN_SAMPLES_CONFIG, "" + ExperimentSpec.DEFAULT_MIN_SAMPLES, "trials per arm before any decision"});
        k.add(new String[] {EXPERIMENT_MIN_LIFT_CONFIG, "" + ExperimentSpec.DEFAULT_MIN_LIFT, "relative lift needed to promote"});
        k.add(new String[] {EXPERIMENT_ALPHA_CONFIG, "" + ExperimentSpec.DEFAULT_ALPHA, "significance level"});
        k.add(new String[] {BOOTSTRAP_PROMOTE_CONFIG, "" + DEFAULT_BOOTSTRAP_PROMOTE,
                "with no PRODUCTION version at all, promote the newest CANDIDATE (a fresh deployment's first model)"});
        k.add(new String[] {RETRAIN_ENABLED_CONFIG, "" + DEFAULT_RETRAIN_ENABLED, "retrain when a trigger fires (false: decisions only)"});
        k.add(new String[] {DATA_DIR_CONFIG, "", "MovieLens dir a retrain trains on, plus the swipes since the last retrain"});
        k.add(new String[] {MODELS_DIR_CONFIG, DEFAULT_MODELS_DIR, "where retrains write run_<ts>/, LATEST and their logs"});
        k.add(new String[] {TRAINER_COMMAND_CONFIG, "", "trainer command line (default: this JVM's java -cp <classpath> " + TRAINER_MAIN + ")"});
        k.add(new String[] {TRAINER_SET_CONFIG, "", "trainer keys for train (and tune): KEY=VALUE[,KEY=VALUE...]"});
        k.add(new String[] {TUNE_ENABLED_CONFIG, "false", "run the trainer's 'tune' instead of 'train' (falls back to train when absent)"});
        k.add(new String[] {RETRAIN_DURING_EXPERIMENT_CONFIG, "false", "retrain while an experiment runs (false: defer until it ends; its candidate could be neither tested nor promoted)"});
        k.add(new String[] {RETRAIN_TIMEOUT_MS_CONFIG, "" + DEFAULT_RETRAIN_TIMEOUT_MS, "bound on each trainer step"});
        k.add(new String[] {POLL_MS_CONFIG, "" + DEFAULT_POLL_MS, "poll timeout of the online-metrics and swipes consumers"});
        k.add(new String[] {REGISTRY_REFRESH_MS_CONFIG, "" + DEFAULT_REGISTRY_REFRESH_MS, "how often the registry and experiments are re-read"});
        k.add(new String[] {TRIGGER_CHECK_MS_CONFIG, "" + DEFAULT_TRIGGER_CHECK_MS, "how often the retraining triggers are evaluated"});
        k.add(new String[] {DECISION_PERSIST_MS_CONFIG, "" + DEFAULT_DECISION_PERSIST_MS, "how often a running experiment's always-valid p is stored"});
        k.add(new String[] {GROUP_ID_CONFIG, DEFAULT_GROUP_ID, "consumer group of swipes: offsets committed only once a retrain used them"});
        k.add(new String[] {BY_CONFIG, DEFAULT_BY, "'by' of the registry transitions the service writes"});
        for (String t : TriggerConfig.KEYS) {
            if (k.stream().noneMatch(x -> x[0].equals(t))) throw new IllegalStateException("trigger key " + t + " not listed");
        }
        return List.copyOf(k);
    }

    @Override
    public String toString() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    static List<String> split(String s) {
        return Arrays.stream(s.split(",")).map(String::trim).filter(x -> !x.isEmpty()).toList();
    }
}
