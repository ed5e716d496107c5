package io.reelstream.trainer.config;

import io.reelstream.core.als.AlsParams;
import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.core.recency.RecencyWeights;
import io.reelstream.trainer.itemitem.ItemItemParams;
import io.reelstream.trainer.content.ContentNeighbours;
import io.reelstream.trainer.content.Similarity;
import io.reelstream.trainer.popularity.PopularityModel;
import io.reelstream.trainer.rating.RatingParams;
import io.reelstream.trainer.split.SplitMode;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;

/**
 * The trainer's typed configuration. Every key is a {@code *_CONFIG} constant with a
 * {@code DEFAULT_*} beside it; values resolve in this order, later wins:
 * <pre>
 *   defaults  <  properties file (--config FILE)  <  env REELSTREAM_<KEY> (dots → underscores, upper case)  <  flags
 * </pre>
 * so {@code als.factors} is {@code REELSTREAM_ALS_FACTORS} in the environment. A bad value fails at
 * once naming the key, where it came from and what is allowed.
 */
public record TrainerConfig(
        Path dataDir, Path modelsDir, boolean skipBadLines,
        SplitMode splitMode, boolean finalEvaluation,
        boolean coreFilter, int coreMinUser, int coreMinItem,
        double popularityM, int contentNeighbours, Similarity contentSimilarity,
        boolean evaluate, int evalK, int evalMaxUsers, long evalSeed,
        int threads, AlsParams als,
        RatingParams rating, String tuneModel, Path runsStore,
        boolean itemItemEnabled, ItemItemParams itemItem, RecencyWeights recency, ServingKind servingKind, boolean alsRecency,
        double blendWeight, Map<String, String> values, Map<String, String> origins) {

    /** The model kind a run announces for serving. */
    public enum ServingKind {
        ALS, ITEMITEM, BLEND;

        /** Whether the kind is served from the item-to-item model's neighbour lists (so needs itemitem.enabled). */
        public boolean needsItemItem() {
            return this != ALS;
        }
    }

    public static final String ENV_PREFIX = "REELSTREAM_";

    public static final String DATA_DIR_CONFIG = "data.dir";
    public static final String DEFAULT_DATA_DIR = "data/ml-latest-small";
    public static final String MODELS_DIR_CONFIG = "models.dir";
    public static final String DEFAULT_MODELS_DIR = "models";
    public static final String SKIP_BAD_LINES_CONFIG = "load.skip.bad.lines";
    public static final boolean DEFAULT_SKIP_BAD_LINES = false;
    public static final String SPLIT_MODE_CONFIG = "split.mode";
    public static final String DEFAULT_SPLIT_MODE = "temporal";
    public static final String SPLIT_FINAL_CONFIG = "split.final";
    public static final boolean DEFAULT_SPLIT_FINAL = false;
    public static final String CORE_FILTER_CONFIG = "filter.core.enabled";
    public static final boolean DEFAULT_CORE_FILTER = false;
    public static final String CORE_MIN_USER_CONFIG = "filter.core.min.user";
    public static final int DEFAULT_CORE_MIN_USER = 5;
    public static final String CORE_MIN_ITEM_CONFIG = "filter.core.min.item";
    public static final int DEFAULT_CORE_MIN_ITEM = 5;
    public static final String POPULARITY_M_CONFIG = "popularity.m";
    public static final double DEFAULT_POPULARITY_M = PopularityModel.DEFAULT_M;
    public static final String CONTENT_NEIGHBOURS_CONFIG = "content.neighbours";
    public static final int DEFAULT_CONTENT_NEIGHBOURS = ContentNeighbours.DEFAULT_K;
    public static final String CONTENT_SIMILARITY_CONFIG = "content.similarity";
    public static final String DEFAULT_CONTENT_SIMILARITY = "cosine";
    public static final String EVAL_ENABLED_CONFIG = "eval.enabled";
    public static final boolean DEFAULT_EVAL_ENABLED = true;
    public static final String EVAL_K_CONFIG = "eval.k";
    public static final int DEFAULT_EVAL_K = 10;
    public static final String EVAL_MAX_USERS_CONFIG = "eval.max.users";
    public static final int DEFAULT_EVAL_MAX_USERS = 0;
    public static final String EVAL_SEED_CONFIG = "eval.seed";
    public static final long DEFAULT_EVAL_SEED = 42L;
    public static final String THREADS_CONFIG = "threads";
    public static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors();
    public static final String ALS_FACTORS_CONFIG = "als.factors";
    public static final String ALS_ITERATIONS_CONFIG = "als.iterations";
    public static final String ALS_LAMBDA_CONFIG = "als.lambda";
    public static final String ALS_REGULARIZATION_CONFIG = "als.regularization";
    public static final String ALS_ALPHA_CONFIG = "als.alpha";
    public static final String ALS_CG_STEPS_CONFIG = "als.cg.steps";
    public static final String ALS_SEED_CONFIG = "als.seed";
    public static final String ALS_INIT_SCALE_CONFIG = "als.init.scale";
    public static final String ALS_COMPUTE_LOSS_CONFIG = "als.compute.loss";
    public static final boolean DEFAULT_ALS_COMPUTE_LOSS = true;
    /** Who fits the ALS factors: the trainer's own solver, or a plugged-in engine (trainer AlsEngines). */
    public static final String ALS_ENGINE_CONFIG = "als.engine";
    public static final String DEFAULT_ALS_ENGINE = "local";
    /** The Spark master of als.engine=spark; under spark-submit its --master wins over this default. */
    public static final String SPARK_MASTER_CONFIG = "spark.master";
    public static final String DEFAULT_SPARK_MASTER = "local[2]";
    public static final String RATING_FACTORS_CONFIG = "rating.factors";
    public static final String RATING_ITERATIONS_CONFIG = "rating.iterations";
    public static final String RATING_LAMBDA_CONFIG = "rating.lambda";
    public static final String RATING_BIAS_LAMBDA_CONFIG = "rating.bias.lambda";
    public static final String RATING_SEED_CONFIG = "rating.seed";
    /** The model kind whose validation NDCG@K the tune command maximises (a searchable key like any other). */
    public static final String TUNE_MODEL_CONFIG = "tune.model";
    public static final String DEFAULT_TUNE_MODEL = "als";
    /** SQLite file of the runs store; empty = runs.db in models.dir; "none" = record nothing. */
    public static final String RUNS_STORE_CONFIG = "runs.store";
    public static final String DEFAULT_RUNS_STORE = "";
    public static final String RUNS_STORE_FILE = "runs.db";
    public static final String RUNS_STORE_OFF = "none";
    public static final String ALS_RECENCY_CONFIG = "als.recency";
    public static final boolean DEFAULT_ALS_RECENCY = false;

    public static final String ITEMITEM_ENABLED_CONFIG = "itemitem.enabled";
    public static final boolean DEFAULT_ITEMITEM_ENABLED = true;
    public static final String ITEMITEM_LAMBDA_CONFIG = "itemitem.lambda";
    public static final double DEFAULT_ITEMITEM_LAMBDA = 300;
    public static final String ITEMITEM_LAMBDA_MODE_CONFIG = "itemitem.lambda.mode";
    public static final String DEFAULT_ITEMITEM_LAMBDA_MODE = "absolute";
    public static final String ITEMITEM_NEIGHBOURS_CONFIG = "itemitem.neighbours";
    public static final int DEFAULT_ITEMITEM_NEIGHBOURS = 200;
    public static final String ITEMITEM_SUPERLIKE_WEIGHT_CONFIG = "itemitem.superlike.weight";
    public static final double DEFAULT_ITEMITEM_SUPERLIKE_WEIGHT = 1.0;
    public static final String ITEMITEM_DISLIKE_WEIGHT_CONFIG = "itemitem.dislike.weight";
    public static final double DEFAULT_ITEMITEM_DISLIKE_WEIGHT = -0.25;
    public static final String ITEMITEM_MAX_DENSE_ITEMS_CONFIG = "itemitem.max.dense.items";
    public static final int DEFAULT_ITEMITEM_MAX_DENSE_ITEMS = 20_000;
    public static final String ITEMITEM_SCALABLE_CONFIG = "itemitem.scalable";
    public static final boolean DEFAULT_ITEMITEM_SCALABLE = true;
    public static final String ITEMITEM_SPARSE_CANDIDATES_CONFIG = "itemitem.sparse.candidates";
    public static final int DEFAULT_ITEMITEM_SPARSE_CANDIDATES = 128;
    public static final String RECENCY_HALF_LIFE_SWIPES_CONFIG = "recency.half.life.swipes";
    public static final String DEFAULT_RECENCY_HALF_LIFE_SWIPES = "5";
    public static final String RECENCY_FLOOR_CONFIG = "recency.floor";
    public static final double DEFAULT_RECENCY_FLOOR = 0.1;
    public static final String RECENCY_HALF_LIFE_DAYS_CONFIG = "recency.half.life.days";
    public static final String DEFAULT_RECENCY_HALF_LIFE_DAYS = "off";
    public static final String SERVING_KIND_CONFIG = "serving.kind";
    public static final String DEFAULT_SERVING_KIND = "itemitem";
    /** β of the blend (core BlendScorer): score = (1 − β)·ii/max|ii| + β·als/max|als|; 0 = item-to-item only, 1 = ALS only. */
    public static final String BLEND_WEIGHT_CONFIG = "blend.weight";
    public static final double DEFAULT_BLEND_WEIGHT = 0.4;
    private static final String REGULARIZATION_CHOICES = String.join(" | ",
            java.util.Arrays.stream(AlsParams.Regularization.values()).map(r -> r.name().toLowerCase(Locale.ROOT)).toList());

    /** One key: name, default and what it means (for --help and the printed config). */
    public record Key(String name, String defaultValue, String doc) {
        public String envVar() {
            return ENV_PREFIX + name.toUpperCase(Locale.ROOT).replace('.', '_');
        }
    }

    public static final List<Key> KEYS = List.of(
            new Key(DATA_DIR_CONFIG, DEFAULT_DATA_DIR,
                    "MovieLens directory (ratings.csv, ratings.dat, u.data or ratings.parquet) or a .parquet file"),
            new Key(MODELS_DIR_CONFIG, DEFAULT_MODELS_DIR, "where run_<UTC timestamp>/ and LATEST are written"),
            new Key(SKIP_BAD_LINES_CONFIG, String.valueOf(DEFAULT_SKIP_BAD_LINES), "skip and count bad input lines instead of failing"),
            new Key(SPLIT_MODE_CONFIG, DEFAULT_SPLIT_MODE, "temporal (80/10/10 per user) or last1"),
            new Key(SPLIT_FINAL_CONFIG, String.valueOf(DEFAULT_SPLIT_FINAL), "fit on train+validation and score on test"),
            new Key(CORE_FILTER_CONFIG, String.valueOf(DEFAULT_CORE_FILTER), "iterative k-core filtering before the split"),
            new Key(CORE_MIN_USER_CONFIG, String.valueOf(DEFAULT_CORE_MIN_USER), "core filter: min ratings per user"),
            new Key(CORE_MIN_ITEM_CONFIG, String.valueOf(DEFAULT_CORE_MIN_ITEM), "core filter: min ratings per movie"),
            new Key(POPULARITY_M_CONFIG, String.valueOf(DEFAULT_POPULARITY_M), "popularity prior weight m (pseudo-ratings at the global mean)"),
            new Key(CONTENT_NEIGHBOURS_CONFIG, String.valueOf(DEFAULT_CONTENT_NEIGHBOURS), "content neighbours kept per movie"),
            new Key(CONTENT_SIMILARITY_CONFIG, DEFAULT_CONTENT_SIMILARITY, "cosine (genres + year) or jaccard (genres)"),
            new Key(EVAL_ENABLED_CONFIG, String.valueOf(DEFAULT_EVAL_ENABLED), "evaluate the models after fitting"),
            new Key(EVAL_K_CONFIG, String.valueOf(DEFAULT_EVAL_K), "K of the metrics at K"),
            new Key(EVAL_MAX_USERS_CONFIG, String.valueOf(DEFAULT_EVAL_MAX_USERS), "score a seeded sample of this many users (0 = all)"),
            new Key(EVAL_SEED_CONFIG, String.valueOf(DEFAULT_EVAL_SEED), "seed of the user sample"),
            new Key(THREADS_CONFIG, String.valueOf(DEFAULT_THREADS), "worker threads (ALS, neighbours, evaluation)"),
            new Key(ALS_FACTORS_CONFIG, String.valueOf(AlsParams.DEFAULT_FACTORS), "ALS latent factors k"),
            new Key(ALS_ITERATIONS_CONFIG, String.valueOf(AlsParams.DEFAULT_ITERATIONS), "ALS iterations"),
            new Key(ALS_LAMBDA_CONFIG, String.valueOf(AlsParams.DEFAULT_LAMBDA), "ALS regularization lambda"),
            new Key(ALS_REGULARIZATION_CONFIG, AlsParams.DEFAULT_REGULARIZATION.name().toLowerCase(Locale.ROOT),
                    "how lambda scales per row: " + REGULARIZATION_CHOICES + " (see core AlsParams)"),
            new Key(ALS_ALPHA_CONFIG, String.valueOf(AlsParams.DEFAULT_ALPHA), "ALS confidence alpha: c = 1 + alpha*|preference|"),
            new Key(ALS_CG_STEPS_CONFIG, String.valueOf(AlsParams.DEFAULT_CG_STEPS), "CG steps per row solve (0 = Cholesky)"),
            new Key(ALS_SEED_CONFIG, String.valueOf(AlsParams.DEFAULT_SEED), "seed of the initial factors"),
            new Key(ALS_INIT_SCALE_CONFIG, String.valueOf(AlsParams.DEFAULT_INIT_SCALE), "scale of the initial factors"),
            new Key(ALS_COMPUTE_LOSS_CONFIG, String.valueOf(DEFAULT_ALS_COMPUTE_LOSS), "log the ALS loss each iteration (one extra pass)"),
            new Key(ALS_ENGINE_CONFIG, DEFAULT_ALS_ENGINE,
                    "who fits ALS: local (this JVM's CG solver) or spark (Spark MLlib; needs the spark-engine module, bin/train-spark)"),
            new Key(SPARK_MASTER_CONFIG, DEFAULT_SPARK_MASTER,
                    "Spark master URL of als.engine=spark: local[N], local[*], spark://host:port, yarn, k8s://https://host:port"),
            new Key(RATING_FACTORS_CONFIG, String.valueOf(RatingParams.DEFAULT_FACTORS), "rating predictor (biased MF, RMSE/MAE): latent factors"),
            new Key(RATING_ITERATIONS_CONFIG, String.valueOf(RatingParams.DEFAULT_ITERATIONS), "rating predictor: ALS sweeps"),
            new Key(RATING_LAMBDA_CONFIG, String.valueOf(RatingParams.DEFAULT_LAMBDA), "rating predictor: factor ridge, times the row's ratings"),
            new Key(RATING_BIAS_LAMBDA_CONFIG, String.valueOf(RatingParams.DEFAULT_BIAS_LAMBDA), "rating predictor and bias baseline: bias ridge (pseudo-ratings)"),
            new Key(RATING_SEED_CONFIG, String.valueOf(RatingParams.DEFAULT_SEED), "rating predictor: seed of the initial factors"),
            new Key(TUNE_MODEL_CONFIG, DEFAULT_TUNE_MODEL, "model kind whose validation NDCG@K tune maximises (tune --help lists the kinds)"),
            new Key(RUNS_STORE_CONFIG, DEFAULT_RUNS_STORE,
                    "SQLite runs store (every train, evaluate and tune trial); empty = " + RUNS_STORE_FILE + " in models.dir, "
                            + RUNS_STORE_OFF + " = off"),
            new Key(ALS_RECENCY_CONFIG, String.valueOf(DEFAULT_ALS_RECENCY),
                    "also evaluate als+recency: users re-solved by the decayed fold-in, c = w*(1 + alpha*|p|), w from recency.*"),
            new Key(ITEMITEM_ENABLED_CONFIG, String.valueOf(DEFAULT_ITEMITEM_ENABLED),
                    "fit, evaluate and write the item-to-item model (EASE closed form through OpenBLAS)"),
            new Key(ITEMITEM_LAMBDA_CONFIG, String.valueOf(DEFAULT_ITEMITEM_LAMBDA),
                    "EASE ridge lambda (> 0): absolute, or a multiple of mean diag(X^T X) (see itemitem.lambda.mode)"),
            new Key(ITEMITEM_LAMBDA_MODE_CONFIG, DEFAULT_ITEMITEM_LAMBDA_MODE,
                    "absolute, or relative (lambda x mean diag(X^T X), the mean interactions per item)"),
            new Key(ITEMITEM_NEIGHBOURS_CONFIG, String.valueOf(DEFAULT_ITEMITEM_NEIGHBOURS),
                    "M: neighbours kept per item in the serving form (B cut to each row's top M)"),
            new Key(ITEMITEM_SUPERLIKE_WEIGHT_CONFIG, String.valueOf(DEFAULT_ITEMITEM_SUPERLIKE_WEIGHT),
                    "x(+2): a superlike's value in X and in a scored history (a like is 1)"),
            new Key(ITEMITEM_DISLIKE_WEIGHT_CONFIG, String.valueOf(DEFAULT_ITEMITEM_DISLIKE_WEIGHT),
                    "x(-1) = x(-2): a dislike's value in X and in a scored history (<= 0; 0 ignores dislikes)"),
            new Key(ITEMITEM_MAX_DENSE_ITEMS_CONFIG, String.valueOf(DEFAULT_ITEMITEM_MAX_DENSE_ITEMS),
                    "cap of the dense n x n solve (8 n^2 bytes, O(n^3)); at most " + io.reelstream.trainer.itemitem.XtX.MAX_DENSE_N),
            new Key(ITEMITEM_SCALABLE_CONFIG, String.valueOf(DEFAULT_ITEMITEM_SCALABLE),
                    "beyond the cap: dense solve of the most-interacted items + sparse ridges for the rest (false: fail)"),
            new Key(ITEMITEM_SPARSE_CANDIDATES_CONFIG, String.valueOf(DEFAULT_ITEMITEM_SPARSE_CANDIDATES),
                    "K: head items each tail item's sparse ridge regresses on"),
            new Key(RECENCY_HALF_LIFE_SWIPES_CONFIG, DEFAULT_RECENCY_HALF_LIFE_SWIPES,
                    "recency half-life in swipes (> 0, or off): w = floor + (1-floor)*0.5^(age/h)*0.5^(days/h_days)"),
            new Key(RECENCY_FLOOR_CONFIG, String.valueOf(DEFAULT_RECENCY_FLOOR), "recency floor in [0, 1] (1 = no decay)"),
            new Key(RECENCY_HALF_LIFE_DAYS_CONFIG, DEFAULT_RECENCY_HALF_LIFE_DAYS, "recency half-life in days (> 0, or off)"),
            new Key(SERVING_KIND_CONFIG, DEFAULT_SERVING_KIND, "the model kind the run announces for serving: als, itemitem or blend"),
            new Key(BLEND_WEIGHT_CONFIG, String.valueOf(DEFAULT_BLEND_WEIGHT),
                    "blend weight beta in [0, 1]: score = (1-beta)*itemitem/max|itemitem| + beta*als/max|als| (0 = itemitem only, 1 = ALS only)"));

    /** The defaults alone. */
    public static TrainerConfig defaults() {
        return resolve(null, Map.of(), Map.of());
    }

    /** Defaults, then the file (may be null), then REELSTREAM_* env vars, then flags (key → value). */
    public static TrainerConfig resolve(Path file, Map<String, String> env, Map<String, String> flags) {
        Map<String, String> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        for (Key key : KEYS) {
            values.put(key.name(), key.defaultValue());
            origins.put(key.name(), "default");
        }
        if (file != null) {
            Properties props = readProperties(file);
            for (String name : props.stringPropertyNames()) {
                requireKnown(name, "config file " + file);
                values.put(name, props.getProperty(name).trim());
                origins.put(name, "file " + file);
            }
        }
        for (Key key : KEYS) {
            String v = env.get(key.envVar());
            if (v != null) {
                values.put(key.name(), v.trim());
                origins.put(key.name(), "env " + key.envVar());
            }
        }
        flags.forEach((name, v) -> {
            requireKnown(name, "flag");
            values.put(name, v.trim());
            origins.put(name, "flag");
        });
        return parse(values, origins);
    }

    /** This config with some keys replaced (origin "override"), e.g. for tests and the demo. */
    public TrainerConfig with(Map<String, String> overrides) {
        return with(overrides, "override");
    }

    public TrainerConfig with(String key, Object value) {
        return with(Map.of(key, String.valueOf(value)));
    }

    /** "key = value  (source)" lines, for the start of a run. */
    public String describe() {
        StringBuilder sb = new StringBuilder("configuration:");
        values.forEach((k, v) -> sb.append(System.lineSeparator()).append(String.format("  %-24s = %-22s (%s)", k, v, origins.get(k))));
        return sb.toString();
    }

    private static TrainerConfig parse(Map<String, String> values, Map<String, String> origins) {
        Parser p = new Parser(values, origins);
        int threads = p.get(THREADS_CONFIG, Integer::parseInt, "an integer >= 1", t -> t >= 1);
        AlsParams als = AlsParams.defaults()
                .withFactors(p.get(ALS_FACTORS_CONFIG, Integer::parseInt, "an integer >= 1", v -> v >= 1))
                .withIterations(p.get(ALS_ITERATIONS_CONFIG, Integer::parseInt, "an integer >= 0", v -> v >= 0))
                .withLambda(p.get(ALS_LAMBDA_CONFIG, Double::parseDouble, "a number >= 0", v -> v >= 0 && Double.isFinite(v)))
                .withRegularization(p.get(ALS_REGULARIZATION_CONFIG,
                        s -> AlsParams.Regularization.valueOf(s.toUpperCase(Locale.ROOT)), REGULARIZATION_CHOICES, v -> true))
                .withAlpha(p.get(ALS_ALPHA_CONFIG, Float::parseFloat, "a number >= 0", v -> v >= 0 && Float.isFinite(v)))
                .withCgSteps(p.get(ALS_CG_STEPS_CONFIG, Integer::parseInt, "an integer >= 0", v -> v >= 0))
                .withSeed(p.get(ALS_SEED_CONFIG, Long::parseLong, "an integer", v -> true))
                .withInitScale(p.get(ALS_INIT_SCALE_CONFIG, Double::parseDouble, "a number > 0", v -> v > 0 && Double.isFinite(v)))
                .withComputeLoss(p.bool(ALS_COMPUTE_LOSS_CONFIG))
                .withThreads(threads);
        p.get(ALS_ENGINE_CONFIG, s -> s, "an engine name such as local or spark", s -> s.matches("[a-z][a-z0-9-]*"));
        p.get(SPARK_MASTER_CONFIG, s -> s, "a Spark master URL such as local[2]", s -> !s.isBlank());
        boolean itemItemEnabled = p.bool(ITEMITEM_ENABLED_CONFIG);
        double superlike = p.get(ITEMITEM_SUPERLIKE_WEIGHT_CONFIG, Double::parseDouble, "a number > 0", v -> v > 0 && Double.isFinite(v));
        double dislike = p.get(ITEMITEM_DISLIKE_WEIGHT_CONFIG, Double::parseDouble, "a number <= 0", v -> v <= 0 && Double.isFinite(v));
        ItemItemParams itemItem = new ItemItemParams(
                p.get(ITEMITEM_LAMBDA_CONFIG, Double::parseDouble, "a number > 0", v -> v > 0 && Double.isFinite(v)),
                p.get(ITEMITEM_LAMBDA_MODE_CONFIG, s -> ItemItemParams.LambdaMode.valueOf(s.toUpperCase(Locale.ROOT)),
                        "relative or absolute", v -> true),
                p.get(ITEMITEM_NEIGHBOURS_CONFIG, Integer::parseInt, "an integer >= 1", v -> v >= 1),
                new PreferenceWeights((float) superlike, 1f, (float) dislike, (float) dislike),
                p.get(ITEMITEM_MAX_DENSE_ITEMS_CONFIG, Integer::parseInt,
                        "an integer in [1, " + io.reelstream.trainer.itemitem.XtX.MAX_DENSE_N + "]",
                        v -> v >= 1 && v <= io.reelstream.trainer.itemitem.XtX.MAX_DENSE_N),
                p.bool(ITEMITEM_SCALABLE_CONFIG),
                p.get(ITEMITEM_SPARSE_CANDIDATES_CONFIG, Integer::parseInt, "an integer >= 1", v -> v >= 1));
        RecencyWeights recency = new RecencyWeights(
                p.get(RECENCY_HALF_LIFE_SWIPES_CONFIG, TrainerConfig::halfLife, "a number > 0 or off", v -> v > 0),
                p.get(RECENCY_FLOOR_CONFIG, Double::parseDouble, "a number in [0, 1]", v -> v >= 0 && v <= 1),
                p.get(RECENCY_HALF_LIFE_DAYS_CONFIG, TrainerConfig::halfLife, "a number > 0 or off", v -> v > 0));
        ServingKind servingKind = p.get(SERVING_KIND_CONFIG, s -> ServingKind.valueOf(s.toUpperCase(Locale.ROOT)),
                "als, itemitem or blend", v -> true);
        double blendWeight = p.get(BLEND_WEIGHT_CONFIG, Double::parseDouble,
                "a number in [0, 1] (0 = item-to-item only, 1 = ALS only)", v -> v >= 0 && v <= 1);
        if (servingKind.needsItemItem() && !itemItemEnabled) {
            throw new ConfigException(SERVING_KIND_CONFIG + " = '" + servingKind.name().toLowerCase(Locale.ROOT) + "' (from "
                    + origins.get(SERVING_KIND_CONFIG) + ") needs "
                    + ITEMITEM_ENABLED_CONFIG + "=true (from " + origins.get(ITEMITEM_ENABLED_CONFIG) + "); set "
                    + SERVING_KIND_CONFIG + "=als or enable the item-to-item model");
        }
        return new TrainerConfig(
                Path.of(p.<String>get(DATA_DIR_CONFIG, s -> s, "a directory path", s -> !s.isBlank())),
                Path.of(p.<String>get(MODELS_DIR_CONFIG, s -> s, "a directory path", s -> !s.isBlank())),
                p.bool(SKIP_BAD_LINES_CONFIG),
                p.get(SPLIT_MODE_CONFIG, SplitMode::parse, "temporal or last1", v -> true),
                p.bool(SPLIT_FINAL_CONFIG),
                p.bool(CORE_FILTER_CONFIG),
                p.get(CORE_MIN_USER_CONFIG, Integer::parseInt, "an integer >= 1", v -> v >= 1),
                p.get(CORE_MIN_ITEM_CONFIG, Integer::parseInt, "an integer >= 1", v -> v >= 1),
                p.get(POPULARITY_M_CONFIG, Double::parseDouble, "a number >= 0", v -> v >= 0 && Double.isFinite(v)),
                p.get(CONTENT_NEIGHBOURS_CONFIG, Integer::parseInt, "an integer >= 1", v -> v >= 1),
                p.get(CONTENT_SIMILARITY_CONFIG, Similarity::parse, "cosine or jaccard", v -> true),
                p.bool(EVAL_ENABLED_CONFIG),
                p.get(EVAL_K_CONFIG, Integer::parseInt, "an integer >= 1", v -> v >= 1),
                p.get(EVAL_MAX_USERS_CONFIG, Integer::parseInt, "an integer >= 0 (0 = all users)", v -> v >= 0),
                p.get(EVAL_SEED_CONFIG, Long::parseLong, "an integer", v -> true),
                threads, als,
                new RatingParams(
                        p.get(RATING_FACTORS_CONFIG, Integer::parseInt, "an integer >= 1", v -> v >= 1),
                        p.get(RATING_ITERATIONS_CONFIG, Integer::parseInt, "an integer >= 0", v -> v >= 0),
                        p.get(RATING_LAMBDA_CONFIG, Double::parseDouble, "a number >= 0", v -> v >= 0 && Double.isFinite(v)),
                        p.get(RATING_BIAS_LAMBDA_CONFIG, Double::parseDouble, "a number >= 0", v -> v >= 0 && Double.isFinite(v)),
                        p.get(RATING_SEED_CONFIG, Long::parseLong, "an integer", v -> true)),
                p.get(TUNE_MODEL_CONFIG, s -> s.trim().toLowerCase(Locale.ROOT), "a model kind such as als", s -> s.matches("[a-z][a-z0-9_-]*")),
                runsStore(p.get(RUNS_STORE_CONFIG, s -> s.trim(), "a file path, empty or " + RUNS_STORE_OFF, s -> true),
                        Path.of(values.get(MODELS_DIR_CONFIG))),
                itemItemEnabled, itemItem, recency, servingKind, p.bool(ALS_RECENCY_CONFIG), blendWeight,
                java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values)), Map.copyOf(origins));
    }

    /** The ALS engine's name (als.engine): local, or an engine plugged in through trainer AlsEngines. */
    public String alsEngine() {
        return values.get(ALS_ENGINE_CONFIG);
    }

    /** Where a key's value came from: default, file ..., env ..., flag, override or an engine's default. */
    public String origin(String key) {
        requireKnown(key, "origin lookup");
        return origins.get(key);
    }

    /** This config with keys replaced and their origin named (an engine filling in the settings it needs). */
    public TrainerConfig with(Map<String, String> overrides, String origin) {
        Map<String, String> v = new LinkedHashMap<>(values);
        Map<String, String> o = new LinkedHashMap<>(origins);
        overrides.forEach((name, value) -> {
            requireKnown(name, origin);
            v.put(name, value);
            o.put(name, origin);
        });
        return parse(v, o);
    }

    /** The runs store's file: the key's path, runs.db in the models directory when empty, null when off. */
    private static Path runsStore(String value, Path modelsDir) {
        if (value.isEmpty()) return modelsDir.resolve(RUNS_STORE_FILE);
        if (value.equalsIgnoreCase(RUNS_STORE_OFF)) return null;
        return Path.of(value);
    }

    /** A half-life: a number (> 0 checked by the caller) or off / inf / infinity for no decay. */
    private static double halfLife(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        if (v.equals("off") || v.equals("inf") || v.equals("infinity")) return Double.POSITIVE_INFINITY;
        double d = Double.parseDouble(v);
        if (Double.isNaN(d)) throw new NumberFormatException("NaN");
        return d;
    }

    private static void requireKnown(String name, String where) {
        if (KEYS.stream().noneMatch(k -> k.name().equals(name))) {
            throw new ConfigException("unknown config key '" + name + "' in " + where + "; known keys: "
                    + String.join(", ", KEYS.stream().map(Key::name).toList()));
        }
    }

    private static Properties readProperties(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("config file " + file + " does not exist; pass --config with a .properties file");
        }
        Properties props = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(reader);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
        }
        return props;
    }

    /** Typed reads that name the key and its source on failure. */
    private record Parser(Map<String, String> values, Map<String, String> origins) {
        <T> T get(String key, Function<String, T> parse, String expected, java.util.function.Predicate<T> valid) {
            String raw = values.get(key);
            T value;
            try {
                value = parse.apply(raw);
            } catch (RuntimeException e) {
                throw bad(key, raw, expected);
            }
            if (!valid.test(value)) throw bad(key, raw, expected);
            return value;
        }

        boolean bool(String key) {
            String raw = values.get(key);
            if (raw.equalsIgnoreCase("true")) return true;
            if (raw.equalsIgnoreCase("false")) return false;
            throw bad(key, raw, "true or false");
        }

        private ConfigException bad(String key, String raw, String expected) {
            return new ConfigException(key + " = '" + raw + "' (from " + origins.get(key) + ") is invalid: expected " + expected);
        }
    }
}
