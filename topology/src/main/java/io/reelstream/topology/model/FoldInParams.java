package io.reelstream.topology.model;

import io.reelstream.core.als.AlsParams;

/**
 * The regularisation and confidence of the streaming fold-in. They must equal the trainer's, or a
 * folded-in user and a batch-trained user would not live in the same space: so they come from the
 * model marker when it carries them, an explicit config value overriding (see TopologyConfig).
 *
 * @param lambda λ of xu = (YᵀY + Yᵀ(Cu − I)Y + λ_u·I)⁻¹ YᵀCu pu
 * @param alpha α of the confidence c = 1 + α·|preference|
 * @param frequencyScaled λ_u = λ·n_u (ALS-WR, the trainer's default) instead of λ
 */
public record FoldInParams(double lambda, float alpha, boolean frequencyScaled) {
    /** The trainer's shipped defaults, read from core {@link AlsParams} so the two cannot drift. */
    public static final FoldInParams TRAINER_DEFAULTS = new FoldInParams(AlsParams.DEFAULT_LAMBDA,
            AlsParams.DEFAULT_ALPHA, AlsParams.DEFAULT_REGULARIZATION == AlsParams.Regularization.FREQUENCY);

    /** λ_u for a user with {@code count} observed swipes. */
    public double lambdaFor(int count) {
        return frequencyScaled ? lambda * Math.max(1, count) : lambda;
    }
}
