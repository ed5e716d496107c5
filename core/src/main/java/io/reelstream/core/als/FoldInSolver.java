package io.reelstream.core.als;

/**
 * The exact implicit-ALS user solve against fixed items, built once per model and fast for the short
 * histories a stream folds in on every swipe:
 * <pre>
 *   xu = (YᵀY + λI + Σ_i e_i·yi·yiᵀ)⁻¹ · Σ_i c_i·p_i·yi,     e_i = c_i − 1
 * </pre>
 * the equation of {@link UserSolve#solveCholesky}. With YᵀY = V·S·Vᵀ decomposed once
 * ({@link SymmetricEigen}) and every item kept rotated, w_i = Vᵀyi, the matrix is diagonal plus rank
 * m in that basis, D + W·E·Wᵀ with D = S + λI, W = [w_i] over the m entries with e_i > 0 and
 * E = diag(e_i). The Woodbury identity
 * <pre>
 *   (D + W·E·Wᵀ)⁻¹ = D⁻¹ − D⁻¹W·(E⁻¹ + WᵀD⁻¹W)⁻¹·WᵀD⁻¹
 * </pre>
 * turns the k × k solve into an m × m one:
 * <pre>
 *   b̃ = Σ_i c_i·p_i·w_i,   z = D⁻¹b̃,   u_i = D⁻¹w_i,
 *   M = E⁻¹ + [w_i·u_j],   M·t = [u_i·b̃],   x̃ = z − Σ_i t_i·u_i,   xu = V·x̃
 * </pre>
 * Cost O(m²·k + m³ + k²) against Cholesky's O(m·k² + k³): at k = 64 and m = 5 about 7 000
 * multiply-adds instead of about 110 000. M is symmetric positive definite whenever every e_i > 0
 * (E⁻¹ positive diagonal plus a Gram matrix), so its small Cholesky is safe. Histories longer than
 * k/2 entries (trained users), or with a confidence below 1, take the Cholesky solve, where the
 * k × k route is the cheaper or the only valid one.
 *
 * <p>Both routes are exact up to double rounding; they agree to about 10⁻¹² relative, so the float
 * results agree except, rarely, in the last bit. Callers that must reproduce the stream's vectors
 * (the replay oracle) call this class too. Immutable and thread-safe; memory n·k doubles for the
 * rotated items.
 */
public final class FoldInSolver {
    private final float[] Y;
    private final int k;
    private final double[] YtY;
    private final double[] eigenvalues;
    /** V row-major: xu_a = Σ_j V[a·k + j]·x̃_j. */
    private final double[] V;
    /** Items rotated into the eigenbasis, row-major n × k: W[i·k + j] = (Vᵀyi)_j. */
    private final double[] rotated;
    private final int maxWoodbury;

    private FoldInSolver(float[] Y, int rows, int k, double[] YtY) {
        this.Y = Y;
        this.k = k;
        this.YtY = YtY;
        SymmetricEigen eigen = SymmetricEigen.of(YtY, k);
        this.eigenvalues = eigen.values();
        this.V = eigen.vectorsRowMajor();
        this.rotated = new double[rows * k];
        double[] y = new double[k];
        for (int i = 0; i < rows; i++) {
            for (int a = 0; a < k; a++) y[a] = Y[i * k + a];
            int out = i * k;
            for (int a = 0; a < k; a++) { // w_i += y_a · (row a of V), i.e. w_i = Vᵀyi
                double ya = y[a];
                if (ya == 0) continue;
                int vRow = a * k;
                for (int j = 0; j < k; j++) rotated[out + j] += ya * V[vRow + j];
            }
        }
        this.maxWoodbury = Math.max(1, k / 2);
    }

    /**
     * Prepares the solver for items Y (rows × k, row-major) and their gramian YᵀY
     * ({@link UserSolve#gramian}). Cost O(k³) for the eigendecomposition plus O(rows·k²).
     */
    public static FoldInSolver of(float[] Y, int rows, int k, double[] YtY) {
        if (Y.length != rows * k) throw new IllegalArgumentException("Y has " + Y.length + " values, expected " + rows * k);
        return new FoldInSolver(Y, rows, k, YtY);
    }

    public int k() {
        return k;
    }

    /** Histories up to this many entries are solved through the m × m system. */
    public int maxWoodburyEntries() {
        return maxWoodbury;
    }

    /**
     * xu for the first {@code count} observed entries: items[i] (rows of Y), confidence cu[i] and
     * target pu[i], with ridge λ (the trainer's {@code AlsParams.lambdaFor(count, YtY)}).
     */
    public float[] solve(int[] items, float[] cu, float[] pu, int count, double lambda) {
        if (count > maxWoodbury || !everyConfidenceAtLeastOne(cu, count)) {
            return UserSolve.solveCholesky(Y, k, YtY, items, cu, pu, count, lambda);
        }
        return solveWoodbury(items, cu, pu, count, lambda);
    }

    /**
     * {@link FoldInExplanation#contributions} for the same arguments (Y and YᵀY this solver's): the
     * Woodbury route ({@link WoodburyExplanation}) where {@link #solve} takes it, with every confidence
     * above 1 (each entry must be in W), else the k × k Cholesky route. A stream explains every list it
     * emits, so this runs once per swipe.
     */
    public double[][] contributions(int[] items, float[] cu, float[] pu, int count, double lambda, int[] targets) {
        if (count > maxWoodbury || !everyConfidenceAbove(1f, cu, count)) {
            return FoldInExplanation.contributions(Y, k, YtY, items, cu, pu, count, lambda, targets);
        }
        return WoodburyExplanation.contributions(rotated, eigenvalues, k, items, cu, pu, count, lambda, targets);
    }

