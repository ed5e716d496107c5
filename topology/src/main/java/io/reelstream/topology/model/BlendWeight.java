package io.reelstream.topology.model;

import io.reelstream.core.blend.BlendScorer;
import io.reelstream.core.model.ModelKind;

import java.util.Map;

/**
 * β of a blend version (core BlendScorer: score = (1 − β)·ii/max|ii| + β·als/max|als|), read from the
 * marker's settings under the trainer's key, so the stream blends with the weight the trainer evaluated.
 */
public final class BlendWeight {
    /** The marker settings key (offline-trainer TrainerConfig.BLEND_WEIGHT_CONFIG). */
    public static final String KEY = "blend.weight";
    /** Used only when a blend marker does not say: the trainer's shipped default. */
    public static final float FALLBACK = 0.4f;

    private BlendWeight() {}

    /**
     * The version's β: the marker's value for a blend version (the fallback when absent), NaN for
     * other kinds, which never blend.
     *
     * @throws IllegalArgumentException in one line naming the key, the value and the allowed range
     */
    public static float of(ModelKind kind, Map<String, String> markerSettings) {
        if (kind != ModelKind.BLEND) return Float.NaN;
        String v = markerSettings == null ? null : markerSettings.get(KEY);
        if (v == null || v.isBlank()) return FALLBACK;
        double beta;
        try {
            beta = Double.parseDouble(v.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(KEY + " = '" + v + "' in the marker is not a number; republish with a weight in [0, 1]");
        }
        try {
            return BlendScorer.requireWeight(beta);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY + " = '" + v + "' in the marker: " + e.getMessage() + "; republish with a"
                    + " weight in [0, 1]");
        }
    }
}
