package io.reelstream.trainer.rating;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RatingPredictorsTest {

    @Test
    void biasesSolveTheirRidgeEquationsOnAHandExample() {
        // two users, two items; λ_b = 0 and one sweep from zero user biases: b_i = mean of (r − μ) per item
        RatingTriples t = new RatingTriples(2, 2, new int[] {0, 0, 1}, new int[] {0, 1, 0}, new float[] {5, 3, 4});
        RatingParams p = new RatingParams(2, 1, 0.1, 0, 1);
        BiasBaseline b = BiasBaseline.fit(t, p);
        double mu = 4;
        assertEquals(mu, b.mu, 1e-12);
        assertEquals(((5 - mu) + (4 - mu)) / 2, b.itemBias[0], 1e-12); // 0.5
        assertEquals(3 - mu, b.itemBias[1], 1e-12); // -1
        assertEquals(((5 - mu - 0.5) + (3 - mu + 1)) / 2, b.userBias[0], 1e-12); // 0.25
        assertEquals(4 - mu - 0.5, b.userBias[1], 1e-12); // -0.5
        assertEquals(mu + 0.25 + 0.5, b.predict(0, 0), 1e-12);
        assertEquals(mu, b.predict(-1, -1), 1e-12, "unknown user and item: the global mean");
        assertEquals(5, new BiasBaseline(mu, new double[] {3}, new double[] {3}, 1, 5).predict(0, 0), 1e-12, "clipped to 5");
    }

    @Test
    void rmseAndMaeFollowTheirFormulas() {
        RatingPredictor threes = new RatingPredictor() {
            @Override
            public String name() {
                return "threes";
            }

            @Override
            public double predict(int user, int item) {
                return 3;
            }
        };
        RatingTriples scored = new RatingTriples(1, 1, new int[] {0, 0, -1}, new int[] {0, -1, 0}, new float[] {5, 2, 3});
        RatingErrors e = RatingErrors.of(threes, scored);
        assertEquals(Math.sqrt((4 + 1 + 0) / 3.0), e.rmse(), 1e-12);
        assertEquals((2 + 1 + 0) / 3.0, e.mae(), 1e-12);
        assertEquals(3, e.ratings());
    }

    /** Ratings from a rank-2 model plus biases and noise; a random 80/20 split. */
    private static RatingTriples[] lowRankWorld(long seed) {
        Random r = new Random(seed);
        int users = 200;
        int items = 120;
        double[][] p = new double[users][2];
        double[][] q = new double[items][2];
        for (double[] v : p) { v[0] = r.nextGaussian(); v[1] = r.nextGaussian(); }
        for (double[] v : q) { v[0] = r.nextGaussian(); v[1] = r.nextGaussian(); }
        List<int[]> ui = new ArrayList<>();
        List<Float> values = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            for (int i = 0; i < items; i++) {
                if (r.nextDouble() > 0.3) continue;
                double v = 3.5 + 0.3 * (u % 3 - 1) + 0.8 * (p[u][0] * q[i][0] + p[u][1] * q[i][1]) + 0.3 * r.nextGaussian();
                ui.add(new int[] {u, i});
                values.add((float) Math.max(0.5, Math.min(5, v)));
            }
        }
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int j = 0; j < ui.size(); j++) (r.nextDouble() < 0.8 ? train : test).add(j);
        return new RatingTriples[] {subset(users, items, ui, values, train), subset(users, items, ui, values, test)};
    }

    private static RatingTriples subset(int users, int items, List<int[]> ui, List<Float> values, List<Integer> rows) {
        int[] u = new int[rows.size()];
        int[] i = new int[rows.size()];
        float[] v = new float[rows.size()];
        for (int j = 0; j < rows.size(); j++) {
            u[j] = ui.get(rows.get(j))[0];
            i[j] = ui.get(rows.get(j))[1];
            v[j] = values.get(rows.get(j));
        }
        return new RatingTriples(users, items, u, i, v);
    }

    @Test
    void biasedMfBeatsTheBaselineOnLowRankRatingsAndIsDeterministic() {
        RatingTriples[] world = lowRankWorld(3);
        RatingParams params = new RatingParams(4, 10, 0.05, 2, 7);
        List<RatingErrors> errors = RatingErrors.evaluate(world[0], world[1], params);
        double baseline = errors.get(0).rmse();
        double mf = errors.get(1).rmse();
        assertTrue(mf < 0.7 * baseline, "MF " + mf + " vs baseline " + baseline);
        BiasedMf a = BiasedMf.fit(world[0], params);
        BiasedMf b = BiasedMf.fit(world[0], params);
        double[] pa = new double[50];
        double[] pb = new double[50];
        for (int j = 0; j < 50; j++) {
            pa[j] = a.predict(j, j % 120);
            pb[j] = b.predict(j, j % 120);
        }
        assertArrayEquals(pa, pb, "same seed, same predictions");
    }

    @Test
    void biasedMfOnSeveralThreadsFitsTheSameFactorsAsOnOne() {
        RatingTriples[] world = lowRankWorld(3);
        RatingParams params = new RatingParams(4, 6, 0.05, 2, 7);
        BiasedMf one = BiasedMf.fit(world[0], params, 1);
        BiasedMf three = BiasedMf.fit(world[0], params, 3);
        for (int u = 0; u < world[0].users(); u++) {
            for (int i = 0; i < world[0].items(); i += 7) {
                assertEquals(one.predict(u, i), three.predict(u, i), 0.0, "user " + u + ", item " + i);
            }
        }
        assertEquals(RatingErrors.evaluate(world[0], world[1], params), RatingErrors.evaluate(world[0], world[1], params, 2));
    }
}
