package io.reelstream.trainer.rating;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * RMSE and MAE of a rating predictor on a scored slice's ratings (every rating of the slice, liked
 * or not):
 * <pre>
 *   RMSE = √(Σ (r − r̂)² / n),   MAE = Σ |r − r̂| / n
 * </pre>
 */
public record RatingErrors(String model, long ratings, double rmse, double mae) {

    public static RatingErrors of(RatingPredictor predictor, RatingTriples scored) {
        double squared = 0;
        double absolute = 0;
        for (int j = 0; j < scored.size(); j++) {
            double e = scored.value()[j] - predictor.predict(scored.user()[j], scored.item()[j]);
            squared += e * e;
            absolute += Math.abs(e);
        }
        int n = scored.size();
        return new RatingErrors(predictor.name(), n, n == 0 ? Double.NaN : Math.sqrt(squared / n),
                n == 0 ? Double.NaN : absolute / n);
    }

    /** The baseline and the MF fitted on train, each scored on the scored slice. */
    public static List<RatingErrors> evaluate(RatingTriples train, RatingTriples scored, RatingParams params) {
        return evaluate(train, scored, params, 1);
    }

    /** The same, the MF fitted on {@code threads} threads (the same factors for any count). */
    public static List<RatingErrors> evaluate(RatingTriples train, RatingTriples scored, RatingParams params, int threads) {
        List<RatingErrors> out = new ArrayList<>();
        out.add(of(BiasBaseline.fit(train, params), scored));
        out.add(of(BiasedMf.fit(train, params, threads), scored));
        return out;
    }

    /** A small fixed-width table: model, ratings, RMSE, MAE. */
    public static String table(List<RatingErrors> rows, String sliceDescription) {
        StringBuilder sb = new StringBuilder();
        sb.append("rating prediction (").append(sliceDescription).append(")").append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "%-16s %8s %10s %10s%n", "model", "ratings", "RMSE", "MAE"));
        for (RatingErrors e : rows) {
            sb.append(String.format(Locale.ROOT, "%-16s %8d %10.4f %10.4f%n", e.model(), e.ratings(), e.rmse(), e.mae()));
        }
        return sb.toString();
    }
}
