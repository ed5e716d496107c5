package io.reelstream.trainer;

import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.Interactions;
import io.reelstream.core.model.ModelRunLayout;
import io.reelstream.trainer.artifacts.RunDirectory;
import io.reelstream.trainer.artifacts.RunWriter;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.content.ContentFeatures;
import io.reelstream.trainer.content.ContentNeighbours;
import io.reelstream.trainer.content.ContentRecommender;
import io.reelstream.trainer.engine.AlsEngine;
import io.reelstream.trainer.engine.AlsEngines;
import io.reelstream.trainer.eval.AlsRecencyRecommender;
import io.reelstream.trainer.eval.AlsRecommender;
import io.reelstream.trainer.eval.BlendRecommender;
import io.reelstream.trainer.eval.DenseItemItemRecommender;
import io.reelstream.trainer.eval.EvaluationReport;
import io.reelstream.trainer.eval.Evaluator;
import io.reelstream.trainer.eval.ItemItemRecommender;
import io.reelstream.trainer.eval.ModelEvaluation;
import io.reelstream.trainer.eval.RecommenderModel;
import io.reelstream.trainer.io.Dataset;
import io.reelstream.trainer.itemitem.ItemItemFit;
import io.reelstream.trainer.itemitem.ItemItemModel;
import io.reelstream.trainer.popularity.PopularityModel;
import io.reelstream.trainer.popularity.PopularityRecommender;
import io.reelstream.trainer.rating.RatingErrors;
import io.reelstream.trainer.split.ChronologicalHistory;
import io.reelstream.trainer.split.CoreFilter;
import io.reelstream.trainer.split.FittedData;
import io.reelstream.trainer.split.HeldOut;
import io.reelstream.trainer.split.Slice;
import io.reelstream.trainer.split.SplitPlan;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The trainer end to end: load → (core filter) → split → popularity, content, implicit ALS, item-to-item →
 * evaluation → run directory → LATEST. LATEST moves only after every file of the run is written;
 * a run that fails is deleted and leaves LATEST as it was. Used by the CLI's train and evaluate
 * commands and by the one-command demo ({@link #train(Path, TrainerConfig)}).
 */
public final class TrainingPipeline {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingPipeline.class);

    private final TrainerConfig config;
    private final PipelineListener listener;
    private final PreparedData.Loaded preloaded;
    private final Map<String, Long> timingsMs = new LinkedHashMap<>();
    private final List<Map<String, Object>> alsIterations = new ArrayList<>();
    /** How the ALS factors were fitted (engine, solver, version), for the manifest. */
    private Map<String, Object> alsEngineDetails = Map.of();
    /** What the item-to-item model's top-M cut cost on the scored slice (dense vs serving NDCG), once evaluated. */
    private Map<String, Object> itemItemCut;

    /**
     * The outcome: the run directory (null when only evaluating), the ranking evaluation, the
     * rating-prediction errors (RMSE/MAE), both as printed, and the manifest.
     */
    public record Result(Path runDir, List<ModelEvaluation> evaluations, List<RatingErrors> ratingErrors, String table,
                         Map<String, Object> manifest) {}

    public TrainingPipeline(TrainerConfig config, PipelineListener listener) {
        this(config, listener, null);
    }

    /**
     * A pipeline on ratings already loaded with this config's data keys (the tuner loads once for
     * all its trials and the refit); null loads them.
     */
    public TrainingPipeline(TrainerConfig config, PipelineListener listener, PreparedData.Loaded preloaded) {
        this.config = AlsEngines.settle(config); // the ALS engine's keys fail here, before any data is read
        this.listener = listener == null ? PipelineListener.NONE : listener;
        this.preloaded = preloaded;
    }

    /** Trains from dataDir with config, writes models/run_<ts>/, marks LATEST; returns the run dir. */
    public static Path train(Path dataDir, TrainerConfig config) {
        TrainerConfig withData = config.with(TrainerConfig.DATA_DIR_CONFIG, dataDir.toString());
        return new TrainingPipeline(withData, PipelineListener.NONE).train().runDir();
    }

    /** Fits, evaluates (unless eval.enabled=false), writes the run and marks it LATEST. */
    public Result train() {
        Fitted f = fit();
        List<ModelEvaluation> evaluations = config.evaluate() ? evaluate(f) : List.of();
        List<RatingErrors> ratingErrors = config.evaluate() ? evaluateRatings(f) : List.of();
        String table = evaluations.isEmpty() ? "" : tables(evaluations, ratingErrors, f);
        if (!table.isEmpty()) logInfo(listener.showsEvaluationTable(), "\n{}", table);
        Instant started = Instant.now();
        Path run;
        try {
            run = RunDirectory.create(config.modelsDir(), started);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory under " + config.modelsDir() + ": " + e.getMessage(), e);
        }
        try {
            long t0 = System.nanoTime();
            stage("write:" + ModelRunLayout.ITEM_FACTORS);
            RunWriter.writeFactors(run, f.fitted, f.als);
            stage("write:" + ModelRunLayout.ITEMS);
            RunWriter.writeItems(run, f.fitted, f.data.movies());
            stage("write:" + ModelRunLayout.POPULARITY);
            RunWriter.writePopularity(run, f.fitted, f.popularity);
            stage("write:" + ModelRunLayout.CONTENT_NEIGHBOURS);
            RunWriter.writeContentNeighbours(run, f.fitted, f.neighbours);
            stage("write:" + ModelRunLayout.INTERACTIONS);
            RunWriter.writeInteractions(run, f.fitted);
            if (f.itemItem != null) {
                stage("write:" + ModelRunLayout.ITEM_NEIGHBOURS);
                RunWriter.writeItemNeighbours(run, f.fitted, f.itemItem.model().serving());
            }
            if (!evaluations.isEmpty()) {
                stage("write:" + EvaluationReport.PER_USER_CSV);
                EvaluationReport.write(run, evaluations, ratingErrors, evaluationContext(f));
            }
            timingsMs.put("writeMs", (System.nanoTime() - t0) / 1_000_000);
            stage("write:" + ModelRunLayout.MANIFEST);
            Map<String, Object> manifest = manifest(run, f, evaluations, ratingErrors);
            RunWriter.writeManifest(run, manifest);
            stage("latest");
            ModelRunLayout.markLatest(config.modelsDir(), run);
            LOG.info("run written to {} and marked LATEST", run);
            return new Result(run, evaluations, ratingErrors, table, manifest);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(run, e);
            if (e instanceof IOException io) throw new UncheckedIOException("writing run " + run + " failed: " + io.getMessage(), io);
            throw (RuntimeException) e;
        }
    }

    /** Fits and evaluates without writing a run; writes the per-user CSV and summary JSON to reportDir if not null. */
    public Result evaluateOnly(Path reportDir) {
        Fitted f = fit();
        List<ModelEvaluation> evaluations = evaluate(f);
        List<RatingErrors> ratingErrors = evaluateRatings(f);
        String table = tables(evaluations, ratingErrors, f);
        logInfo(listener.showsEvaluationTable(), "\n{}", table);
        if (reportDir != null) {
            try {
                EvaluationReport.write(reportDir, evaluations, ratingErrors, evaluationContext(f));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the evaluation report to " + reportDir + ": " + e.getMessage(), e);
            }
        }
        return new Result(null, evaluations, ratingErrors, table, manifest(null, f, evaluations, ratingErrors));
    }

    /** Everything fitted from the data. */
    private record Fitted(Dataset data, CoreFilter.Result filter, SplitPlan plan, FittedData fitted, HeldOut heldOut,
                          PopularityModel popularity, ContentFeatures features, ContentNeighbours neighbours, AlsModel als,
                          PreparedData.Split split, ChronologicalHistory history, ItemItemFit.Result itemItem) {}

    private Fitted fit() {
        PreparedData.Loaded loaded = preloaded;
        if (loaded == null) {
            loaded = PreparedData.load(config, listener);
        } else {
            if (!PreparedData.sameData(loaded, config)) {
                throw new IllegalArgumentException("the preloaded ratings were read with " + loaded.dataKeys()
                        + ", not with this run's data keys");
            }
            LOG.info("reusing the {} ratings loaded from {}", loaded.data().ratings().size(), config.dataDir());
        }
        timingsMs.putAll(PreparedData.timings(loaded));
        PreparedData.Split split = PreparedData.split(loaded, config, listener);
        timingsMs.put("splitMs", split.splitMs());
        Dataset data = loaded.data();
        CoreFilter.Result filter = loaded.filter();
        SplitPlan plan = split.plan();
        FittedData fitted = split.fitted();
        HeldOut heldOut = split.heldOut();
        long t;

        if (config.itemItemEnabled()) ItemItemFit.checkCapacity(fitted.itemCount(), config.itemItem()); // before hours of fitting

        stage("popularity");
        t = System.nanoTime();
        PopularityModel popularity = PopularityModel.fit(fitted, config.popularityM());
        timingsMs.put("popularityMs", ms(t));

        stage("content");
        t = System.nanoTime();
        ContentFeatures features = ContentFeatures.of(fitted.items(), data.movies());
        ContentNeighbours neighbours = ContentNeighbours.compute(features, config.contentSimilarity(),
                Math.min(config.contentNeighbours(), Math.max(1, fitted.itemCount() - 1)), config.threads());
        timingsMs.put("contentMs", ms(t));
        LOG.info("content: {} features ({} genre flags + year), {} {} neighbours per movie", features.vocabulary().size() + 1,
                features.vocabulary().size(), neighbours.k(), config.contentSimilarity().name().toLowerCase());

        stage("als");
        t = System.nanoTime();
        Interactions csr = Interactions.fromTriples(fitted.userCount(), fitted.itemCount(), fitted.userOfEntries(),
                fitted.itemOfEntries(), fitted.preferenceOfEntries());
        int iterations = config.als().iterations();
        AlsEngine engine = AlsEngines.of(config);
        AlsEngine.Fit alsFit = engine.fit(csr, config, (iteration, loss, nanos) -> {
            logInfo(listener.showsAlsIterations(), "ALS iteration {}/{}: loss {} in {} ms", iteration, iterations,
                    Double.isNaN(loss) ? "n/a" : String.format("%.4e", loss), nanos / 1_000_000);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("iteration", iteration);
            row.put("loss", Double.isNaN(loss) ? null : loss);
            row.put("ms", nanos / 1_000_000);
            alsIterations.add(row);
            listener.onAlsIteration(iteration, iterations, loss, nanos);
        });
        AlsModel als = alsFit.model();
        alsEngineDetails = alsFit.details();
        timingsMs.put("alsMs", ms(t));

        ChronologicalHistory history = ChronologicalHistory.of(fitted);
        ItemItemFit.Result itemItem = null;
        if (config.itemItemEnabled()) {
            stage("itemitem");
            t = System.nanoTime();
            itemItem = ItemItemFit.fit(fitted, config.itemItem(), config.threads());
            timingsMs.put("itemitemMs", ms(t));
            if (!config.evaluate()) itemItem.model().releaseDense(); // kept only to measure the cut
        }
        return new Fitted(data, filter, plan, fitted, heldOut, popularity, features, neighbours, als, split, history,
                itemItem);
    }

    private List<ModelEvaluation> evaluate(Fitted f) {
        stage("evaluate");
        long t = System.nanoTime();
        Evaluator evaluator = new Evaluator(f.fitted, f.heldOut, f.features.genreMasks(), config.evalK(), config.threads());
        int[] users = Evaluator.selectUsers(f.heldOut.users(), config.evalMaxUsers(), config.evalSeed());
        List<RecommenderModel> models = new ArrayList<>(List.of(new AlsRecommender(f.als), new PopularityRecommender(f.popularity),
                new ContentRecommender(f.fitted, f.neighbours)));
        if (f.itemItem != null) {
            models.add(new ItemItemRecommender(ItemItemRecommender.NAME, f.itemItem.model().serving(), f.history,
                    config.itemItem().weights(), config.recency(), f.popularity.ranking()));
            models.add(new BlendRecommender(f.als, config.als(), f.itemItem.model().serving(), f.history,
                    config.itemItem().weights(), config.recency(), config.blendWeight(), f.popularity.ranking()));
        }
        if (config.alsRecency()) models.add(new AlsRecencyRecommender(f.als, config.als(), f.history, config.recency()));
        List<ModelEvaluation> results = evaluator.evaluate(models, users);
        if (f.itemItem != null) measureCut(f, evaluator, users, results);
        timingsMs.put("evaluateMs", ms(t));
        return results;
    }

    /** RMSE and MAE of the bias baseline and the biased MF, fitted on the fitted slice's ratings, on the scored slice's. */
    private List<RatingErrors> evaluateRatings(Fitted f) {
        stage("rating");
        long t = System.nanoTime();
        List<RatingErrors> errors = RatingErrors.evaluate(f.split.fittedRatings(), f.split.scoredRatings(), config.rating(),
                config.threads());
        timingsMs.put("ratingMs", ms(t));
        return errors;
    }

    private static String tables(List<ModelEvaluation> evaluations, List<RatingErrors> ratingErrors, Fitted f) {
        String table = EvaluationReport.table(evaluations, f.plan.describe());
        if (ratingErrors.isEmpty()) return table;
        return table + RatingErrors.table(ratingErrors, Slice.name(f.plan.scoredSlice()) + " ratings, "
                + "fit on " + (f.plan.scoredSlice() == Slice.TEST ? "train+validation" : "train"));
    }

    /**
     * The item-to-item model scored before the top-M cut (every entry of B) beside its serving form:
     * what serving M neighbours per item costs, logged and kept for the manifest. Then B is released.
     */
    private void measureCut(Fitted f, Evaluator evaluator, int[] users, List<ModelEvaluation> results) {
        ItemItemModel model = f.itemItem.model();
        ModelEvaluation serving = results.stream().filter(e -> e.model().equals(ItemItemRecommender.NAME)).findFirst().orElseThrow();
        ModelEvaluation dense = evaluator.evaluate(new DenseItemItemRecommender("itemitem-dense", model, f.history,
                config.itemItem().weights(), config.recency(), f.popularity.ranking()), users);
        model.releaseDense();
        double loss = dense.ndcg() == 0 ? 0 : (dense.ndcg() - serving.ndcg()) / dense.ndcg();
        LOG.info(String.format(java.util.Locale.ROOT,
                "itemitem: top-%d cut NDCG@%d %.4f vs dense B %.4f (%+.1f %%), Recall@%d %.4f vs %.4f",
                config.itemItem().neighbours(), serving.k(), serving.ndcg(), dense.ndcg(), -100 * loss, serving.k(),
                serving.recall(), dense.recall()));
        itemItemCut = new LinkedHashMap<>();
        itemItemCut.put("neighbours", config.itemItem().neighbours());
        itemItemCut.put("servingNdcg", serving.ndcg());
        itemItemCut.put("denseNdcg", dense.ndcg());
        itemItemCut.put("servingRecall", serving.recall());
        itemItemCut.put("denseRecall", dense.recall());
        itemItemCut.put("ndcgLossPercent", 100 * loss);
    }

    private Map<String, Object> evaluationContext(Fitted f) {
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("split", config.splitMode().name().toLowerCase());
        c.put("fittedOn", f.plan.scoredSlice() == Slice.TEST ? "train+validation" : "train");
        c.put("scoredSlice", Slice.name(f.plan.scoredSlice()));
        c.put("coreFilter", config.coreFilter());
        c.put("k", config.evalK());
        c.put("scoredUsers", f.heldOut.users());
        c.put("evaluatedUsers", config.evalMaxUsers() > 0 ? Math.min(config.evalMaxUsers(), f.heldOut.users()) : f.heldOut.users());
        return c;
    }

    private Map<String, Object> manifest(Path run, Fitted f, List<ModelEvaluation> evaluations, List<RatingErrors> ratingErrors) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run", run == null ? null : run.getFileName().toString());
        m.put("createdAt", Instant.now().toString());
        m.put("versions", versions());
        m.put("config", config.values());
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("dir", config.dataDir().toAbsolutePath().normalize().toString());
        data.put("layout", f.data.layout().name().toLowerCase());
        data.put("sha256", f.data.sha256ByFile());
        data.put("fingerprint", fingerprint(f.data.sha256ByFile()));
        m.put("data", data);
        Map<String, Object> counts = new LinkedHashMap<>();
        counts.put("ratings", f.data.ratings().size());
        counts.put("movies", f.data.movies().size());
        counts.put("skippedLines", f.data.issues().asMap());
        Map<String, Object> filter = new LinkedHashMap<>();
        filter.put("enabled", config.coreFilter());
        if (f.filter != null) {
            filter.put("minUser", config.coreMinUser());
            filter.put("minItem", config.coreMinItem());
            filter.put("rounds", f.filter.rounds());
            filter.put("removed", f.filter.before() - f.filter.after());
        }
        counts.put("coreFilter", filter);
        counts.put("train", f.plan.train());
        counts.put("validation", f.plan.validation());
        counts.put("test", f.plan.test());
        counts.put("fittedUsers", f.fitted.userCount());
        counts.put("fittedItems", f.fitted.itemCount());
        counts.put("fittedInteractions", f.fitted.nnz());
        counts.put("scoredUsers", f.heldOut.users());
        m.put("counts", counts);
        Map<String, Object> models = new LinkedHashMap<>();
        models.put("als", Map.of("params", config.als().toString(), "k", f.als.k(), "iterations", alsIterations,
                "engine", alsEngineDetails));
        models.put("popularity", Map.of("m", f.popularity.m(), "globalMean", f.popularity.globalMean()));
        models.put("content", Map.of("similarity", config.contentSimilarity().name().toLowerCase(),
                "neighbours", f.neighbours.k(), "features", f.features.vocabulary()));
        if (f.itemItem != null) {
            models.put("itemitem", itemItemManifest(f));
            models.put("blend", Map.of("weight", config.blendWeight(), "formula",
                    "score = (1 - weight) * itemitem / max|itemitem| + weight * als / max|als| over the user's unseen items;"
                            + " als from the decayed fold-in (core BlendScorer)"));
        }
        m.put("models", models);
        Map<String, Object> recency = new LinkedHashMap<>();
        recency.put("halfLifeSwipes", halfLife(config.recency().halfLifeSwipes()));
        recency.put("floor", config.recency().floor());
        recency.put("halfLifeDays", halfLife(config.recency().halfLifeDays()));
        recency.put("order", "oldest first by (timestamp, movieId); age 0 = the newest swipe");
        recency.put("formula", "w = floor + (1 - floor) * 0.5^(age / halfLifeSwipes) * 0.5^(days / halfLifeDays)");
        m.put("recency", recency);
        Map<String, Object> serving = new LinkedHashMap<>();
        serving.put("kind", config.servingKind().name().toLowerCase(java.util.Locale.ROOT));
        if (f.itemItem != null) serving.put("itemNeighboursFile", ModelRunLayout.ITEM_NEIGHBOURS);
        // the config keys the stream must weigh a history with, exactly as evaluated (published in the
        // version's marker settings; the topology's ItemItemSettings reads these names)
        Map<String, Object> settings = new LinkedHashMap<>();
        for (String key : List.of(TrainerConfig.RECENCY_HALF_LIFE_SWIPES_CONFIG, TrainerConfig.RECENCY_FLOOR_CONFIG,
                TrainerConfig.RECENCY_HALF_LIFE_DAYS_CONFIG, TrainerConfig.ITEMITEM_DISLIKE_WEIGHT_CONFIG,
                TrainerConfig.ITEMITEM_SUPERLIKE_WEIGHT_CONFIG, TrainerConfig.BLEND_WEIGHT_CONFIG)) {
            settings.put(key, config.values().get(key));
        }
        serving.put("settings", settings);
        m.put("serving", serving);
        m.put("dataProfile", dataProfile(f));
        if (!evaluations.isEmpty()) {
            Map<String, Object> metrics = evaluationContext(f);
            metrics.put("models", EvaluationReport.summary(evaluations));
            if (!ratingErrors.isEmpty()) metrics.put("rating", EvaluationReport.ratingSummary(ratingErrors));
            m.put("metrics", metrics);
        }
        m.put("timingsMs", new LinkedHashMap<>(timingsMs));
        return m;
    }

    private Map<String, Object> itemItemManifest(Fitted f) {
        ItemItemModel model = f.itemItem.model();
        var p = config.itemItem();
        Map<String, Object> ii = new LinkedHashMap<>();
        ii.put("method", "EASE closed form (Steck 2019): B = I - P diag(1/diag P), P = (X^T X + lambda I)^-1, diag(B) = 0");
        ii.put("lambda", p.lambda());
        ii.put("lambdaMode", p.lambdaMode().name().toLowerCase(java.util.Locale.ROOT));
        ii.put("lambdaEffective", model.lambda());
        ii.put("meanDiagonal", model.meanDiagonal());
        ii.put("neighbours", p.neighbours());
        ii.put("weights", Map.of("superlike", p.weights().superlike(), "like", p.weights().like(),
                "dislike", p.weights().dislike(), "strongNo", p.weights().strongNo()));
        ii.put("maxDenseItems", p.maxDenseItems());
        ii.put("scalable", p.scalable());
        ii.put("sparseCandidates", p.sparseCandidates());
        ii.put("items", model.items());
        ii.put("denseItems", model.headCount());
        ii.put("sparseItems", model.tailCount());
        ii.put("neighbourEntries", model.serving().nnz());
        var t = f.itemItem.timings();
        ii.put("timingsMs", Map.of("gramian", t.gramianMs(), "tail", t.tailMs(), "solve", t.solveMs(), "cut", t.cutMs()));
        if (itemItemCut != null) ii.put("cut", itemItemCut);
        return ii;
    }

    private static Object halfLife(double h) {
        return Double.isInfinite(h) ? "off" : h;
    }

    /**
     * The fitted data's preference mix ({@code preference.-2 .. preference.2}: counts) and time range
     * (epoch ms): the reference the lifecycle's drift check compares the swipe stream with, and the
     * lineage's data range.
     */
    private static Map<String, Object> dataProfile(Fitted f) {
        long[] byPreference = new long[5];
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (int j = 0; j < f.fitted.nnz(); j++) {
            byPreference[f.fitted.preference(j) + 2]++;
            long t = f.fitted.ratings().timestamp(f.fitted.sourceRow(j)) * 1000L;
            from = Math.min(from, t);
            to = Math.max(to, t);
        }
        Map<String, Object> p = new LinkedHashMap<>();
        for (int pref : new int[] {-2, -1, 1, 2}) p.put("preference." + pref, byPreference[pref + 2]);
        p.put("fromMs", f.fitted.nnz() == 0 ? null : from);
        p.put("toMs", f.fitted.nnz() == 0 ? null : to);
        return p;
    }

    /** SHA-256 over "file sha256" lines: one value that changes when any input file does. */
    static String fingerprint(Map<String, String> sha256ByFile) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            sha256ByFile.forEach((file, sha) -> md.update((file + " " + sha + "\n").getBytes(StandardCharsets.UTF_8)));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** Trainer version (from the build), Java version. */
    public static Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        Properties p = new Properties();
        try (InputStream in = TrainingPipeline.class.getResourceAsStream("/reelstream-trainer.properties")) {
            if (in != null) p.load(in);
        } catch (IOException e) {
            LOG.debug("no build properties", e);
        }
        v.put("reelstream", p.getProperty("version", "unknown"));
        v.put("java", System.getProperty("java.version"));
        return v;
    }

    /** INFO, or DEBUG when the listener already shows it on the console. */
    private static void logInfo(boolean shownByListener, String format, Object... args) {
        if (shownByListener) LOG.debug(format, args);
        else LOG.info(format, args);
    }

    private void stage(String name) {
        listener.onStage(name);
    }

    private static long ms(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    private static void deleteQuietly(Path run, Exception cause) {
        try {
            RunDirectory.delete(run);
            LOG.warn("run failed ({}); removed the partial {}; LATEST unchanged", cause.getMessage(), run);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
