package io.reelstream.core.als;

import io.reelstream.core.preference.Preference;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Implicit-feedback ALS (Hu, Koren and Volinsky, 2008) with conjugate-gradient row solves
 * (Takács, Pilászy and Tikk, 2011). Minimises
 *
 * <pre>
 *   Σ_u Σ_i c_ui (p_ui − xu·yi)²  +  Σ_u λ_u ‖xu‖²  +  Σ_i λ_i ‖yi‖²
 *   p_ui = [preference > 0],  c_ui = 1 + α·|preference| on observed entries; p = 0, c = 1 elsewhere
 * </pre>
 *
 * by alternating sweeps: every xu given Y, then every yi given X, each row by {@link UserSolve}
 * (the same code the streaming fold-in runs). Cost of one sweep over the rows of R given the
 * fixed side F (n rows): O(n·k²) for FᵀF once, plus O((s + 1)·nnz·k + rows·s·k²) for s CG steps
 * (O(nnz·k² + rows·k³) with Cholesky).
 *
 * <p>Deterministic for a seed whatever the thread count or timing: each row's solve reads only the
 * fixed side and its own previous value, and the gramian and loss are summed over fixed blocks of
 * rows in block order, so threads only decide who computes a block, never what it holds.
 */
public final class ImplicitAls {
    /** Rows per unit of work handed to a thread; also the fixed block of the gramian and loss sums. */
    static final int BLOCK_ROWS = 512;

    private ImplicitAls() {}

    /**
     * Fits X and Y to the user × item swipes; reports each iteration to the listener, which may
     * stop the fit early ({@link AlsListener#continueAfter}).
     */
    public static AlsModel fit(Interactions userItems, AlsParams params, AlsListener listener) {
        int k = params.factors();
        int users = userItems.rows();
        int items = userItems.cols();
        if ((long) users * k > Integer.MAX_VALUE || (long) items * k > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("factor matrix of " + Math.max(users, items) + " rows x k " + k
                    + " exceeds 2^31 floats; lower --factors");
        }
        Interactions itemUsers = userItems.transpose();
        SplittableRandom random = new SplittableRandom(params.seed());
        float[] X = initialFactors(users, k, params.initScale(), random);
        float[] Y = initialFactors(items, k, params.initScale(), random);

        ExecutorService pool = params.threads() > 1 ? Executors.newFixedThreadPool(params.threads(), r -> {
            Thread t = new Thread(r, "als-worker");
            t.setDaemon(true);
            return t;
        }) : null;
        try {
            Worker workers = new Worker(pool, params.threads());
            UserSolve.Scratch[] scratch = new UserSolve.Scratch[params.threads()];
            int maxRow = Math.max(userItems.maxRowCount(), itemUsers.maxRowCount());
            for (int t = 0; t < scratch.length; t++) scratch[t] = new UserSolve.Scratch(k, maxRow);

            for (int it = 1; it <= params.iterations(); it++) {
                long t0 = System.nanoTime();
                sweep(userItems, X, Y, params, workers, scratch); // xu given Y
                sweep(itemUsers, Y, X, params, workers, scratch); // yi given X
                long nanos = System.nanoTime() - t0;
                double loss = params.computeLoss() ? loss(userItems, X, Y, itemUsers, params, workers) : Double.NaN;
                listener.onIteration(it, loss, nanos);
                if (!listener.continueAfter(it, new AlsModel(users, items, k, X, Y))) break;
            }
        } finally {
            if (pool != null) pool.shutdownNow();
        }
        return new AlsModel(users, items, k, X, Y);
    }

    /**
     * The full objective (see the class comment) of factors X, Y on the swipes: Σ_u rowLoss(xu)
     * plus the items' ridge term Σ_i λ_i‖yi‖². Cost O(n·k² + nnz·k + rows·k²): about one CG pass.
     */
    public static double loss(Interactions userItems, float[] X, float[] Y, Interactions itemUsers,
                              AlsParams params, int threads) {
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        try {
            return loss(userItems, X, Y, itemUsers, params, new Worker(pool, threads));
        } finally {
            if (pool != null) pool.shutdownNow();
        }
    }

    /** FᵀF of n rows of F (row-major n × k) on the given number of threads; see the blocked form below. */
    public static double[] gramian(float[] F, int n, int k, int threads) {
        ExecutorService pool = threads > 1 ? Executors.newFixedThreadPool(threads) : null;
        try {
            return gramian(F, n, k, new Worker(pool, threads));
        } finally {
            if (pool != null) pool.shutdownNow();
        }
    }

    /** N(0, 1)·scale/√k entries: small and symmetric, so the first sweep is not dominated by init. */
    static float[] initialFactors(int rows, int k, double scale, SplittableRandom random) {
        float[] F = new float[rows * k];
        double s = scale / Math.sqrt(k);
        for (int i = 0; i < F.length; i++) F[i] = (float) (random.nextGaussian() * s);
        return F;
    }

