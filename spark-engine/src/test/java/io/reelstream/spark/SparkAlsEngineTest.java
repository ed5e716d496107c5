package io.reelstream.spark;

import io.reelstream.core.als.AlsListener;
import io.reelstream.core.als.AlsModel;
import io.reelstream.core.als.Interactions;
import io.reelstream.core.als.UserSolve;
import io.reelstream.core.preference.Preference;
import io.reelstream.trainer.config.TrainerConfig;
import io.reelstream.trainer.engine.AlsEngine;
import io.reelstream.trainer.engine.AlsEngines;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Spark's implicit ALS fits the equation our keys say it does. Spark's last half-step of every
 * iteration solves each user given the items, so its user factors must equal our exact (Cholesky)
 * user solve, core UserSolve, on Spark's own item factors with c = 1 + α·|p|, target [p &gt; 0] and
 * λ_u = regParam·n⁺ (positive entries only) — and must not equal it with our FREQUENCY λ·n over every
 * entry, the difference SparkAlsSettings documents. Local master, a small random problem with dislikes.
 */
class SparkAlsEngineTest {
    static final int USERS = 120;
    static final int ITEMS = 60;
    static final int K = 6;
    static final double LAMBDA = 0.5;
    static final float ALPHA = 3f;
    /** Spark solves in double and rounds each row to float once; we do the same from the same Y. */
    static final double TOLERANCE = 1e-4;

    @Test
    void sparksUserFactorsAreOurExactUserSolveWithARidgeOnPositiveEntriesOnly() {
        Interactions R = randomSwipes(new SplittableRandom(3));
        TrainerConfig config = TrainerConfig.resolve(null, Map.of(), Map.of(
                TrainerConfig.ALS_ENGINE_CONFIG, "spark", TrainerConfig.SPARK_MASTER_CONFIG, "local[2]",
                TrainerConfig.ALS_FACTORS_CONFIG, String.valueOf(K), TrainerConfig.ALS_ITERATIONS_CONFIG, "5",
                TrainerConfig.ALS_REGULARIZATION_CONFIG, "frequency", TrainerConfig.ALS_LAMBDA_CONFIG, String.valueOf(LAMBDA),
                TrainerConfig.ALS_ALPHA_CONFIG, String.valueOf(ALPHA), TrainerConfig.THREADS_CONFIG, "2"));
        AlsEngine engine = AlsEngines.of(config);
        assertInstanceOf(SparkAlsEngine.class, engine, "found through META-INF/services");
        TrainerConfig settled = engine.settle(config);
        AlsEngine.Fit fit = engine.fit(R, settled, AlsListener.NONE);
        AlsModel m = fit.model();
        assertEquals("spark", fit.details().get("engine"));
        assertTrue(fit.details().containsKey("finalLoss"), "our objective of Spark's factors, for the manifest");

        double[] YtY = UserSolve.gramian(m.itemFactors(), ITEMS, K);
        double worstPositive = 0;
        double worstAll = 0;
        int withDislikes = 0;
        for (int u = 0; u < USERS; u++) {
            int n = R.count(u);
            int[] items = new int[n];
            float[] cu = new float[n];
            float[] pu = new float[n];
            int positives = 0;
            for (int j = 0; j < n; j++) {
                int pref = R.preference(R.start(u) + j);
                items[j] = R.col(R.start(u) + j);
                cu[j] = Preference.confidence(pref, ALPHA);
                pu[j] = Preference.target(pref);
                if (pref > 0) positives++;
            }
            float[] sparkXu = java.util.Arrays.copyOfRange(m.userFactors(), u * K, (u + 1) * K);
            float[] ours = UserSolve.solveCholesky(m.itemFactors(), K, YtY, items, cu, pu, n, LAMBDA * positives);
            worstPositive = Math.max(worstPositive, relativeError(sparkXu, ours));
            if (positives < n) {
                withDislikes++;
                float[] oursAll = UserSolve.solveCholesky(m.itemFactors(), K, YtY, items, cu, pu, n, LAMBDA * n);
                worstAll = Math.max(worstAll, relativeError(sparkXu, oursAll));
            }
        }
        assertTrue(withDislikes > USERS / 2, "the problem has dislikes: " + withDislikes);
        assertTrue(worstPositive < TOLERANCE, "Spark's xu vs our solve with lambda*n+: " + worstPositive);
        assertTrue(worstAll > 100 * TOLERANCE, "with lambda*n (every entry) the rows with dislikes differ: " + worstAll);
    }

    /** ‖a − b‖ / max(‖b‖, 1e-3). */
    static double relativeError(float[] a, float[] b) {
        double d = 0, nb = 0;
        for (int i = 0; i < a.length; i++) {
            d += (a[i] - b[i]) * (double) (a[i] - b[i]);
            nb += b[i] * (double) b[i];
        }
        return Math.sqrt(d) / Math.max(Math.sqrt(nb), 1e-3);
    }

    /** Every user 8–20 swipes over ITEMS items, a quarter of them dislikes (−1, −2). */
    static Interactions randomSwipes(SplittableRandom rnd) {
        int n = 0;
        int[] u = new int[USERS * 20];
        int[] i = new int[USERS * 20];
        byte[] p = new byte[USERS * 20];
        for (int user = 0; user < USERS; user++) {
            int count = 8 + rnd.nextInt(13);
            for (int c = 0; c < count; c++) {
                u[n] = user;
                i[n] = (user * 7 + c * 3 + rnd.nextInt(5)) % ITEMS; // overlapping tastes, some repeats (the last wins)
                p[n] = rnd.nextInt(4) == 0 ? (byte) -(1 + rnd.nextInt(2)) : (byte) (1 + rnd.nextInt(2));
                n++;
            }
        }
        return Interactions.fromTriples(USERS, ITEMS, java.util.Arrays.copyOf(u, n), java.util.Arrays.copyOf(i, n),
                java.util.Arrays.copyOf(p, n));
    }
}
