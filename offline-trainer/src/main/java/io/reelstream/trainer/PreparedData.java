package io.reelstream.trainer;

import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.io.Dataset;
import io.reelstream.trainer.io.MovieLensLoader;
import io.reelstream.trainer.rating.RatingTriples;
import io.reelstream.trainer.split.CoreFilter;
import io.reelstream.trainer.split.FittedData;
import io.reelstream.trainer.split.HeldOut;
import io.reelstream.trainer.split.SplitPlan;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data stages of a run, apart from the models: {@link #load} reads (and core-filters) the
 * ratings once, {@link #split} cuts them as PROTOCOL.md says. {@link TrainingPipeline} does both
 * per run; the tuner loads once and splits twice (validation for its trials, final for the refit).
 */
public final class PreparedData {
    private static final Logger LOG = LoggerFactory.getLogger(PreparedData.class);

    private PreparedData() {}

    /** Ratings as loaded and filtered: what {@link TrainerConfig#dataDir()}, skip-bad-lines and the core filter decide. */
    public record Loaded(Dataset data, CoreFilter.Result filter, long loadMs, long filterMs, Map<String, String> dataKeys) {
        /** The run's data fingerprint: SHA-256 over the input files' SHA-256 lines. */
        public String fingerprint() {
            return TrainingPipeline.fingerprint(data.sha256ByFile());
        }
    }

    /** One split of the loaded ratings: what a model is fitted on and what is scored. */
    public record Split(Loaded loaded, SplitPlan plan, FittedData fitted, HeldOut heldOut, long splitMs) {
        /** The fitted rows' ratings (stars) over the fitted users' and items' dense indices. */
        public RatingTriples fittedRatings() {
            int n = fitted.nnz();
            int[] user = fitted.userOfEntries();
            float[] value = new float[n];
            for (int j = 0; j < n; j++) value[j] = fitted.ratings().rating(fitted.sourceRow(j));
            return new RatingTriples(fitted.userCount(), fitted.itemCount(), user, fitted.itemOfEntries().clone(), value);
        }

        /** Every rating of the scored slice (liked or not); users or movies absent from the fitted data map to -1. */
        public RatingTriples scoredRatings() {
            var ratings = loaded.data().ratings();
            var scored = plan.scored();
            int count = 0;
            for (int r = 0; r < ratings.size(); r++) if (scored.test(r)) count++;
            int[] user = new int[count];
            int[] item = new int[count];
            float[] value = new float[count];
            int j = 0;
            for (int r = 0; r < ratings.size(); r++) {
                if (!scored.test(r)) continue;
                user[j] = fitted.users().indexOf(ratings.user(r));
                item[j] = fitted.items().indexOf(ratings.movie(r));
                value[j++] = ratings.rating(r);
            }
            return new RatingTriples(fitted.userCount(), fitted.itemCount(), user, item, value);
        }
    }

    /** Loads config.dataDir() and applies the core filter when it is on. */
    public static Loaded load(TrainerConfig config, PipelineListener listener) {
        PipelineListener l = listener == null ? PipelineListener.NONE : listener;
        l.onStage("load");
        long t = System.nanoTime();
        Dataset data = MovieLensLoader.load(config.dataDir(), config.skipBadLines(), l::onLoadProgress);
        long loadMs = ms(t);
        LOG.info("loaded {} ratings of {} movies from {} ({} layout)", data.ratings().size(), data.movies().size(),
                config.dataDir(), data.layout().name().toLowerCase());
        if (data.issues().total() > 0) LOG.warn(data.issues().summary());

        CoreFilter.Result filter = null;
        long filterMs = 0;
        if (config.coreFilter()) {
            l.onStage("filter");
            t = System.nanoTime();
            filter = CoreFilter.apply(data.ratings(), config.coreMinUser(), config.coreMinItem());
            filterMs = ms(t);
            LOG.info("core filter ON (min {} per user, {} per movie): {} → {} ratings in {} rounds", config.coreMinUser(),
                    config.coreMinItem(), filter.before(), filter.after(), filter.rounds());
        } else {
            LOG.info("core filter OFF");
        }
        Map<String, String> keys = new java.util.LinkedHashMap<>();
        for (String key : DATA_KEYS) keys.put(key, config.values().get(key));
        return new Loaded(data, filter, loadMs, filterMs, java.util.Collections.unmodifiableMap(keys));
    }

    /** The split config.splitMode() / config.finalEvaluation() ask for. O(n log n). */
    public static Split split(Loaded loaded, TrainerConfig config, PipelineListener listener) {
        (listener == null ? PipelineListener.NONE : listener).onStage("split");
        long t = System.nanoTime();
        var ratings = loaded.data().ratings();
        SplitPlan plan = SplitPlan.of(ratings, config.splitMode(), config.finalEvaluation());
        FittedData fitted = FittedData.of(ratings, plan.fitted());
        HeldOut heldOut = HeldOut.of(ratings, plan.scored());
        long splitMs = ms(t);
        LOG.info("{}: train {}, validation {}, test {} ratings; fitted {} users × {} movies, {} interactions; {} scored users",
                plan.describe(), plan.train(), plan.validation(), plan.test(), fitted.userCount(), fitted.itemCount(),
                fitted.nnz(), heldOut.users());
        return new Split(loaded, plan, fitted, heldOut, splitMs);
    }

    /** Whether loaded was read with the data keys of this config (the tuner reuses one Loaded for many configs). */
    public static boolean sameData(Loaded loaded, TrainerConfig config) {
        for (String key : DATA_KEYS) {
            if (!loaded.dataKeys().get(key).equals(config.values().get(key))) return false;
        }
        return true;
    }

    /** The keys that decide what {@link #load} returns. */
    public static final java.util.List<String> DATA_KEYS = java.util.List.of(TrainerConfig.DATA_DIR_CONFIG,
            TrainerConfig.SKIP_BAD_LINES_CONFIG, TrainerConfig.CORE_FILTER_CONFIG, TrainerConfig.CORE_MIN_USER_CONFIG,
            TrainerConfig.CORE_MIN_ITEM_CONFIG);

    static Map<String, Long> timings(Loaded loaded) {
        return loaded.filter() == null ? Map.of("loadMs", loaded.loadMs())
                : Map.of("loadMs", loaded.loadMs(), "filterMs", loaded.filterMs());
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
