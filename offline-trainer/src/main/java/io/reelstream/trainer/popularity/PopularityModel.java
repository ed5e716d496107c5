package io.reelstream.trainer.popularity;

import io.reelstream.trainer.split.FittedData;
import java.util.Arrays;

/**
 * Bayesian-smoothed popularity over the fitted data (IMDb's weighted rating):
 * <pre>
 *   score_i = v/(v + m)·R + m/(v + m)·C
 * </pre>
 * v = ratings of movie i in the fitted data, R = their mean rating, C = the global mean rating,
 * m = the prior's weight in pseudo-ratings (default 20). Few ratings pull a movie towards C.
 * The ranking is by score descending, ties by movieId ascending (= lower item index).
 */
public final class PopularityModel {
    public static final double DEFAULT_M = 20.0;

    private final double m;
    private final double globalMean;
    private final int[] count;
    private final double[] mean;
    private final double[] score;
    private final int[] ranking;

    private PopularityModel(double m, double globalMean, int[] count, double[] mean, double[] score, int[] ranking) {
        this.m = m;
        this.globalMean = globalMean;
        this.count = count;
        this.mean = mean;
        this.score = score;
        this.ranking = ranking;
    }

    /** O(nnz + items·log items). */
    public static PopularityModel fit(FittedData data, double m) {
        if (!(m >= 0)) throw new IllegalArgumentException("popularity prior weight m must be >= 0, got " + m);
        int items = data.itemCount();
        int[] count = new int[items];
        double[] sum = new double[items];
        double total = 0;
        for (int j = 0; j < data.nnz(); j++) {
            double rating = data.ratings().rating(data.sourceRow(j));
            count[data.item(j)]++;
            sum[data.item(j)] += rating;
            total += rating;
        }
        double globalMean = data.nnz() == 0 ? 0 : total / data.nnz();
        double[] mean = new double[items];
        double[] score = new double[items];
        for (int i = 0; i < items; i++) {
            double v = count[i];
            mean[i] = v == 0 ? globalMean : sum[i] / v;
            score[i] = v + m == 0 ? globalMean : v / (v + m) * mean[i] + m / (v + m) * globalMean;
        }
        Integer[] order = new Integer[items];
        for (int i = 0; i < items; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(score[b], score[a]);
            return c != 0 ? c : Integer.compare(a, b); // item indices ascend with movieId
        });
        int[] ranking = new int[items];
        for (int i = 0; i < items; i++) ranking[i] = order[i];
        return new PopularityModel(m, globalMean, count, mean, score, ranking);
    }

    public double m() { return m; }
    public double globalMean() { return globalMean; }
    public int count(int item) { return count[item]; }
    public double mean(int item) { return mean[item]; }
    public double score(int item) { return score[item]; }
    /** Item indices best first (shared, do not modify). */
    public int[] ranking() { return ranking; }

    /** 1-based popularity rank of every item. */
    public int[] rankOfItem() {
        int[] rank = new int[ranking.length];
        for (int r = 0; r < ranking.length; r++) rank[ranking[r]] = r + 1;
        return rank;
    }

    /** The first k items of the ranking the user has not seen; returns how many were written. */
    public int recommend(java.util.function.IntPredicate seen, int k, int[] out) {
        int n = 0;
        for (int r = 0; r < ranking.length && n < k; r++) {
            if (!seen.test(ranking[r])) out[n++] = ranking[r];
        }
        return n;
    }
}
