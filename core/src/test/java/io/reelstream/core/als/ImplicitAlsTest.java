package io.reelstream.core.als;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImplicitAlsTest {
    /** Users who like one of two item groups and dislike a few of the other: a two-taste world. */
    static Interactions twoTasteWorld(long seed, int users, int items, int perUser) {
        Random rnd = new Random(seed);
        List<int[]> t = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int taste = u % 2;
            boolean[] used = new boolean[items];
            for (int j = 0; j < perUser; j++) {
                int i;
                do { i = rnd.nextInt(items); } while (used[i]);
                used[i] = true;
                boolean match = (i % 2) == taste;
                int pref = match ? (rnd.nextBoolean() ? 2 : 1) : (rnd.nextBoolean() ? -2 : -1);
                if (rnd.nextInt(10) == 0) pref = -pref; // some noise
                t.add(new int[]{u, i, pref});
            }
        }
        int[] uu = new int[t.size()];
        int[] ii = new int[t.size()];
        byte[] pp = new byte[t.size()];
        for (int j = 0; j < t.size(); j++) {
            uu[j] = t.get(j)[0];
            ii[j] = t.get(j)[1];
            pp[j] = (byte) t.get(j)[2];
        }
        return Interactions.fromTriples(users, items, uu, ii, pp);
    }

    private static AlsParams small() {
        // a fixed λ keeps the objective one function across sweeps, so its descent can be asserted
        return AlsParams.defaults().withFactors(8).withIterations(8).withThreads(1).withSeed(5)
                .withRegularization(AlsParams.Regularization.CONSTANT).withLambda(0.1);
    }

    @Test
    void lossDecreasesEveryIteration() {
        Interactions R = twoTasteWorld(1, 300, 120, 25);
        List<Double> losses = new ArrayList<>();
        ImplicitAls.fit(R, small().withComputeLoss(true).withCgSteps(0), (it, loss, nanos) -> losses.add(loss));
        assertEquals(8, losses.size());
        for (int i = 1; i < losses.size(); i++) {
            // exact (Cholesky) alternating minimisation never increases the objective
            assertTrue(losses.get(i) <= losses.get(i - 1) * (1 + 1e-6),
                    "iteration " + (i + 1) + ": " + losses.get(i - 1) + " -> " + losses.get(i));
        }
        assertTrue(losses.get(7) < losses.get(0), "the objective should fall: " + losses);
    }

    @Test
    void cgSweepsReachNearlyTheCholeskyObjective() {
        Interactions R = twoTasteWorld(2, 300, 120, 25);
        double[] last = new double[2];
        ImplicitAls.fit(R, small().withComputeLoss(true).withCgSteps(3), (it, loss, nanos) -> last[0] = loss);
        ImplicitAls.fit(R, small().withComputeLoss(true).withCgSteps(0), (it, loss, nanos) -> last[1] = loss);
        assertEquals(last[1], last[0], 0.02 * last[1], "3 warm-started CG steps vs exact solves after 8 iterations");
    }

    @Test
    void sameSeedGivesIdenticalFactorsWithOneOrTwoThreads() {
        Interactions R = twoTasteWorld(3, 1500, 200, 20); // several blocks of rows per sweep
        AlsParams shipped = AlsParams.defaults().withFactors(8).withIterations(4).withSeed(5);
        AlsModel one = ImplicitAls.fit(R, shipped.withThreads(1), AlsListener.NONE);
        AlsModel two = ImplicitAls.fit(R, shipped.withThreads(2), AlsListener.NONE);
        assertArrayEquals(one.userFactors(), two.userFactors());
        assertArrayEquals(one.itemFactors(), two.itemFactors());
        AlsModel otherSeed = ImplicitAls.fit(R, shipped.withThreads(1).withSeed(6), AlsListener.NONE);
        assertFalse(Arrays.equals(one.itemFactors(), otherSeed.itemFactors()), "the seed should matter");
    }

    @Test
    void fittedFactorsRankAUsersOwnTasteFirst() {
        Interactions R = twoTasteWorld(4, 400, 100, 20);
        AlsModel m = ImplicitAls.fit(R, small().withLambda(0.05), AlsListener.NONE);
        int agree = 0;
        for (int u = 0; u < 40; u++) {
            double same = 0, other = 0;
            for (int i = 0; i < m.items(); i++) {
                double s = UserSolve.dot(m.userFactors(), u * m.k(), m.itemFactors(), i * m.k(), m.k());
                if (i % 2 == u % 2) same += s; else other += s;
            }
            if (same > other) agree++;
        }
        assertTrue(agree >= 38, "users should score their own taste group higher; " + agree + " of 40 did");
    }

    @Test
    void aUserWithoutSwipesGetsTheZeroVector() {
        Interactions R = Interactions.fromTriples(3, 3, new int[]{0, 2}, new int[]{0, 1}, new byte[]{2, 1});
        AlsModel m = ImplicitAls.fit(R, small(), AlsListener.NONE);
        for (int a = 0; a < m.k(); a++) assertEquals(0f, m.userFactors()[m.userOffset(1) + a]);
    }

    @Test
    void aListenerSeesEachIterationsFactorsAndCanStopTheFit() {
        Interactions R = twoTasteWorld(6, 1500, 200, 20);
        AlsParams params = AlsParams.defaults().withFactors(8).withIterations(6).withSeed(5).withThreads(2);
        List<Integer> seen = new ArrayList<>();
        float[][] atThree = new float[1][];
        AlsModel stopped = ImplicitAls.fit(R, params, new AlsListener() {
            @Override
            public void onIteration(int iteration, double loss, long nanos) { }

            @Override
            public boolean continueAfter(int iteration, AlsModel current) {
                seen.add(iteration);
                if (iteration == 3) atThree[0] = current.itemFactors().clone();
                return iteration < 3;
            }
        });
        assertEquals(List.of(1, 2, 3), seen, "stopped after the listener said so");
        AlsModel three = ImplicitAls.fit(R, params.withIterations(3).withThreads(1), AlsListener.NONE);
        // stopping is the same as asking for fewer iterations, whatever the thread count
        assertArrayEquals(three.itemFactors(), stopped.itemFactors());
        assertArrayEquals(three.userFactors(), stopped.userFactors());
        assertArrayEquals(three.itemFactors(), atThree[0], "the listener saw the factors after its iteration");
    }
}
