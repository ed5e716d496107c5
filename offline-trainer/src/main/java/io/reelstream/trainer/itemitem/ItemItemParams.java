package io.reelstream.trainer.itemitem;

import io.reelstream.core.itemitem.PreferenceWeights;

/**
 * How the item-to-item model is fitted.
 *
 * @param lambda           EASE's ridge: absolute, or a multiple of mean diag(XᵀX) (see {@link LambdaMode})
 * @param lambdaMode       how {@code lambda} is read
 * @param neighbours       M, the neighbours kept per item in the serving form
 * @param weights          x(p), the value a swipe puts in X (and in a history when scoring)
 * @param maxDenseItems    the dense path's cap: at most this many items go through the n × n solve
 * @param scalable         items beyond the cap: the scalable path (true) or a one-line error (false)
 * @param sparseCandidates K, the head items each tail item's sparse ridge regresses on
 */
public record ItemItemParams(double lambda, LambdaMode lambdaMode, int neighbours, PreferenceWeights weights,
                             int maxDenseItems, boolean scalable, int sparseCandidates) {

    /** λ as given, or λ · mean_i diag(XᵀX)_i over the fitted items (one default for data of any size). */
    public enum LambdaMode { ABSOLUTE, RELATIVE }

    public ItemItemParams {
        if (!(lambda > 0) || !Double.isFinite(lambda)) throw new IllegalArgumentException("itemitem lambda must be > 0, got " + lambda);
        if (neighbours <= 0) throw new IllegalArgumentException("itemitem neighbours M must be > 0, got " + neighbours);
        if (maxDenseItems <= 0 || maxDenseItems > XtX.MAX_DENSE_N) {
            throw new IllegalArgumentException("itemitem max dense items must be in [1, " + XtX.MAX_DENSE_N + "], got " + maxDenseItems);
        }
        if (sparseCandidates <= 0) throw new IllegalArgumentException("itemitem sparse candidates must be > 0, got " + sparseCandidates);
    }

    /** The λ the solve uses, given diag(XᵀX) over every fitted item. */
    public double effectiveLambda(double[] diagonal) {
        if (lambdaMode == LambdaMode.ABSOLUTE) return lambda;
        double sum = 0;
        for (double d : diagonal) sum += d;
        double mean = diagonal.length == 0 ? 1 : sum / diagonal.length;
        return lambda * Math.max(mean, 1e-6);
    }
}
