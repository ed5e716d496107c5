package io.reelstream.spark;

import io.reelstream.core.als.AlsListener;
import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.ImplicitAls;
import io.reelstream.core.als.Interactions;
import io.reelstream.trainer.config.ConfigException;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.engine.AlsEngine;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.recommendation.ALSModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code als.engine=spark}: the run's ALS factors fitted by Spark MLlib's implicit ALS on
 * {@code spark.master} (local[2] by default: inside this JVM), everything else of the run — load,
 * split, the other models, evaluation, artifacts, manifest, runs store — as with the local engine.
 * The swipes go to Spark as slices of the fitted CSR ({@link InteractionChunks}), with our dense
 * user and item indices as Spark's ids, so the factors come back in the run's row order. How our
 * keys map to Spark's: {@link SparkAlsSettings}.
 */
public final class SparkAlsEngine implements AlsEngine {
    public static final String NAME = "spark";
    static final String APP_NAME = "reelstream-train";
    private static final Logger LOG = LoggerFactory.getLogger(SparkAlsEngine.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public TrainerConfig settle(TrainerConfig config) {
        SparkMaster.of(config); // a bad master URL fails here, before the data is read
        requireModuleFlags();
        return SparkAlsSettings.settle(config);
    }

    @Override
    public Fit fit(Interactions userItems, TrainerConfig config, AlsListener listener) {
        SparkAlsSettings settings = SparkAlsSettings.of(config.als());
        SparkMaster master = SparkMaster.of(config);
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        long t0 = System.nanoTime();
        SparkSession spark = session(master);
        long startMs = (System.nanoTime() - t0) / 1_000_000;
        int k = settings.rank();
        float[] X;
        float[] Y;
        long fitMs;
        String sparkVersion = spark.version();
        try {
            List<InteractionChunks.Chunk> chunks = InteractionChunks.of(userItems, InteractionChunks.MAX_ENTRIES);
            JavaRDD<Row> rows = JavaSparkContext.fromSparkContext(spark.sparkContext())
                    .parallelize(chunks, chunks.size())
                    .flatMap(InteractionChunks::rows);
            Dataset<Row> ratings = spark.createDataFrame(rows, InteractionChunks.SCHEMA);
            LOG.info("spark {} on {}: implicit ALS on {} users x {} items, {} swipes in {} slices; {}", sparkVersion,
                    master.url(), userItems.rows(), userItems.cols(), userItems.nnz(), chunks.size(), settings);
            long f0 = System.nanoTime();
            ALSModel model = settings.estimator().fit(ratings);
            X = factors(model.userFactors(), userItems.rows(), k, "user");
            Y = factors(model.itemFactors(), userItems.cols(), k, "item");
            fitMs = (System.nanoTime() - f0) / 1_000_000;
        } finally {
            if (ownSession) spark.stop();
        }
        AlsModel fitted = new AlsModel(userItems.rows(), userItems.cols(), k, X, Y);
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("engine", NAME);
        details.put("sparkVersion", sparkVersion);
        details.put("master", master.url() + (master.fromSubmit() ? " (spark-submit)" : ""));
        details.put("spark", settings.describe());
        details.put("sessionStartMs", startMs);
        details.put("fitMs", fitMs);
        details.put("iterations", "inside one Spark fit: no per-iteration times or losses");
        if (config.als().computeLoss()) details.put("finalLoss", finalLoss(userItems, fitted, config.als()));
        return new Fit(fitted, details);
    }

    /**
     * Our objective (frequency ridge, λ·n over every entry) of Spark's factors, so the manifest's loss
     * compares with a local fit's last one. O(one CG pass).
     */
    private static double finalLoss(Interactions userItems, AlsModel m, AlsParams params) {
        return ImplicitAls.loss(userItems, m.userFactors(), m.itemFactors(), userItems.transpose(), params, params.threads());
    }

    /** Rows of Spark's (id, features) factor frame, put at row id of a rows × k matrix; every id must be there. */
    static float[] factors(Dataset<Row> frame, int rows, int k, String side) {
        float[] F = new float[Math.multiplyExact(rows, k)];
        boolean[] seen = new boolean[rows];
        int count = 0;
        for (Iterator<Row> it = frame.toLocalIterator(); it.hasNext(); ) {
            Row r = it.next();
            int id = r.getInt(0);
            List<Object> features = r.getList(1);
            if (id < 0 || id >= rows || features.size() != k) {
                throw new IllegalStateException("Spark returned " + side + " factor row id " + id + " with " + features.size()
                        + " values; expected ids in [0, " + rows + ") with " + k + " each");
            }
            for (int a = 0; a < k; a++) F[id * k + a] = ((Number) features.get(a)).floatValue();
            if (!seen[id]) count++;
            seen[id] = true;
        }
        if (count != rows) {
            throw new IllegalStateException("Spark returned factors for " + count + " of " + rows + " " + side
                    + "s; every fitted " + side + " has swipes, so each should have a row");
        }
        return F;
    }

    /** The session of a fit: the running one if the caller made it (spark-submit, tests), else a new one. */
    private static SparkSession session(SparkMaster master) {
        SparkSession.Builder b = SparkSession.builder().appName(APP_NAME)
                .config("spark.ui.enabled", "false")          // no web UI port for a batch fit
                .config("spark.ui.showConsoleProgress", "false");
        if (!master.fromSubmit()) b = b.master(master.url());
        if (master.isLocal()) {
            b = b.config("spark.driver.host", "127.0.0.1")    // local mode needs no resolvable host name
                    .config("spark.driver.bindAddress", "127.0.0.1");
        }
        return b.getOrCreate();
    }

    /**
     * Spark on Java 17 reflects into java.base (java.nio's DirectByteBuffer, sun.nio.ch): without the
     * launcher's --add-opens it fails deep inside SparkContext. Checked once, with what to do.
     */
    static void requireModuleFlags() {
        Module unnamed = SparkAlsEngine.class.getModule();
        for (String pkg : new String[] {"java.nio", "sun.nio.ch", "java.lang.invoke", "java.util"}) {
            if (!Object.class.getModule().isOpen(pkg, unnamed)) {
                throw new ConfigException(TrainerConfig.ALS_ENGINE_CONFIG + "=" + NAME + " needs the JVM flags Spark's own"
                        + " launcher adds on Java 17 (java.base/" + pkg + " is not opened): run bin/train-spark, or"
                        + " spark-submit, or java @spark-engine/spark-jvm.options -cp ...");
            }
        }
    }
}
