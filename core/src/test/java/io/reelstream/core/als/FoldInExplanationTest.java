package io.reelstream.core.als;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class FoldInExplanationTest {
    /**
     * k = 1 by hand: Y = [1, 2, 3], history {row 0 liked c=2, row 1 disliked c=3}, λ = 1.
     * YᵀY = 14; A = 14 + (2−1)·1 + (3−1)·4 + 1 = 24; xu = (2·1·1)/24 = 1/12.
     * Target row 2: contribution of row 0 = 2·1·(3·1/24) = 0.25, of row 1 = 0 (p = 0); ŝ = 3/12 = 0.25.
     */
    @Test
    void handComputedOneFactor() {
        float[] Y = {1f, 2f, 3f};
        double[] YtY = UserSolve.gramian(Y, 3, 1);
        double[][] c = FoldInExplanation.contributions(Y, 1, YtY, new int[]{0, 1}, new float[]{2f, 3f},
                new float[]{1f, 0f}, 2, 1.0, new int[]{2});
        assertArrayEquals(new double[]{0.25, 0.0}, c[0], 1e-12);
        assertArrayEquals(new int[]{0}, FoldInExplanation.strongest(c));
    }

    /** The contributions of each target sum to its score under the Cholesky fold-in, on random problems. */
    @Test
    void contributionsSumToTheFoldInScore() {
        Random rnd = new Random(7);
        for (int trial = 0; trial < 20; trial++) {
            int n = 40, k = 8, count = 1 + rnd.nextInt(12);
            float[] Y = new float[n * k];
            for (int i = 0; i < Y.length; i++) Y[i] = (float) rnd.nextGaussian() * 0.3f;
            double[] YtY = UserSolve.gramian(Y, n, k);
            int[] items = new int[count];
            float[] cu = new float[count];
            float[] pu = new float[count];
            for (int j = 0; j < count; j++) {
                items[j] = j * 3 % n;
                boolean liked = rnd.nextBoolean();
                pu[j] = liked ? 1f : 0f;
                cu[j] = 1f + 15f * (1 + rnd.nextInt(2));
            }
            double lambda = 0.5 + rnd.nextDouble();
            float[] xu = UserSolve.solveCholesky(Y, k, YtY, items, cu, pu, count, lambda);
            int[] targets = {1, 5, 17, 39};
            double[][] c = FoldInExplanation.contributions(Y, k, YtY, items, cu, pu, count, lambda, targets);
            for (int t = 0; t < targets.length; t++) {
                double score = 0;
                for (int a = 0; a < k; a++) score += (double) Y[targets[t] * k + a] * xu[a];
                double sum = 0;
                for (double v : c[t]) sum += v;
                assertEquals(score, sum, 1e-4, "trial " + trial + " target " + targets[t]);
                for (int j = 0; j < count; j++) if (pu[j] == 0) assertEquals(0.0, c[t][j]);
            }
        }
    }

    @Test
    void noPositiveContributionMeansNoStrongest() {
        assertArrayEquals(new int[]{-1, 1}, FoldInExplanation.strongest(new double[][]{{-1, 0}, {0.1, 0.2}}));
    }
}
