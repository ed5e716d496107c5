package io.reelstream.trainer.cli;

import io.reelstream.trainer.config.TrainerConfig;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * Flags shared by train and evaluate. Each flag sets one {@link TrainerConfig} key and wins over
 * the properties file (--config) and REELSTREAM_* environment variables; --set covers every key.
 */
final class ConfigOptions {
    @Option(names = "--config", paramLabel = "FILE", description = "Properties file of config keys (see --set).")
    Path configFile;

    @Option(names = "--data", paramLabel = "DIR", description = "MovieLens directory (ratings.csv, ratings.dat, u.data or ratings.parquet) or a .parquet ratings file."
            + " Key data.dir, default "
            + TrainerConfig.DEFAULT_DATA_DIR + ".")
    Path data;

    @Option(names = "--models", paramLabel = "DIR", description = "Models directory for run_<ts>/ and LATEST. Key models.dir, default "
            + TrainerConfig.DEFAULT_MODELS_DIR + ".")
    Path models;

    @Option(names = "--skip-bad-lines", description = "Skip bad input lines and print a count per reason instead of failing.")
    Boolean skipBadLines;

    @Option(names = "--split", paramLabel = "MODE", description = "temporal (80/10/10 per user, default) or last1.")
    String split;

    @Option(names = "--final", description = "Fit on train+validation and score on test (default: fit on train, score validation).")
    Boolean finalEvaluation;

    @Option(names = "--core-filter", description = "Iterative k-core filter before the split (off by default).")
    Boolean coreFilter;

    @Option(names = "--min-user-ratings", paramLabel = "N", description = "Core filter: min ratings per user (default "
            + TrainerConfig.DEFAULT_CORE_MIN_USER + ").")
    Integer minUser;

    @Option(names = "--min-movie-ratings", paramLabel = "N", description = "Core filter: min ratings per movie (default "
            + TrainerConfig.DEFAULT_CORE_MIN_ITEM + ").")
    Integer minItem;

    @Option(names = "--popularity-m", paramLabel = "M", description = "Popularity prior weight m (default 20).")
    Double popularityM;

    @Option(names = "--similarity", paramLabel = "KIND", description = "Content similarity: cosine (default) or jaccard.")
    String similarity;

    @Option(names = "--content-neighbours", paramLabel = "N", description = "Content neighbours kept per movie (default "
            + TrainerConfig.DEFAULT_CONTENT_NEIGHBOURS + ").")
    Integer contentNeighbours;

    @Option(names = {"-k", "--k"}, paramLabel = "K", description = "K of the metrics at K (default 10).")
    Integer k;

    @Option(names = "--max-eval-users", paramLabel = "N", description = "Evaluate a seeded sample of N users (default 0 = all).")
    Integer maxEvalUsers;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: available processors).")
    Integer threads;

    @Option(names = "--factors", paramLabel = "K", description = "ALS latent factors.")
    Integer factors;

    @Option(names = "--iterations", paramLabel = "N", description = "ALS iterations.")
    Integer iterations;

    @Option(names = "--lambda", paramLabel = "L", description = "ALS regularization lambda.")
    Double lambda;

    @Option(names = "--alpha", paramLabel = "A", description = "ALS confidence alpha (c = 1 + alpha*|preference|).")
    Double alpha;

    @Option(names = "--cg-steps", paramLabel = "N", description = "CG steps per row solve (0 = Cholesky).")
    Integer cgSteps;

    @Option(names = "--seed", paramLabel = "S", description = "Seed of the ALS initial factors.")
    Long seed;

    @Option(names = "--engine", paramLabel = "NAME", description = "Who fits ALS: local (default, this JVM) or spark (Spark MLlib;"
            + " run through bin/train-spark or spark-submit). Key als.engine.")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master of --engine spark: local[N] (default local[2]),"
            + " local[*], spark://host:port, yarn, k8s://https://host:port. Key spark.master.")
    String master;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any config key, e.g. --set als.regularization=constant (keys listed below).")
    Map<String, String> set = new LinkedHashMap<>();

    @Option(names = "--no-progress", description = "No progress bars (logs only).")
    boolean noProgress;

    /** The config: defaults < --config file < REELSTREAM_* env < flags. */
    TrainerConfig resolve(Map<String, String> env) {
        Map<String, String> flags = new LinkedHashMap<>(set);
        put(flags, TrainerConfig.DATA_DIR_CONFIG, data);
        put(flags, TrainerConfig.MODELS_DIR_CONFIG, models);
        put(flags, TrainerConfig.SKIP_BAD_LINES_CONFIG, skipBadLines);
        put(flags, TrainerConfig.SPLIT_MODE_CONFIG, split);
        put(flags, TrainerConfig.SPLIT_FINAL_CONFIG, finalEvaluation);
        put(flags, TrainerConfig.CORE_FILTER_CONFIG, coreFilter);
        put(flags, TrainerConfig.CORE_MIN_USER_CONFIG, minUser);
        put(flags, TrainerConfig.CORE_MIN_ITEM_CONFIG, minItem);
        put(flags, TrainerConfig.POPULARITY_M_CONFIG, popularityM);
        put(flags, TrainerConfig.CONTENT_SIMILARITY_CONFIG, similarity);
        put(flags, TrainerConfig.CONTENT_NEIGHBOURS_CONFIG, contentNeighbours);
        put(flags, TrainerConfig.EVAL_K_CONFIG, k);
        put(flags, TrainerConfig.EVAL_MAX_USERS_CONFIG, maxEvalUsers);
        put(flags, TrainerConfig.THREADS_CONFIG, threads);
        put(flags, TrainerConfig.ALS_FACTORS_CONFIG, factors);
        put(flags, TrainerConfig.ALS_ITERATIONS_CONFIG, iterations);
        put(flags, TrainerConfig.ALS_LAMBDA_CONFIG, lambda);
        put(flags, TrainerConfig.ALS_ALPHA_CONFIG, alpha);
        put(flags, TrainerConfig.ALS_CG_STEPS_CONFIG, cgSteps);
        put(flags, TrainerConfig.ALS_SEED_CONFIG, seed);
        put(flags, TrainerConfig.ALS_ENGINE_CONFIG, engine);
        put(flags, TrainerConfig.SPARK_MASTER_CONFIG, master);
        return TrainerConfig.resolve(configFile, env, flags);
    }

    private static void put(Map<String, String> flags, String key, Object value) {
        if (value != null) flags.put(key, String.valueOf(value));
    }
}
