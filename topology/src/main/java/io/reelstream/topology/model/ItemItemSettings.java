package io.reelstream.topology.model;

import io.reelstream.core.itemitem.PreferenceWeights;
import io.reelstream.core.recency.RecencyWeights;

import java.util.Map;
import java.util.function.Function;

/**
 * How an item-to-item version weighs a user's history: the recency function and x(preference).
 * They must equal what the trainer evaluated, so they come from the version's marker settings
 * (the trainer writes its resolved config keys there), a topology config value overriding.
 */
public record ItemItemSettings(RecencyWeights recency, PreferenceWeights preferences) {
    public static final String RECENCY_HALF_LIFE_SWIPES_KEY = "recency.half.life.swipes";
    public static final String RECENCY_FLOOR_KEY = "recency.floor";
    public static final String RECENCY_HALF_LIFE_DAYS_KEY = "recency.half.life.days";
    public static final String DISLIKE_WEIGHT_KEY = "itemitem.dislike.weight";
    public static final String SUPERLIKE_WEIGHT_KEY = "itemitem.superlike.weight";

    /**
     * Used only when neither the marker nor the config says: the trainer's shipped defaults (likes 1,
     * dislikes −0.25, half-life 5 swipes, floor 0.1; offline-trainer TrainerConfig).
     */
    public static final ItemItemSettings FALLBACK = new ItemItemSettings(RecencyWeights.bySwipes(5, 0.1),
            PreferenceWeights.of(-0.25f));

    /**
     * Reads the settings from {@code overrides} (config, wins) then {@code marker}, else {@link #FALLBACK}.
     *
     * @throws IllegalArgumentException naming the key when a value is not a number or out of range
     */
    public static ItemItemSettings resolve(Map<String, String> marker, Map<String, String> overrides) {
        Function<String, String> get = key -> {
            String v = overrides.get(key);
            if (v == null || v.isBlank()) v = marker.get(key);
            return v == null || v.isBlank() ? null : v.trim();
        };
        RecencyWeights r = FALLBACK.recency();
        PreferenceWeights p = FALLBACK.preferences();
        double halfLife = number(get, RECENCY_HALF_LIFE_SWIPES_KEY, r.halfLifeSwipes());
        double floor = number(get, RECENCY_FLOOR_KEY, r.floor());
        double days = number(get, RECENCY_HALF_LIFE_DAYS_KEY, r.halfLifeDays());
        float dislike = (float) number(get, DISLIKE_WEIGHT_KEY, p.dislike());
        float superlike = (float) number(get, SUPERLIKE_WEIGHT_KEY, p.superlike());
        try {
            return new ItemItemSettings(new RecencyWeights(halfLife, floor, days),
                    new PreferenceWeights(superlike, p.like(), dislike, dislike));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("item-to-item settings: " + e.getMessage());
        }
    }

    private static double number(Function<String, String> get, String key, double fallback) {
        String v = get.apply(key);
        if (v == null) return fallback;
        if (v.equalsIgnoreCase("off") || v.equalsIgnoreCase("infinity")) return Double.POSITIVE_INFINITY;
        try {
            return Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " = '" + v + "' is not a number");
        }
    }
}
