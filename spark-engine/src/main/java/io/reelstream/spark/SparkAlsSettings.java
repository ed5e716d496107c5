package io.reelstream.spark;

import io.reelstream.core.als.AlsParams;
import io.reelstream.trainer.config.ConfigException;
import io.reelstream.trainer.config.TrainerConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.recommendation.ALS;

/**
 * Our implicit-ALS hyperparameters as Spark MLlib's {@link ALS} takes them. Both fit the same model
 * (Hu, Koren and Volinsky 2008) with the same confidence and target for a swipe of preference
 * p ∈ {−2, −1, +1, +2}, because the preference itself is Spark's "rating":
 * <pre>
 *   ours:   c = 1 + α·|p|,  target = [p &gt; 0]
 *   Spark:  c = 1 + α·|r|,  target = [r &gt; 0]        (ALS.computeFactors, implicitPrefs = true)
 * </pre>
 * Exactly mapped: factors → rank, iterations → maxIter, α → alpha, seed → seed, implicitPrefs = true,
 * nonnegative = false. The ridge is where they differ. Spark always scales its regParam by the row's
 * count of <em>positive</em> entries (ALS-WR): λ_row = regParam·n⁺. Our FREQUENCY rule is λ·n with n
 * every observed entry, dislikes too; so FREQUENCY λ maps to regParam = λ, and the two ridges are equal
 * on rows without dislikes and smaller in Spark on rows with some. Our CONSTANT (λ) and RELATIVE
 * (λ·tr(FᵀF)/k·√n, the shipped default) have no Spark counterpart and are refused; when neither the
 * rule nor λ was set, the Spark engine fits FREQUENCY with {@link #DEFAULT_FREQUENCY_LAMBDA} and says so
 * in the printed config. Not mapped: cgSteps (Spark solves every row exactly, by Cholesky in double),
 * initScale (Spark starts from unit-norm Gaussian rows), threads (a local master's N is the parallelism).
 * Spark also updates items first in each iteration, then users; we update users first.
 */
public record SparkAlsSettings(int rank, int maxIter, double regParam, double alpha, long seed) {
    /**
     * FREQUENCY λ the Spark engine uses when the config leaves the ridge at its default: the best of
     * Spark's fits (k 64, α 15, 15 iterations) on ml-latest-small's validation slice over
     * λ ∈ {0.01, 0.03, 0.1, 0.3, 1, 3, 10}, NDCG@10 0.070, 0.071, 0.073, 0.076, 0.078, 0.084, 0.066
     * (README, "Training on Spark"). Spark's own default regParam, 0.1, scored 0.073.
     */
    public static final double DEFAULT_FREQUENCY_LAMBDA = 3.0;
    /** Origin of keys the engine fills in, as the printed config shows it. */
    public static final String ENGINE_DEFAULT_ORIGIN = "engine spark default";

    /**
     * The config the Spark engine fits with: unchanged under FREQUENCY; FREQUENCY with
     * {@link #DEFAULT_FREQUENCY_LAMBDA} when regularization and λ are both at their defaults; otherwise
     * a ConfigException naming the keys and what to set.
     */
    public static TrainerConfig settle(TrainerConfig config) {
        String rule = TrainerConfig.ALS_REGULARIZATION_CONFIG;
        String lambda = TrainerConfig.ALS_LAMBDA_CONFIG;
        AlsParams.Regularization regularization = config.als().regularization();
        if (regularization == AlsParams.Regularization.FREQUENCY) return config;
        if ("default".equals(config.origin(rule)) && "default".equals(config.origin(lambda))) {
            return config.with(Map.of(rule, "frequency", lambda, String.valueOf(DEFAULT_FREQUENCY_LAMBDA)), ENGINE_DEFAULT_ORIGIN);
        }
        throw new ConfigException(rule + " = '" + regularization.name().toLowerCase(java.util.Locale.ROOT) + "' (from "
                + config.origin(rule) + ") and " + lambda + " = " + config.als().lambda() + " (from " + config.origin(lambda)
                + ") have no Spark counterpart: Spark's ALS scales its ridge by each row's positive entries (lambda * n+)."
                + " Set " + rule + "=frequency with a lambda for that rule (e.g. --set " + rule + "=frequency --lambda "
                + DEFAULT_FREQUENCY_LAMBDA + "), or leave both unset for that default");
    }

    /** The Spark settings of settled parameters (FREQUENCY only: {@link #settle} ran first). */
    public static SparkAlsSettings of(AlsParams params) {
        if (params.regularization() != AlsParams.Regularization.FREQUENCY) {
            throw new IllegalStateException("the Spark engine fits FREQUENCY regularization only, got " + params.regularization()
                    + "; SparkAlsSettings.settle should have refused this config");
        }
        return new SparkAlsSettings(params.factors(), params.iterations(), params.lambda(), params.alpha(), params.seed());
    }

    /** Spark's estimator for these settings, reading columns user, item and rating. */
    public ALS estimator() {
        return new ALS()
                .setImplicitPrefs(true)
                .setRank(rank)
                .setMaxIter(maxIter)
                .setRegParam(regParam)
                .setAlpha(alpha)
                .setSeed(seed)
                .setNonnegative(false)
                .setUserCol(InteractionChunks.USER_COLUMN)
                .setItemCol(InteractionChunks.ITEM_COLUMN)
                .setRatingCol(InteractionChunks.RATING_COLUMN);
    }

    /** What the run's manifest records: Spark's settings and how each of our keys reached them. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("rank", rank);
        d.put("maxIter", maxIter);
        d.put("regParam", regParam);
        d.put("alpha", alpha);
        d.put("seed", seed);
        d.put("implicitPrefs", true);
        d.put("nonnegative", false);
        d.put("rating", "the swipe's preference (-2, -1, +1, +2): c = 1 + alpha*|p|, target [p > 0], as ours");
        d.put("ridge", "regParam * n+ per row (positive entries only); ours (frequency) lambda * n over every entry");
        d.put("solver", "Cholesky per row, double precision (als.cg.steps and als.init.scale do not apply)");
        return d;
    }
}
