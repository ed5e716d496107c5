package io.reelstream.trainer.tune.search;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * A one-dimensional Parzen estimator on [low, high] as TPE uses it (Bergstra et al. 2011, and
 * Optuna's univariate defaults): a weighted mixture of normals truncated to [low, high], one per
 * observation plus a flat-ish prior N((low + high)/2, high − low).
 * <pre>
 *   p(t) = Σ_j w_j · φ((t − μ_j)/σ_j) / (σ_j · Z_j),   Z_j = Φ((high − μ_j)/σ_j) − Φ((low − μ_j)/σ_j)
 * </pre>
 * Bandwidths: σ_j = the larger gap from μ_j to its neighbours among the sorted centres, the
 * prior's included (the
 * range's ends count as neighbours of the outermost ones, except that with two or more centres the
 * outermost use their inner gap), clipped to [(high − low)/min(100, 1 + n), high − low] — Optuna's
 * "magic clip", which keeps a cluster of equal observations from collapsing to a spike.
 */
final class ParzenEstimator {
    private static final double SQRT2 = Math.sqrt(2);
    private static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    private final double low;
    private final double high;
    private final double[] mu;
    private final double[] sigma;
    private final double[] weight; // normalised
    private final double[] logZ;

    /**
     * @param observations the centres (internal coordinates, inside [low, high])
     * @param weights      one weight per observation (not normalised)
     * @param priorWeight  weight of the prior component
     */
    ParzenEstimator(double[] observations, double[] weights, double priorWeight, double low, double high) {
        this.low = low;
        this.high = high;
        int n = observations.length;
        mu = Arrays.copyOf(observations, n + 1);
        mu[n] = 0.5 * (low + high);
        double range = high - low;
        sigma = new double[n + 1];
        bandwidths(mu, sigma, low, high); // the prior's centre counts as a neighbour, as in Optuna
        double minSigma = range / Math.min(100.0, 1.0 + (n + 1));
        for (int j = 0; j < n; j++) sigma[j] = Math.max(minSigma, Math.min(range, sigma[j]));
        sigma[n] = range;
        weight = new double[n + 1];
        double total = priorWeight;
        for (int j = 0; j < n; j++) total += weights[j];
        for (int j = 0; j < n; j++) weight[j] = weights[j] / total;
        weight[n] = priorWeight / total;
        logZ = new double[n + 1];
        for (int j = 0; j <= n; j++) {
            double z = Phi((high - mu[j]) / sigma[j]) - Phi((low - mu[j]) / sigma[j]);
            logZ[j] = Math.log(Math.max(z, 1e-300));
        }
    }

    /** Neighbour-gap bandwidths of the observations (Optuna, consider_endpoints = false). */
    private static void bandwidths(double[] obs, double[] out, double low, double high) {
        int n = obs.length;
        if (n == 0) return;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Double.compare(obs[a], obs[b]));
        double[] sorted = new double[n + 2]; // with the range ends
        sorted[0] = low;
        sorted[n + 1] = high;
        for (int i = 0; i < n; i++) sorted[i + 1] = obs[order[i]];
        for (int i = 1; i <= n; i++) {
            double s = Math.max(sorted[i] - sorted[i - 1], sorted[i + 1] - sorted[i]);
            if (n >= 2 && i == 1) s = sorted[2] - sorted[1];
            if (n >= 2 && i == n) s = sorted[n] - sorted[n - 1];
            out[order[i - 1]] = s;
        }
    }

    /** One draw: pick a component by weight, then a truncated-normal value from it. */
    double sample(SplittableRandom random) {
        double u = random.nextDouble();
        int j = 0;
        double acc = weight[0];
        while (u > acc && j < weight.length - 1) acc += weight[++j];
        for (int attempt = 0; attempt < 100; attempt++) { // rejection: σ ≥ range/100 keeps acceptance high
            double t = mu[j] + sigma[j] * random.nextGaussian();
            if (t >= low && t <= high) return t;
        }
        return Math.max(low, Math.min(high, mu[j]));
    }

    /** log p(t). */
    double logPdf(double t) {
        double max = Double.NEGATIVE_INFINITY;
        double[] terms = new double[mu.length];
        for (int j = 0; j < mu.length; j++) {
            double z = (t - mu[j]) / sigma[j];
            terms[j] = Math.log(weight[j]) - 0.5 * z * z - LOG_SQRT_2PI - Math.log(sigma[j]) - logZ[j];
            max = Math.max(max, terms[j]);
        }
        double sum = 0;
        for (double term : terms) sum += Math.exp(term - max); // log-sum-exp
        return max + Math.log(sum);
    }

    /** Standard normal CDF via erf. */
    static double Phi(double x) {
        return 0.5 * (1 + erf(x / SQRT2));
    }

    /** erf by Abramowitz and Stegun 7.1.26 (|error| < 1.5e-7), odd extension. */
    static double erf(double x) {
        double sign = Math.signum(x);
        double a = Math.abs(x);
        double t = 1 / (1 + 0.3275911 * a);
        double y = 1 - (((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t
                * Math.exp(-a * a);
        return sign * y;
    }
}
