package io.reelstream.lifecycle.service;

import io.reelstream.lifecycle.drift.PopularityBins;
import io.reelstream.lifecycle.drift.PreferenceMix;
import io.reelstream.lifecycle.drift.Psi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What the swipe stream is compared with for drift: the training data's preference mix and its item
 * popularity deciles ({@link PopularityBins}: items ranked by their count in the training data).
 *
 * <p>The preference mix comes from the production entry's offline metrics
 * {@code data.preference.-2|-1|1|2} when the publisher wrote them, else from the training ratings.
 * The popularity deciles come from the training ratings' counts per movie: the shares of a decile
 * need counts, which the item-embeddings rows do not carry ({@code popularityRank} orders movies by
 * a Bayesian-average score, not by how often they were rated).
 *
 * @param preferenceCounts training ratings per preference bin (−2, −1, +1, +2)
 * @param popularity       the deciles and their training shares
 * @param source           where the reference came from, for the log
 */
public record DriftReference(long[] preferenceCounts, PopularityBins popularity, String source) {
    /** Offline-metrics keys of the training data's preference counts, as the publisher writes them. */
    public static final List<String> PREFERENCE_KEYS = List.of("data.preference.-2", "data.preference.-1",
            "data.preference.1", "data.preference.2");

    /** The reference of training data with these counts; the production entry's offline metrics may override the mix. */
    public static DriftReference of(RatingsFiles.Counts training, Map<String, Double> offlineMetrics, String what) {
        long[] prefs = training.preferences().clone();
        String source = "preference mix and popularity of " + training.rows() + " ratings in " + what;
        if (offlineMetrics != null && PREFERENCE_KEYS.stream().allMatch(offlineMetrics::containsKey)) {
            for (int b = 0; b < prefs.length; b++) prefs[b] = Math.round(offlineMetrics.get(PREFERENCE_KEYS.get(b)));
            source = "preference mix of the production entry's data.preference.*; popularity of " + training.rows()
                    + " ratings in " + what;
        }
        return new DriftReference(prefs, PopularityBins.fromTrainingCounts(training.perMovie()), source);
    }

    /** PSI of the swipes since the last retrain against this reference; empty when there are none. */
    public List<Psi.Result> readings(FeedbackLog log) {
        if (log.count() == 0) return List.of();
        List<Psi.Result> out = new ArrayList<>(2);
        if (java.util.Arrays.stream(preferenceCounts).sum() > 0) {
            out.add(PreferenceMix.psi(preferenceCounts, log.preferenceCounts()));
        }
        long[] bins = new long[PopularityBins.DECILES + 1];
        log.perMovie().forEach((movie, n) -> bins[popularity.bin(movie)] += n);
        out.add(popularity.psi(bins));
        return out;
    }
}
