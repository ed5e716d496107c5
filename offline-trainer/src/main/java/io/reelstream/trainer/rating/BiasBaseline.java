package io.reelstream.trainer.rating;

/**
 * The reference rating predictor r̂_ui = μ + b_u + b_i (Koren 2008, "baseline predictors"), with
 * ridge-regularised biases fitted by alternating exact minimisation of
 * <pre>
 *   Σ_(u,i) (r_ui − μ − b_u − b_i)²  +  λ_b (Σ_u b_u² + Σ_i b_i²)
 *   b_i = Σ_u∈R(i) (r_ui − μ − b_u) / (λ_b + |R(i)|),   b_u = Σ_i∈R(u) (r_ui − μ − b_i) / (λ_b + |R(u)|)
 * </pre>
 * λ_b acts as λ_b pseudo-ratings at the current estimate, so a movie rated twice stays near μ.
 * A user or item absent from the fitted data gets bias 0. Predictions are clipped to the fitted
 * ratings' range. O(iterations · nnz).
 */
public final class BiasBaseline implements RatingPredictor {
    public static final String NAME = "bias baseline";

    final double mu;
    final double[] userBias;
    final double[] itemBias;
    final float min;
    final float max;

    BiasBaseline(double mu, double[] userBias, double[] itemBias, float min, float max) {
        this.mu = mu;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.min = min;
        this.max = max;
    }

    public static BiasBaseline fit(RatingTriples train, RatingParams params) {
        double mu = train.mean();
        double[] bu = new double[train.users()];
        double[] bi = new double[train.items()];
        RatingTriples.Groups byItem = train.group(false);
        RatingTriples.Groups byUser = train.group(true);
        int sweeps = Math.max(1, params.iterations());
        for (int it = 0; it < sweeps; it++) {
            solveBiases(train, byItem, train.item(), train.user(), bu, bi, mu, params.biasLambda());
            solveBiases(train, byUser, train.user(), train.item(), bi, bu, mu, params.biasLambda());
        }
        return new BiasBaseline(mu, bu, bi, min(train.value()), max(train.value()));
    }

    /** b_g = Σ (r − μ − other) / (λ_b + n_g) for every group g (item or user) given the other side's biases. */
    private static void solveBiases(RatingTriples t, RatingTriples.Groups groups, int[] groupOf, int[] otherOf,
                                    double[] other, double[] out, double mu, double biasLambda) {
        for (int g = 0; g < out.length; g++) {
            double sum = 0;
            int from = groups.offsets()[g];
            int to = groups.offsets()[g + 1];
            for (int p = from; p < to; p++) {
                int j = groups.order()[p];
                sum += t.value()[j] - mu - other[otherOf[j]];
            }
            out[g] = sum / (biasLambda + (to - from));
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double predict(int user, int item) {
        double r = mu + (user >= 0 ? userBias[user] : 0) + (item >= 0 ? itemBias[item] : 0);
        return Math.max(min, Math.min(max, r));
    }

    static float min(float[] v) {
        float m = Float.POSITIVE_INFINITY;
        for (float x : v) m = Math.min(m, x);
        return v.length == 0 ? 0 : m;
    }

    static float max(float[] v) {
        float m = Float.NEGATIVE_INFINITY;
        for (float x : v) m = Math.max(m, x);
        return v.length == 0 ? 0 : m;
    }
}