    /** Solves every row of X given the fixed factors F: one half of an ALS iteration. */
    private static void sweep(Interactions R, float[] X, float[] F, AlsParams params, Worker workers,
                              UserSolve.Scratch[] scratch) {
        int k = params.factors();
        double[] FtF = gramian(F, R.cols(), k, workers); // O(n·k²), once per sweep
        float[][] FtFf = UserSolve.toFloatRows(FtF, k);
        float alpha = params.alpha();
        int cg = params.cgSteps();

        workers.forEachBlock(R.rows(), (thread, from, to) -> {
            UserSolve.Scratch s = scratch[thread];
            for (int u = from; u < to; u++) {
                int count = fillRow(R, u, alpha, s);
                int off = u * k;
                if (count == 0) { // no swipes: b = 0, so xu = 0
                    java.util.Arrays.fill(X, off, off + k, 0f);
                    continue;
                }
                double lambda = params.lambdaFor(count, FtF);
                if (cg > 0) {
                    UserSolve.solveCG(F, k, FtFf, s.items(), s.cu(), s.pu(), count, lambda, X, off, cg, s);
                } else {
                    float[] xu = UserSolve.solveCholesky(F, k, FtF, s.items(), s.cu(), s.pu(), count, lambda);
                    System.arraycopy(xu, 0, X, off, k);
                }
            }
            return 0;
        });
    }

    /** Copies row u's entries into the scratch as (index, c = 1 + α|pref|, p = [pref > 0]). O(nu). */
    private static int fillRow(Interactions R, int u, float alpha, UserSolve.Scratch s) {
        int start = R.start(u);
        int count = R.end(u) - start;
        int[] items = s.items();
        float[] cu = s.cu();
        float[] pu = s.pu();
        for (int j = 0; j < count; j++) {
            int pref = R.preference(start + j);
            items[j] = R.col(start + j);
            cu[j] = Preference.confidence(pref, alpha);
            pu[j] = Preference.target(pref);
        }
        return count;
    }

    /**
     * FᵀF summed over fixed blocks of rows: each block accumulates in float (vectorised
     * row-by-row rank-1 updates), blocks are added in order in double. O(n·k²). The full square is
     * accumulated, not a triangle: twice the flops, but vectorised and no mirroring.
     */
    static double[] gramian(float[] F, int n, int k, Worker workers) {
        int blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS;
        double[][] partial = new double[blocks][];
        workers.forEachBlock(n, (thread, from, to) -> {
            float[][] G = new float[k][k];
            float[] fi = new float[k];
            for (int i = from; i < to; i++) {
                System.arraycopy(F, i * k, fi, 0, k); // zero-offset copy: the axpys below vectorise
                for (int a = 0; a < k; a++) UserSolve.axpy0(fi[a], fi, G[a], k); // G[a,·] += fi[a]·fi
            }
            double[] D = new double[k * k];
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) D[a * k + b] = G[a][b];
            }
            partial[from / BLOCK_ROWS] = D;
            return 0;
        });
        double[] FtF = new double[k * k];
        for (double[] D : partial) {
            for (int a = 0; a < k * k; a++) FtF[a] += D[a];
        }
        return FtF;
    }

    private static double loss(Interactions userItems, float[] X, float[] Y, Interactions itemUsers,
                               AlsParams params, Worker workers) {
        int k = params.factors();
        double[] YtY = gramian(Y, userItems.cols(), k, workers);
        double[] XtX = gramian(X, userItems.rows(), k, workers); // the items' λ_i is relative to it
        int blocks = (userItems.rows() + BLOCK_ROWS - 1) / BLOCK_ROWS;
        double[] userPart = new double[blocks];
        float alpha = params.alpha();
        workers.forEachBlock(userItems.rows(), (thread, from, to) -> {
            UserSolve.Scratch s = new UserSolve.Scratch(k, 16);
            float[] xu = new float[k];
            double sum = 0;
            for (int u = from; u < to; u++) {
                s.ensureCapacity(userItems.count(u));
                int count = fillRow(userItems, u, alpha, s);
                System.arraycopy(X, u * k, xu, 0, k);
                sum += UserSolve.rowLoss(Y, k, YtY, s.items(), s.cu(), s.pu(), count, params.lambdaFor(count, YtY), xu);
            }
            userPart[from / BLOCK_ROWS] = sum;
            return 0;
        });
        double total = 0;
        for (double v : userPart) total += v;
        for (int i = 0; i < itemUsers.rows(); i++) {
            double norm = UserSolve.dot(Y, i * k, Y, i * k, k);
            total += params.lambdaFor(itemUsers.count(i), XtX) * norm;
        }
        return total;
    }

    /** Work of one block of rows [from, to) on a given worker thread (0-based). */
    @FunctionalInterface
    interface BlockTask {
        int run(int thread, int from, int to);
    }

    /** Hands fixed blocks of BLOCK_ROWS rows to the threads through a shared counter. */
    static final class Worker {
        private final ExecutorService pool;
        private final int threads;

        Worker(ExecutorService pool, int threads) {
            this.pool = pool;
            this.threads = pool == null ? 1 : threads;
        }

        void forEachBlock(int rows, BlockTask task) {
            int blocks = (rows + BLOCK_ROWS - 1) / BLOCK_ROWS;
            AtomicInteger next = new AtomicInteger();
            if (threads == 1) {
                runBlocks(0, rows, blocks, next, task);
                return;
            }
            List<Future<?>> futures = new ArrayList<>(threads);
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(pool.submit(() -> runBlocks(thread, rows, blocks, next, task)));
            }
            try {
                for (Future<?> f : futures) f.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("ALS sweep interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) throw re;
                throw new IllegalStateException("ALS sweep failed: " + cause, cause);
            }
        }

        private static void runBlocks(int thread, int rows, int blocks, AtomicInteger next, BlockTask task) {
            for (int b = next.getAndIncrement(); b < blocks; b = next.getAndIncrement()) {
                task.run(thread, b * BLOCK_ROWS, Math.min(rows, (b + 1) * BLOCK_ROWS));
            }
        }
    }
}
