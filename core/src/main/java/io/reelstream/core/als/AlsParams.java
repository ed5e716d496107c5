package io.reelstream.core.als;

import io.reelstream.core.preference.Preference;

/**
 * Hyper-parameters of {@link ImplicitAls}. {@link #defaults()} are the shipped values; each
 * {@code withX} returns a copy with one field changed.
 *
 * <ul>
 *   <li>{@code factors} k — latent dimensions.</li>
 *   <li>{@code iterations} — alternating sweep pairs (users given items, then items given users).</li>
 *   <li>{@code lambda} λ and {@code regularization} — the ridge term of each row solve is
 *       λ (CONSTANT) or λ·n_row (FREQUENCY, "ALS-WR", Zhou et al. 2008: n_row = the row's
 *       observed entries), so a row with many swipes is not over-shrunk relative to one with few.</li>
 *   <li>{@code alpha} α — confidence c = 1 + α·|preference| (PROTOCOL.md).</li>
 *   <li>{@code cgSteps} — conjugate-gradient steps per row solve, warm-started from the previous
 *       sweep; 0 = exact Cholesky solve (slow reference, O(k³) per row).</li>
 *   <li>{@code threads} — worker threads; results do not depend on it.</li>
 *   <li>{@code seed} — initial factors are N(0, 1)·initScale/√k drawn from this seed.</li>
 *   <li>{@code computeLoss} — report the objective per iteration (one extra pass over users).</li>
 * </ul>
 */
public record AlsParams(int factors, int iterations, double lambda, Regularization regularization, float alpha,
                        int cgSteps, int threads, long seed, double initScale, boolean computeLoss) {

    /** How λ is applied to a row solve. */
    public enum Regularization {
        /** λ for every row (implicit's and Hu et al.'s choice). */
        CONSTANT,
        /** λ·n_row, n_row = observed entries of the row (ALS-WR; Spark scales its λ this way too). */
        FREQUENCY
    }

    public static final int DEFAULT_FACTORS = 64;
    public static final int DEFAULT_ITERATIONS = 15;
    public static final double DEFAULT_LAMBDA = 0.1;
    public static final Regularization DEFAULT_REGULARIZATION = Regularization.FREQUENCY;
    public static final float DEFAULT_ALPHA = Preference.DEFAULT_ALPHA;
    public static final int DEFAULT_CG_STEPS = 3;
    public static final long DEFAULT_SEED = 42L;
    public static final double DEFAULT_INIT_SCALE = 0.1;

    public AlsParams {
        require(factors > 0, "factors must be > 0, got " + factors);
        require(iterations >= 0, "iterations must be >= 0, got " + iterations);
        require(lambda >= 0 && Double.isFinite(lambda), "lambda must be a finite number >= 0, got " + lambda);
        require(regularization != null, "regularization must be CONSTANT or FREQUENCY, got null");
        require(alpha >= 0 && Float.isFinite(alpha), "alpha must be a finite number >= 0, got " + alpha);
        require(cgSteps >= 0, "cgSteps must be >= 0 (0 = Cholesky), got " + cgSteps);
        require(threads > 0, "threads must be > 0, got " + threads);
        require(initScale > 0 && Double.isFinite(initScale), "initScale must be > 0, got " + initScale);
    }

    /** The shipped defaults; threads = available processors. */
    public static AlsParams defaults() {
        return new AlsParams(DEFAULT_FACTORS, DEFAULT_ITERATIONS, DEFAULT_LAMBDA, DEFAULT_REGULARIZATION,
                DEFAULT_ALPHA, DEFAULT_CG_STEPS, Runtime.getRuntime().availableProcessors(), DEFAULT_SEED,
                DEFAULT_INIT_SCALE, false);
    }

    /** λ for a row with {@code count} observed entries. */
    public double lambdaFor(int count) {
        return regularization == Regularization.FREQUENCY ? lambda * count : lambda;
    }

    public AlsParams withFactors(int v) {
        return new AlsParams(v, iterations, lambda, regularization, alpha, cgSteps, threads, seed, initScale, computeLoss);
    }

    public AlsParams withIterations(int v) {
        return new AlsParams(factors, v, lambda, regularization, alpha, cgSteps, threads, seed, initScale, computeLoss);
    }

    public AlsParams withLambda(double v) {
        return new AlsParams(factors, iterations, v, regularization, alpha, cgSteps, threads, seed, initScale, computeLoss);
    }

    public AlsParams withRegularization(Regularization v) {
        return new AlsParams(factors, iterations, lambda, v, alpha, cgSteps, threads, seed, initScale, computeLoss);
    }

    public AlsParams withAlpha(float v) {
        return new AlsParams(factors, iterations, lambda, regularization, v, cgSteps, threads, seed, initScale, computeLoss);
    }

    public AlsParams withCgSteps(int v) {
        return new AlsParams(factors, iterations, lambda, regularization, alpha, v, threads, seed, initScale, computeLoss);
    }

    public AlsParams withThreads(int v) {
        return new AlsParams(factors, iterations, lambda, regularization, alpha, cgSteps, v, seed, initScale, computeLoss);
    }

    public AlsParams withSeed(long v) {
        return new AlsParams(factors, iterations, lambda, regularization, alpha, cgSteps, threads, v, initScale, computeLoss);
    }

    public AlsParams withInitScale(double v) {
        return new AlsParams(factors, iterations, lambda, regularization, alpha, cgSteps, threads, seed, v, computeLoss);
    }

    public AlsParams withComputeLoss(boolean v) {
        return new AlsParams(factors, iterations, lambda, regularization, alpha, cgSteps, threads, seed, initScale, v);
    }

    private static void require(boolean ok, String message) {
        if (!ok) throw new IllegalArgumentException("invalid ALS parameter: " + message);
    }
}
