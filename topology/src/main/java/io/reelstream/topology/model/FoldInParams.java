package io.reelstream.topology.model;

import io.reelstream.core.preference.Preference;

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
    /** The trainer's shipped defaults (core AlsParams: λ = 0.1 frequency-scaled, α = 15). */
    public static final FoldInParams TRAINER_DEFAULTS = new FoldInParams(0.1, Preference.DEFAULT_ALPHA, true);

    /** λ_u for a user with {@code count} observed swipes. */
    public double lambdaFor(int count) {
        return frequencyScaled ? lambda * Math.max(1, count) : lambda;
    }
}
