package io.reelstream.topology.model;

import io.reelstream.core.als.AlsParams;
import io.reelstream.core.als.AlsParams.Regularization;

/**
 * The regularisation and confidence of the streaming fold-in. They must equal the trainer's, or a
 * folded-in user and a batch-trained user would not live in the same space: so they come from the
 * model marker when it carries them, an explicit config value overriding (see TopologyConfig).
 *
 * @param lambda λ of xu = (YᵀY + Yᵀ(Cu − I)Y + λ_u·I)⁻¹ YᵀCu pu
 * @param alpha α of the confidence c = 1 + α·|preference|
 * @param regularization how λ_u follows from λ: CONSTANT λ, FREQUENCY λ·n_u, RELATIVE λ·(tr(YᵀY)/k)·√n_u
 */
public record FoldInParams(double lambda, float alpha, Regularization regularization) {
    /** The trainer's shipped defaults, read from core {@link AlsParams} so the two cannot drift. */
    public static final FoldInParams TRAINER_DEFAULTS = new FoldInParams(AlsParams.DEFAULT_LAMBDA,
            AlsParams.DEFAULT_ALPHA, AlsParams.DEFAULT_REGULARIZATION);

    public FoldInParams {
        if (!(lambda >= 0) || !(alpha >= 0) || regularization == null) {
            throw new IllegalArgumentException("fold-in needs lambda >= 0, alpha >= 0 and a regularization; got "
                    + lambda + ", " + alpha + ", " + regularization);
        }
    }

    /**
     * λ_u for a user with {@code count} observed swipes against items with gramian YᵀY: core's
     * {@link AlsParams#lambdaFor(int, double[])}, the formula the trainer's sweeps use.
     */
    public double lambdaFor(int count, double[] YtY) {
        return AlsParams.lambdaFor(regularization, lambda, count, YtY);
    }
}
