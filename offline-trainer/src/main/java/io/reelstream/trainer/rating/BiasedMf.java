package io.reelstream.trainer.rating;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

/**
 * Biased matrix factorisation of the explicit ratings (Koren, Bell and Volinsky 2009):
 * <pre>
 *   r̂_ui = μ + b_u + b_i + p_u·q_i
 *   min Σ_(u,i) (r_ui − r̂_ui)²  +  λ_b (Σ b_u² + Σ b_i²)  +  λ (Σ_u n_u‖p_u‖² + Σ_i n_i‖q_i‖²)
 * </pre>
 * fitted by alternating least squares: with the items fixed, θ_u = [b_u; p_u] is a ridge regression
 * on z_i = [1; q_i] with target r_ui − μ − b_i,
 * <pre>
 *   (Σ_i z_i z_iᵀ + diag(λ_b, λn_u, …, λn_u)) θ_u = Σ_i (r_ui − μ − b_i) z_i
 * </pre>
 * solved exactly (Cholesky, (k+1)³/3), then the same for every item given the users. Starts from
 * the {@link BiasBaseline}'s biases and N(0, 0.1²) item factors from the seed; every step is a
 * fixed sequence of exact solves, so the fit is deterministic for a seed. Unknown users or items
 * fall back to the parts that are known; predictions are clipped to the fitted ratings' range.
 * O(iterations · (nnz·k² + (users + items)·k³)), spread over {@code threads}: with one side fixed the
 * rows are independent, so each thread solves a contiguous range of them and the factors are the same
 * for any thread count.
 */
public final class BiasedMf implements RatingPredictor {
    public static final String NAME = "biased MF";

    private final double mu;
    private final int k;
    private final double[] userBias;
    private final double[] itemBias;
    private final double[] P; // users × k
    private final double[] Q; // items × k
    private final float min;
    private final float max;

    private BiasedMf(double mu, int k, double[] userBias, double[] itemBias, double[] P, double[] Q, float min, float max) {
        this.mu = mu;
        this.k = k;
        this.userBias = userBias;
        this.itemBias = itemBias;
        this.P = P;
        this.Q = Q;
        this.min = min;
        this.max = max;
    }

    public static BiasedMf fit(RatingTriples train, RatingParams params) {
        return fit(train, params, 1);
    }

    public static BiasedMf fit(RatingTriples train, RatingParams params, int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        BiasBaseline base = BiasBaseline.fit(train, params);
        int k = params.factors();
        double[] bu = base.userBias.clone();
        double[] bi = base.itemBias.clone();
        double[] P = new double[train.users() * k];
        double[] Q = new double[train.items() * k];
        SplittableRandom random = new SplittableRandom(params.seed());
        for (int j = 0; j < Q.length; j++) Q[j] = 0.1 * random.nextGaussian();
        RatingTriples.Groups byUser = train.group(true);
        RatingTriples.Groups byItem = train.group(false);
        ExecutorService pool = threads == 1 ? null : Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "biased-mf");
            t.setDaemon(true);
            return t;
        });
        try {
            for (int it = 0; it < params.iterations(); it++) {
                sweep(pool, threads, new Side(train, byUser, train.item(), bu, P, bi, Q, base.mu, k, params)); // θ_u given items
                sweep(pool, threads, new Side(train, byItem, train.user(), bi, Q, bu, P, base.mu, k, params)); // θ_i given users
            }
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        return new BiasedMf(base.mu, k, bu, bi, P, Q, base.min, base.max);
    }

    /** One half-iteration: solve every row of {@code bias}/{@code F} given the other side's {@code otherBias}/{@code G}. */
    private record Side(RatingTriples t, RatingTriples.Groups rows, int[] otherOf, double[] bias, double[] F,
                        double[] otherBias, double[] G, double mu, int k, RatingParams params) {}

    private static void sweep(ExecutorService pool, int threads, Side side) {
        int rows = side.bias().length;
        if (pool == null) {
            solveRows(side, 0, rows);
            return;
        }
        List<Future<?>> parts = new ArrayList<>(threads);
        for (int part = 0; part < threads; part++) {
            int from = (int) ((long) rows * part / threads);
            int to = (int) ((long) rows * (part + 1) / threads);
            parts.add(pool.submit(() -> solveRows(side, from, to)));
        }
        try {
            for (Future<?> f : parts) f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while fitting the biased MF", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("the biased MF fit failed: " + e.getCause(), e.getCause());
        }
    }

    /** Solves [bias; factors] of rows [from, to) given the other side's biases and factors. */
    private static void solveRows(Side s, int from, int to) {
        int k = s.k();
        int d = k + 1;
        double[] A = new double[d * d];
        double[] b = new double[d];
        double[] z = new double[d];
        int[] offsets = s.rows().offsets();
        int[] order = s.rows().order();
        float[] values = s.t().value();
        for (int r = from; r < to; r++) {
            int first = offsets[r];
            int end = offsets[r + 1];
            int n = end - first;
            if (n == 0) continue; // never fitted: bias 0 and factors 0 stay
            java.util.Arrays.fill(A, 0);
            java.util.Arrays.fill(b, 0);
            for (int p = first; p < end; p++) {
                int j = order[p];
                int o = s.otherOf()[j];
                z[0] = 1;
                System.arraycopy(s.G(), o * k, z, 1, k);
                double target = values[j] - s.mu() - s.otherBias()[o];
                for (int a = 0; a < d; a++) {
                    double za = z[a];
                    b[a] += target * za;
                    for (int c = 0; c <= a; c++) A[a * d + c] += za * z[c]; // lower triangle of Σ z zᵀ
                }
            }
            A[0] += s.params().biasLambda();
            for (int a = 1; a < d; a++) A[a * d + a] += s.params().lambda() * n;
            solveLowerInPlace(A, b, d);
            s.bias()[r] = b[0];
            System.arraycopy(b, 1, s.F(), r * k, k);
        }
    }

    /** Solves A·x = b for SPD A given by its lower triangle (row-major d × d); x overwrites b, L overwrites A. O(d³/3). */
    static void solveLowerInPlace(double[] A, double[] b, int d) {
        for (int j = 0; j < d; j++) { // A = L·Lᵀ, column by column
            double s = A[j * d + j];
            for (int m = 0; m < j; m++) s -= A[j * d + m] * A[j * d + m];
            if (s <= 0) throw new ArithmeticException("rating MF system not positive definite; increase rating.lambda");
            double ljj = Math.sqrt(s);
            A[j * d + j] = ljj;
            for (int i = j + 1; i < d; i++) {
                double v = A[i * d + j];
                for (int m = 0; m < j; m++) v -= A[i * d + m] * A[j * d + m];
                A[i * d + j] = v / ljj;
            }
        }
        for (int i = 0; i < d; i++) { // L·y = b
            double s = b[i];
            for (int m = 0; m < i; m++) s -= A[i * d + m] * b[m];
            b[i] = s / A[i * d + i];
        }
        for (int i = d - 1; i >= 0; i--) { // Lᵀ·x = y
            double s = b[i];
            for (int m = i + 1; m < d; m++) s -= A[m * d + i] * b[m];
            b[i] = s / A[i * d + i];
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    public int k() {
        return k;
    }

    @Override
    public double predict(int user, int item) {
        double r = mu + (user >= 0 ? userBias[user] : 0) + (item >= 0 ? itemBias[item] : 0);
        if (user >= 0 && item >= 0) {
            for (int a = 0; a < k; a++) r += P[user * k + a] * Q[item * k + a];
        }
        return Math.max(min, Math.min(max, r));
    }
}
