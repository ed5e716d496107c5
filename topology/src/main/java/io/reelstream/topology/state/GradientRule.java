package io.reelstream.topology.state;

import io.reelstream.topology.model.ModelSnapshot;

/**
 * The online rule: old feedback decays, the new swipe pulls the vector towards (or away from) the
 * movie, and the norm is capped so one user's many swipes cannot outgrow the item space:
 * <pre>
 *   p̃  = preference / 2                      ∈ {−1, −½, +½, +1}  (superlike pulls twice a like)
 *   u' = γ·u + η·p̃·m                         γ = decay, η = learning rate, m = the movie's factors
 *   u' ← u' · min(1, maxNorm / ‖u'‖)          max-norm cap
 * </pre>
 * O(k) per swipe. A user without a vector starts from u = 0. {@link #rebuild} replays the history in
 * event-time order from u = 0 against the new model's factors.
 */
public final class GradientRule implements UpdateRule {
    private final double eta;
    private final double decay;
    private final double maxNorm;

    public GradientRule(double learningRate, double decay, double maxNorm) {
        if (!(learningRate > 0) || !(decay > 0 && decay <= 1) || !(maxNorm > 0)) {
            throw new IllegalArgumentException("gradient rule needs learning rate > 0, decay in (0, 1], max norm > 0; got "
                    + learningRate + ", " + decay + ", " + maxNorm);
        }
        this.eta = learningRate;
        this.decay = decay;
        this.maxNorm = maxNorm;
    }

    /** p̃ = preference / 2. */
    public static double scaledPreference(int preference) {
        return preference / 2.0;
    }

    @Override
    public float[] afterSwipe(UserState state, ModelSnapshot model, int movieRow, int preference) {
        float[] u = state.vector() == null ? new float[model.k()] : state.vector().clone();
        step(u, model.factors().values(), movieRow * model.k(), preference);
        return u;
    }

    @Override
    public float[] rebuild(UserState state, ModelSnapshot model) {
        float[] u = new float[model.k()];
        boolean any = false;
        for (int i : state.chronologicalOrder()) {
            int row = model.rowOf(state.movieAt(i));
            if (row < 0) continue;
            step(u, model.factors().values(), row * model.k(), state.preferenceAt(i));
            any = true;
        }
        return any ? u : null;
    }

    /** u ← cap(γ·u + η·p̃·m), in place. */
    void step(float[] u, float[] Y, int off, int preference) {
        double pull = eta * scaledPreference(preference);
        double norm2 = 0;
        for (int a = 0; a < u.length; a++) {
            double v = decay * u[a] + pull * Y[off + a];
            u[a] = (float) v;
            norm2 += v * v;
        }
        double norm = Math.sqrt(norm2);
        if (norm > maxNorm) {
            double scale = maxNorm / norm;
            for (int a = 0; a < u.length; a++) u[a] = (float) (u[a] * scale);
        }
    }
}