    /**
     * {@link FoldInExplanation#strongest} of {@link #contributions} for the first {@code targetCount}
     * targets: each one's largest positive contributor (history index), or −1. What a stream's
     * "because you liked …" needs, without the target × history table (on the Woodbury route no
     * allocation but the result).
     */
    public int[] strongest(int[] items, float[] cu, float[] pu, int count, double lambda, int[] targets, int targetCount) {
        if (count > maxWoodbury || !everyConfidenceAbove(1f, cu, count)) {
            int[] firstTargets = java.util.Arrays.copyOf(targets, targetCount);
            return FoldInExplanation.strongest(FoldInExplanation.contributions(Y, k, YtY, items, cu, pu, count, lambda,
                    firstTargets));
        }
        return WoodburyExplanation.strongest(rotated, eigenvalues, k, items, cu, pu, count, lambda, targets, targetCount);
    }

    /** The m × m route, whatever the history length (the tests pin it against Cholesky). */
    float[] solveWoodbury(int[] items, float[] cu, float[] pu, int count, double lambda) {
        Scratch s = Scratch.forThread(k, count);
        final double[] d = s.d, bt = s.bt, x = s.x;
        for (int j = 0; j < k; j++) {
            d[j] = eigenvalues[j] + lambda;
            bt[j] = 0;
        }

        // b̃ = Σ c_i·p_i·w_i over every entry; W keeps the entries with e_i > 0
        final int[] low = s.offsets;
        final double[] e = s.e;
        int m = 0;
        for (int i = 0; i < count; i++) {
            int off = items[i] * k;
            double cp = (double) cu[i] * pu[i];
            if (cp != 0) {
                for (int j = 0; j < k; j++) bt[j] += cp * rotated[off + j];
            }
            double extra = cu[i] - 1.0;
            if (extra > 0) {
                low[m] = off;
                e[m] = extra;
                m++;
            }
        }
        for (int j = 0; j < k; j++) x[j] = bt[j] / d[j]; // z = D⁻¹b̃
        if (m > 0) {
            final double[][] u = s.u; // u_i = D⁻¹w_i
            for (int i = 0; i < m; i++) {
                double[] ui = u[i];
                int off = low[i];
                for (int j = 0; j < k; j++) ui[j] = rotated[off + j] / d[j];
            }
            final double[][] M = s.lower; // lower triangle, the layout Cholesky.solveLower reads (first m rows)
            final double[] r = s.r;
            for (int i = 0; i < m; i++) {
                double[] ui = u[i];
                for (int l = 0; l <= i; l++) {
                    double dot = 0;
                    int off = low[l];
                    for (int j = 0; j < k; j++) dot += ui[j] * rotated[off + j];
                    M[i][l] = dot;
                }
                M[i][i] += 1.0 / e[i];
                double dot = 0;
                for (int j = 0; j < k; j++) dot += ui[j] * bt[j];
                r[i] = dot;
            }
            double[] t = Cholesky.solveLower(M, r, m);
            for (int i = 0; i < m; i++) {
                double ti = t[i];
                double[] ui = u[i];
                for (int j = 0; j < k; j++) x[j] -= ti * ui[j];
            }
        }
        float[] xu = new float[k];
        for (int a = 0; a < k; a++) {
            double sum = 0;
            int vRow = a * k;
            for (int j = 0; j < k; j++) sum += V[vRow + j] * x[j];
            xu[a] = (float) sum;
        }
        return xu;
    }

    /**
     * Per-thread buffers of the Woodbury route (a stream thread folds in on every swipe: without
     * them each solve allocated ~5 KB). Sized for k and grown to the longest history seen.
     */
    private static final class Scratch {
        private static final ThreadLocal<Scratch> BY_THREAD = new ThreadLocal<>();

        final int k;
        final double[] d, bt, x;
        int[] offsets = new int[0];
        double[] e = new double[0], r = new double[0];
        double[][] u = new double[0][];
        /** Row i holds i + 1 entries: the m × m system's lower triangle, overwritten by each solve. */
        double[][] lower = new double[0][];

        private Scratch(int k) {
            this.k = k;
            d = new double[k];
            bt = new double[k];
            x = new double[k];
        }

        static Scratch forThread(int k, int count) {
            Scratch s = BY_THREAD.get();
            if (s == null || s.k != k) {
                s = new Scratch(k);
                BY_THREAD.set(s);
            }
            if (s.offsets.length < count) {
                s.offsets = new int[count];
                s.e = new double[count];
                s.r = new double[count];
                double[][] u = java.util.Arrays.copyOf(s.u, count);
                double[][] lower = java.util.Arrays.copyOf(s.lower, count);
                for (int i = s.u.length; i < count; i++) {
                    u[i] = new double[k];
                    lower[i] = new double[i + 1];
                }
                s.u = u;
                s.lower = lower;
            }
            return s;
        }
    }

    private static boolean everyConfidenceAbove(float floor, float[] cu, int count) {
        for (int i = 0; i < count; i++) if (!(cu[i] > floor)) return false;
        return true;
    }

    private static boolean everyConfidenceAtLeastOne(float[] cu, int count) {
        for (int i = 0; i < count; i++) if (!(cu[i] >= 1f)) return false;
        return true;
    }
}
